import type { Attachment } from '@bangban/shared';
import { errorMessage } from '../../app/api.ts';
import type { ConnectionState, RealtimeAuth, RealtimeSocket } from '../../app/realtime.ts';
import { useRealtime } from '../../app/useRealtime.ts';
import type { ChatStore } from './chatStore.ts';
import { postMessage } from './useDesk.ts';

const STAFF: RealtimeAuth = { kind: 'staff' };

/** One staff socket (session cookie) for the page's lifetime. */
export function useStaffSocket(): { socket: RealtimeSocket | null; state: ConnectionState } {
  return useRealtime(STAFF);
}

/** How long a send over the socket may take before the same message (same clientId) goes by HTTP instead. */
const SOCKET_SEND_TIMEOUT_MS = 8_000;

function newClientId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Sends one message: over the socket when it is open, else (or when the socket does not acknowledge in time)
 * by POST …/messages with the same clientId; the server stores it once either way. Until the stored message
 * comes back it is shown as pending; a failure leaves it with a retry button.
 */
export async function sendMessage(
  socket: RealtimeSocket | null,
  store: ChatStore,
  conversationId: string,
  input: { text: string; attachment: Attachment | null; clientId?: string },
): Promise<void> {
  const clientId = input.clientId ?? newClientId();
  store.addPending(conversationId, { clientId, text: input.text, attachment: input.attachment, status: 'sending', createdAt: new Date().toISOString() });
  const attachmentId = input.attachment?.id;
  if (socket?.state === 'open') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        socket.send(conversationId, { clientId, body: input.text, ...(attachmentId && { attachmentId }) }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), SOCKET_SEND_TIMEOUT_MS);
        }),
      ]);
      return;
    } catch {
      // fall through to HTTP: same clientId, so never stored twice
    } finally {
      clearTimeout(timer);
    }
  }
  try {
    const message = await postMessage(conversationId, { clientId, text: input.text, ...(attachmentId && { attachmentId }) });
    store.merge(conversationId, [message]);
  } catch (error) {
    store.failPending(conversationId, clientId, errorMessage(error));
    throw error;
  }
}
