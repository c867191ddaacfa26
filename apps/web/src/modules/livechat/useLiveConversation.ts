// One citizen's live conversation with an agent: its state (queue, ticket, serving, closed), the messages,
// what the citizen is sending, and the agent's typing and read receipts. REST for the first load and as a
// fallback; the WebSocket (app/realtime.ts) for everything live.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment, AttachmentKind, ChatMessage, CitizenConversation, ServerFrame } from '@bangban/shared';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useRealtime, useRealtimeFrames } from '../../app/useRealtime.ts';
import type { RealtimeAuth } from '../../app/realtime.ts';
import { citizenToken } from '../assistant/assistantApi.ts';
import { isAbort } from '../../app/upload.ts';
import { liveApi } from './liveApi.ts';

export type OutgoingStatus = 'uploading' | 'sending' | 'sent' | 'failed';

export interface OutgoingFile {
  blob: Blob;
  name: string;
  kind: AttachmentKind;
}

/** A message the citizen sent that is not (yet) in the stored sequence. */
export interface Outgoing {
  clientId: string;
  text: string;
  file: OutgoingFile | null;
  /** Set once uploaded: a retry sends it again without uploading twice. */
  attachment: Attachment | null;
  status: OutgoingStatus;
  error: string | null;
  /** False for errors a retry cannot fix (too large, wrong type): the citizen can only remove the message. */
  retryable: boolean;
  seq: number | null;
  /** 0…1 while the file goes out. */
  progress?: number;
}

/** Ack not back in this time: send it over HTTP instead (the server keeps one copy per clientId). */
const SOCKET_SEND_TIMEOUT_MS = 10_000;
/** How long "工作人员正在输入…" stays after the last typing frame. */
const TYPING_SHOWN_MS = 6_000;
const MESSAGES_PAGE = 500;
const NOT_RETRYABLE = new Set(['ATTACHMENT_TOO_LARGE', 'ATTACHMENT_TYPE_NOT_ALLOWED', 'ATTACHMENT_UNSAFE_TYPE', 'ATTACHMENT_EMPTY', 'VALIDATION_FAILED', 'CONVERSATION_BAD_TRANSITION']);
const GONE = new Set(['CONVERSATION_NOT_FOUND', 'CITIZEN_TOKEN_INVALID']);

export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const liveQueryKey = (id: string) => ['live-conversation', id] as const;

/** How often the state is asked for again: the queue position moves, a ticket opens, a lost socket misses frames. */
function refreshEvery(c: CitizenConversation | undefined, socketOpen: boolean): number | false {
  if (!c || c.status === 'closed') return false;
  if (c.status === 'queued') return 10_000;
  if (!socketOpen) return 15_000;
  return c.status === 'ticket' ? 60_000 : false;
}

function mergeMessages(list: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return list;
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  let changed = false;
  for (const m of incoming) {
    if (!bySeq.has(m.seq)) {
      bySeq.set(m.seq, m);
      changed = true;
    }
  }
  return changed ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : list;
}

/**
 * The highest seq up to which every message is held. Seqs are consecutive per conversation; a message that
 * came out of order (our own, stored over HTTP while the socket was down) must not hide the ones before it.
 */
function heldThrough(list: ChatMessage[]): number {
  let held = 0;
  for (const m of list) {
    if (m.seq <= held) continue;
    if (m.seq !== held + 1) break;
    held = m.seq;
  }
  return held;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function useLiveConversation(conversationId: string, onGone: () => void) {
  const queryClient = useQueryClient();
  const auth = useMemo<RealtimeAuth>(() => ({ kind: 'citizen', token: citizenToken }), []);
  const { socket, state: socketState } = useRealtime(auth);
  const socketRef = useRef(socket);
  socketRef.current = socket;
  const onGoneRef = useRef(onGone);
  onGoneRef.current = onGone;

  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [historyLoaded, setHistoryLoaded] = useState(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const [agentTyping, setAgentTyping] = useState(false);
  const [agentReadSeq, setAgentReadSeq] = useState(0);
  const [socketError, setSocketError] = useState<string | null>(null);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const outgoingRef = useRef(outgoing);
  outgoingRef.current = outgoing;
  /** The uploads in flight, by clientId, so each can be cancelled on its own. */
  const uploadsRef = useRef(new Map<string, AbortController>());
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const conversationQuery = useQuery({
    queryKey: liveQueryKey(conversationId),
    queryFn: () => liveApi.get(conversationId),
    refetchInterval: (q) => refreshEvery(q.state.data, socketRef.current?.state === 'open'),
    refetchOnWindowFocus: true,
    retry: (count, error) => !(error instanceof ApiError && GONE.has(error.code)) && count < 2,
  });
  const conversation = conversationQuery.data ?? null;

  useEffect(() => {
    const error = conversationQuery.error;
    if (error instanceof ApiError && GONE.has(error.code)) onGoneRef.current();
  }, [conversationQuery.error]);

  const addMessages = useCallback((incoming: ChatMessage[]) => {
    if (incoming.length === 0) return;
    setMessages((list) => mergeMessages(list, incoming));
    const mine = new Set(incoming.filter((m) => m.sender === 'citizen' && m.clientId).map((m) => m.clientId));
    if (mine.size) setOutgoing((list) => list.filter((o) => !mine.has(o.clientId)));
    if (incoming.some((m) => m.sender === 'agent')) setAgentTyping(false);
  }, []);

  /** Everything after the last message held (the first load, and catching up without the socket). */
  const fetchNewer = useCallback(async () => {
    let after = heldThrough(messagesRef.current);
    for (let page = 0; page < 20; page++) {
      const { items, lastSeq } = await liveApi.messages(conversationId, after);
      addMessages(items);
      const last = items.at(-1)?.seq ?? after;
      if (items.length < MESSAGES_PAGE || last >= lastSeq) return last;
      after = last;
    }
    return after;
  }, [conversationId, addMessages]);

  // First load: the stored messages, then follow the conversation live from the last one.
  useEffect(() => {
    let cancelled = false;
    setHistoryError(null);
    fetchNewer().then(
      () => {
        if (!cancelled) setHistoryLoaded(true);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && GONE.has(error.code)) onGoneRef.current();
        else setHistoryError(errorMessage(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [conversationId, fetchNewer]);

  // The socket may come after the history (or be replaced): follow from what is already shown.
  useEffect(() => {
    if (!socket || !historyLoaded) return;
    socket.follow(conversationId, heldThrough(messagesRef.current));
    return () => socket.unfollow(conversationId);
  }, [socket, historyLoaded, conversationId]);

  // Without the socket, catch up over HTTP now and then, so nothing waits for the reconnect.
  useEffect(() => {
    if (!historyLoaded || socketState === 'open' || conversation?.status === 'closed') return;
    const timer = setInterval(() => void fetchNewer().catch(() => undefined), 15_000);
    return () => clearInterval(timer);
  }, [historyLoaded, socketState, conversation?.status, fetchNewer]);

  useEffect(() => {
    if (socketState === 'open') setSocketError(null);
  }, [socketState]);

  useEffect(
    () => () => {
      if (typingTimer.current) clearTimeout(typingTimer.current);
    },
    [],
  );

  useRealtimeFrames(socket, (frame: ServerFrame) => {
    if ('conversationId' in frame && frame.conversationId !== undefined && frame.conversationId !== conversationId) return;
    switch (frame.type) {
      case 'message': {
        const { type: _type, conversationId: _id, ...message } = frame;
        addMessages([message]);
        break;
      }
      case 'typing':
        if (frame.from !== 'agent') break;
        setAgentTyping(true);
        if (typingTimer.current) clearTimeout(typingTimer.current);
        typingTimer.current = setTimeout(() => setAgentTyping(false), TYPING_SHOWN_MS);
        break;
      case 'read':
        if (frame.by === 'agent') setAgentReadSeq((s) => Math.max(s, frame.seq));
        break;
      case 'conversation':
        queryClient.setQueryData<CitizenConversation>(liveQueryKey(conversationId), (c) => (c ? { ...c, status: frame.status, lastSeq: Math.max(c.lastSeq, frame.lastSeq) } : c));
        void queryClient.invalidateQueries({ queryKey: liveQueryKey(conversationId) });
        if (frame.status === 'closed') setAgentTyping(false);
        break;
      case 'error':
        if (frame.clientId) break; // the send it belongs to shows it
        if (GONE.has(frame.code) && frame.conversationId) onGoneRef.current();
        else if (frame.code !== 'ALREADY_AUTHENTICATED') setSocketError(frame.message);
        break;
      default:
        break;
    }
  });

  const update = useCallback((clientId: string, patch: Partial<Outgoing>) => {
    setOutgoing((list) => list.map((o) => (o.clientId === clientId ? { ...o, ...patch } : o)));
  }, []);

  const deliver = useCallback(
    async (item: Outgoing) => {
      const { clientId } = item;
      try {
        let attachment = item.attachment;
        if (item.file && !attachment) {
          update(clientId, { status: 'uploading', error: null, progress: 0 });
          const abort = new AbortController();
          uploadsRef.current.set(clientId, abort);
          try {
            attachment = await liveApi.upload(item.file.blob, item.file.name, { signal: abort.signal, onProgress: (progress) => update(clientId, { progress }) });
          } finally {
            uploadsRef.current.delete(clientId);
          }
          update(clientId, { attachment });
        }
        update(clientId, { status: 'sending', error: null });
        const payload = { clientId, body: item.text, ...(attachment && { attachmentId: attachment.id }) };
        const live = socketRef.current;
        let seq: number | null = null;
        // Over the socket when it is up; while it reconnects, straight over HTTP rather than wait for it.
        if (live && live.state === 'open') {
          const acked = await withTimeout(live.send(conversationId, payload), SOCKET_SEND_TIMEOUT_MS);
          if (acked !== 'timeout') seq = acked.seq;
        }
        if (seq === null) {
          const stored = await liveApi.post(conversationId, { clientId, text: item.text, ...(attachment && { attachmentId: attachment.id }) });
          seq = stored.seq;
          addMessages([stored]);
        }
        update(clientId, { status: 'sent', seq });
      } catch (error) {
        if (isAbort(error)) return; // cancelled: `cancel` already took it off the list
        const code = error instanceof ApiError ? error.code : '';
        update(clientId, { status: 'failed', error: errorMessage(error), retryable: !NOT_RETRYABLE.has(code) });
      }
    },
    [conversationId, update, addMessages],
  );

  const send = useCallback(
    (text: string, file?: OutgoingFile) => {
      const item: Outgoing = { clientId: newClientId(), text: text.trim(), file: file ?? null, attachment: null, status: file ? 'uploading' : 'sending', error: null, retryable: true, seq: null };
      setOutgoing((list) => [...list, item]);
      void deliver(item);
    },
    [deliver],
  );

  const retry = useCallback(
    (clientId: string) => {
      const item = outgoingRef.current.find((o) => o.clientId === clientId);
      if (item) void deliver(item);
    },
    [deliver],
  );

  const discard = useCallback((clientId: string) => setOutgoing((list) => list.filter((o) => o.clientId !== clientId)), []);

  /** Stops a file still uploading and takes it off the list; the next upload is not held up by it. */
  const cancel = useCallback(
    (clientId: string) => {
      uploadsRef.current.get(clientId)?.abort();
      uploadsRef.current.delete(clientId);
      discard(clientId);
    },
    [discard],
  );

  const typing = useCallback(() => socketRef.current?.typing(conversationId), [conversationId]);

  /** The citizen has seen everything up to `seq` (called while the page is visible). */
  const markRead = useCallback((seq: number) => socketRef.current?.read(conversationId, seq), [conversationId]);

  /** A citizen's change to the conversation (contest, contact): the answer is the conversation as it now is. */
  const changedBy = useCallback(
    async (change: Promise<CitizenConversation>) => {
      const updated = await change;
      queryClient.setQueryData(liveQueryKey(conversationId), updated);
      return updated;
    },
    [conversationId, queryClient],
  );
  const contest = useCallback((reason: string) => changedBy(liveApi.contest(conversationId, reason)), [changedBy, conversationId]);
  const leaveContact = useCallback((contact: string) => changedBy(liveApi.contact(conversationId, contact)), [changedBy, conversationId]);

  const conversationError = conversationQuery.error && !conversation ? errorMessage(conversationQuery.error) : null;

  return {
    conversation,
    conversationError,
    reloadConversation: () => void conversationQuery.refetch(),
    messages,
    historyLoaded,
    historyError,
    reloadHistory: () => {
      setHistoryError(null);
      fetchNewer().then(
        () => setHistoryLoaded(true),
        (error: unknown) => setHistoryError(errorMessage(error)),
      );
    },
    outgoing,
    agentTyping,
    // Read receipts from live frames, or as the server kept them (after a reload).
    agentReadSeq: Math.max(agentReadSeq, conversation?.agentReadSeq ?? 0),
    socketState,
    socketError,
    send,
    retry,
    discard,
    cancel,
    typing,
    markRead,
    contest,
    leaveContact,
  };
}

export type LiveConversation = ReturnType<typeof useLiveConversation>;
