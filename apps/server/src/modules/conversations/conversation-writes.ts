import type { ConversationMessageRow, ConversationRow } from '../../db/schema.ts';
import { sql } from 'kysely';
import type { Tx } from '../../lib/events.ts';

/**
 * Appends a message under the conversation's row lock: the caller must hold it (SELECT … FOR UPDATE or an
 * UPDATE of the row in this transaction), which is what makes the per-conversation sequence gap-free.
 */
export async function appendMessage(
  tx: Tx,
  conversationId: string,
  msg: { sender: ConversationMessageRow['sender']; authorId?: string | null; clientId?: string | null; body: string; attachmentId?: string | null; at: Date },
): Promise<ConversationMessageRow> {
  // One statement, one round trip: the next seq and the row that takes it (a chat message's hottest path).
  const { rows } = await sql<ConversationMessageRow>`
    with s as (update conversations set last_seq = last_seq + 1 where id = ${conversationId}::uuid returning last_seq)
    insert into conversation_messages (conversation_id, seq, sender, author_id, client_id, body, attachment_id, created_at)
    select ${conversationId}::uuid, s.last_seq, ${msg.sender}, ${msg.authorId ?? null}::uuid, ${msg.clientId ?? null}, ${msg.body}, ${msg.attachmentId ?? null}::uuid, ${msg.at}::timestamptz
    from s
    returning *`.execute(tx.db);
  if (!rows[0]) throw new Error(`conversation ${conversationId} vanished while appending a message`);
  return rows[0];
}

export const SYSTEM_TEXT = {
  assigned: '工作人员已接入，请直接输入您的问题。',
  transferred: '已为您转接到另一位工作人员，请稍候。',
  transferredTo: (unit: string) => `您的问题需要${unit}答复，已为您转过去并排在最前面，请稍候。`,
  requeued: '工作人员暂时离开，已为您重新排在队伍最前面，请稍候。',
  opened: '现在是上班时间，您的留言已转入人工排队。',
  closed: '本次人工帮办已结束，感谢您的耐心。',
} as const;

/** What the audit trail keeps of a conversation: state, never the citizen's words or contact. */
export function auditView(c: ConversationRow) {
  return { status: c.status, groupId: c.group_id, agentId: c.agent_id, outcome: c.outcome };
}
