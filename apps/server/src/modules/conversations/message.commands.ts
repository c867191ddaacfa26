import type { AppContext } from '../../context.ts';
import type { ConversationMessageRow } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { ownConversation, scopedConversation } from './assignment.commands.ts';
import { appendMessage } from './conversation-writes.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock'>;
export type Speaker = { kind: 'citizen'; citizen: CitizenActor } | { kind: 'agent'; actor: StaffActor; ip?: string; requestId?: string };

/** A page of missed messages is capped; the client asks again from the last seq it got. */
export const MESSAGES_PAGE = 500;

async function accessible(ctx: Ctx, who: Speaker | { kind: 'staff'; actor: StaffActor }, id: string) {
  if (who.kind === 'citizen') return ownConversation(ctx, who.citizen, id);
  return scopedConversation(ctx, who.actor, id);
}

/**
 * Stores a text message with the conversation's next sequence number. Idempotent on the client's id: a retry
 * returns the stored message (`created: false`), never a second copy. The first message of an agent sets
 * `first_response_at`, once; system and bot messages never do (DOMAIN.md first response time).
 */
export async function postMessage(
  ctx: Ctx,
  who: Speaker,
  id: string,
  input: { clientId: string; text: string; attachmentId?: string | undefined },
): Promise<{ message: ConversationMessageRow; created: boolean }> {
  const sender = who.kind === 'citizen' ? 'citizen' : 'agent';
  const wctx = who.kind === 'agent' ? { actor: who.actor, ip: who.ip, requestId: who.requestId } : { actor: 'system' as const };
  return inTransaction(ctx, wctx, async (tx) => {
    // The row lock serialises this conversation's writers: the clientId check and the next seq are race-free
    // under it. Access is checked on the same row (the lookups of accessible(), without a second read).
    const c = await tx.db.selectFrom('conversations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!c || (who.kind === 'citizen' && c.citizen_id !== who.citizen.citizenId)) throw new AppError('CONVERSATION_NOT_FOUND');
    if (who.kind === 'agent' && !inScope(orgScope(who.actor, ctx.org), c.group_id)) throw new AppError('OUT_OF_SCOPE');
    const existing = await tx.db
      .selectFrom('conversation_messages')
      .selectAll()
      .where('conversation_id', '=', id)
      .where('sender', '=', sender)
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
    if (existing) return { message: existing, created: false };
    if (c.status === 'closed') throw new AppError('CONVERSATION_BAD_TRANSITION', { status: '已结束', action: '继续发送消息' });
    if (who.kind === 'agent' && (c.status !== 'assigned' || c.agent_id !== who.actor.id)) throw new AppError('CONVERSATION_NOT_YOURS');
    if (input.attachmentId) await attachToConversation(tx, who, id, input.attachmentId);
    const now = ctx.clock.now();
    const message = await appendMessage(tx, id, {
      sender,
      authorId: who.kind === 'agent' ? who.actor.id : null,
      clientId: input.clientId,
      body: input.text,
      attachmentId: input.attachmentId ?? null,
      at: now,
    });
    if (who.kind === 'agent') {
      await tx.db.updateTable('conversations').set({ first_response_at: now, first_response_by: who.actor.id }).where('id', '=', id).where('first_response_at', 'is', null).execute();
    }
    // The text is the conversation's, not the audit trail's. The event, published after commit, is also what
    // delivers the message over WebSocket on every process (modules/realtime), so citizens' messages raise it too.
    // A citizen's message is not a staff write: its row is the record, and it only needs delivering.
    const event = { type: 'conversation.message_sent' as const, subjectType: 'conversation', subjectId: id, orgUnitId: c.group_id, summary: `${who.kind === 'agent' ? '工作人员' : '群众'}发送第 ${message.seq} 条消息` };
    if (who.kind === 'agent') await tx.record(event);
    else tx.notify(event);
    return { message, created: true };
  });
}

/**
 * An attachment goes into a chat only by whoever uploaded it, and into one chat only: from then on that chat's
 * citizen and staff may read it (attachment.policy.ts). Anything else reads as "not found".
 */
async function attachToConversation(tx: Tx, who: Speaker, conversationId: string, attachmentId: string): Promise<void> {
  const uploader = who.kind === 'citizen' ? { kind: 'citizen' as const, id: who.citizen.citizenId } : { kind: 'staff' as const, id: who.actor.id };
  const linked = await tx.db
    .updateTable('attachments')
    .set({ conversation_id: conversationId })
    .where('id', '=', attachmentId)
    .where('uploaded_by_kind', '=', uploader.kind)
    .where('uploaded_by', '=', uploader.id)
    .where((eb) => eb.or([eb('conversation_id', 'is', null), eb('conversation_id', '=', conversationId)]))
    .returning('id')
    .executeTakeFirst();
  if (!linked) throw new AppError('ATTACHMENT_NOT_FOUND');
}

/** A side's read position: forward only, never past the last message. Not a staff write worth an audit row. */
export async function markRead(ctx: Pick<AppContext, 'db'>, conversationId: string, side: 'citizen' | 'agent', seq: number): Promise<void> {
  const column = side === 'citizen' ? 'citizen_read_seq' : 'agent_read_seq';
  await ctx.db
    .updateTable('conversations')
    .set({ [column]: seq })
    .where('id', '=', conversationId)
    .where(column, '<', seq)
    .where('last_seq', '>=', seq)
    .execute();
}

/** Messages after `after`, in order: what a reconnecting client missed. */
export async function listMessages(ctx: Ctx, who: Speaker | { kind: 'staff'; actor: StaffActor }, id: string, after: number) {
  const c = await accessible(ctx, who, id);
  const items = await ctx.db.selectFrom('conversation_messages').selectAll().where('conversation_id', '=', id).where('seq', '>', after).orderBy('seq').limit(MESSAGES_PAGE).execute();
  return { items, lastSeq: c.last_seq };
}
