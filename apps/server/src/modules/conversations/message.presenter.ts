import { maskPersonalNumbers, type ChatMessage } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { AttachmentRow, ConversationMessageRow } from '../../db/schema.ts';
import { presentAttachment } from '../attachments/attachment.presenter.ts';

/** Messages as the API and the WebSocket send them, with their attachments read in one query. */
export async function presentMessages(ctx: Pick<AppContext, 'db'>, rows: ConversationMessageRow[]): Promise<ChatMessage[]> {
  const ids = [...new Set(rows.map((m) => m.attachment_id).filter((id): id is string => !!id))];
  const attachments = new Map<string, AttachmentRow>();
  if (ids.length) for (const a of await ctx.db.selectFrom('attachments').selectAll().where('id', 'in', ids).execute()) attachments.set(a.id, a);
  return rows.map((m) => {
    const attachment = m.attachment_id ? attachments.get(m.attachment_id) : undefined;
    return {
      id: m.id,
      seq: m.seq,
      sender: m.sender,
      clientId: m.client_id,
      text: m.body,
      attachment: attachment ? presentAttachment(attachment) : null,
      createdAt: m.created_at.toISOString(),
    };
  });
}

/**
 * A message as a reader sees it: the ID or phone numbers a citizen typed are masked for staff without
 * citizen.viewPii (`pii` false). The citizen sees their own text, and staff and 小申 texts are left as written
 * (they carry office phone numbers the citizen is meant to read).
 */
export function messageForReader(m: ChatMessage, pii: boolean): ChatMessage {
  return pii || m.sender !== 'citizen' || !m.text ? m : { ...m, text: maskPersonalNumbers(m.text) };
}
