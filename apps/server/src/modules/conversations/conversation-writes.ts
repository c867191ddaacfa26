import type { ConversationMessageRow, ConversationRow } from '../../db/schema.ts';
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
  const { last_seq } = await tx.db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', conversationId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return tx.db
    .insertInto('conversation_messages')
    .values({
      conversation_id: conversationId,
      seq: last_seq,
      sender: msg.sender,
      author_id: msg.authorId ?? null,
      client_id: msg.clientId ?? null,
      body: msg.body,
      attachment_id: msg.attachmentId ?? null,
      created_at: msg.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
