import type { AppContext } from '../../context.ts';
import type { Updateable } from 'kysely';
import type { ConversationRow, ConversationTable } from '../../db/schema.ts';
import type { CitizenActor, StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { dispatch, ownConversation, scopedConversation, type Ctx } from './assignment.commands.ts';
import { transition } from './conversation-state.ts';
import { appendMessage, auditView, SYSTEM_TEXT } from './conversation-writes.ts';
import { capacityOf, loadsOf } from './queue.ts';
import { groupHelpStatus } from '../assistant/human-help.ts';

const DISTRICT_SUPERVISORS = ['admin', 'coordinator'];

/**
 * Hands an assigned chat to another agent, who must be online or busy and have a free slot. A district
 * supervisor (admin, coordinator) moves any chat to any agent; an agent moves their own chat to an agent of
 * their own department. The chat follows the new agent into their group.
 */
export async function transferConversation(
  ctx: Ctx,
  wctx: StaffWriteContext,
  id: string,
  input: { agentId?: string | undefined; groupId?: string | undefined; departmentId?: string | undefined; reason: string },
): Promise<ConversationRow> {
  const actor = wctx.actor;
  const c = await scopedConversation(ctx, actor, id);
  const supervisor = DISTRICT_SUPERVISORS.includes(actor.role);
  if (!supervisor && c.agent_id !== actor.id) throw new AppError('CONVERSATION_NOT_YOURS');
  if (!input.agentId) return transferToGroup(ctx, wctx, c, input);
  const target = await ctx.db.selectFrom('users').select(['id', 'role', 'org_unit_id', 'display_name', 'disabled']).where('id', '=', input.agentId).executeTakeFirst();
  if (!target || target.role !== 'agent' || target.disabled) throw new AppError('AGENT_NOT_AVAILABLE');
  if (!supervisor && !inScope(orgScope(actor, ctx.org), target.org_unit_id)) throw new AppError('OUT_OF_SCOPE');
  if (target.id === c.agent_id) throw new AppError('VALIDATION_FAILED', { detail: '会话已经由这位工作人员接待' });
  transition(c.status, 'transfer');
  const now = ctx.clock.now();
  const row = await inTransaction(ctx, wctx, async (tx) => {
    const t = await tx.db.selectFrom('agent_status').selectAll().where('user_id', '=', target.id).forUpdate().executeTakeFirst();
    if (!t || (t.status !== 'online' && t.status !== 'busy')) throw new AppError('AGENT_NOT_AVAILABLE');
    const max = capacityOf(ctx.org, t);
    if (((await loadsOf(tx.db, [target.id])).get(target.id) ?? 0) >= max) throw new AppError('AGENT_AT_CAPACITY', { max });
    const after = await moveAssigned(tx, c, { agent_id: target.id, group_id: t.group_id, assigned_at: now });
    await tx.db.updateTable('agent_status').set({ last_assigned_at: now }).where('user_id', '=', target.id).execute();
    await appendMessage(tx, c.id, { sender: 'system', body: SYSTEM_TEXT.transferred, at: now });
    await tx.record({ type: 'conversation.transferred', subjectType: 'conversation', subjectId: c.id, orgUnitId: t.group_id, summary: `转接给${target.display_name}：${input.reason}`, before: auditView(c), after: auditView(after) });
    return after;
  });
  // The previous agent has a free slot now.
  await dispatch(ctx, wctx, [c.group_id]);
  return row;
}

/**
 * Moves an assigned chat, conditional on the agent we read: a chat that moved meanwhile (closed, re-queued,
 * transferred) is not ours to move.
 */
async function moveAssigned(tx: Tx, c: ConversationRow, set: Updateable<ConversationTable>): Promise<ConversationRow> {
  const after = await tx.db.updateTable('conversations').set(set).where('id', '=', c.id).where('status', '=', 'assigned').where('agent_id', '=', c.agent_id).returningAll().executeTakeFirst();
  if (!after) throw new AppError('CONVERSATION_TAKEN');
  return after;
}

/**
 * Hands an assigned chat to another agent group — named, or a department's first group — for example when it
 * was routed to the wrong department. It waits there at the front of the queue (it has waited already), and
 * its first-response clock keeps running from where it started: a transfer does not reset the citizen's wait.
 */
async function transferToGroup(
  ctx: Ctx,
  wctx: StaffWriteContext,
  c: ConversationRow,
  input: { groupId?: string | undefined; departmentId?: string | undefined; reason: string },
): Promise<ConversationRow> {
  const groupId = input.groupId ?? (input.departmentId ? ctx.org.childrenOf(input.departmentId).find((u) => u.kind === 'agent_group')?.id : undefined);
  const group = groupId ? ctx.org.get(groupId) : undefined;
  if (!group || group.kind !== 'agent_group') throw new AppError('TRANSFER_NO_GROUP');
  if (group.id === c.group_id) throw new AppError('VALIDATION_FAILED', { detail: '会话已经在这个小组' });
  const status = transition(c.status, 'requeue');
  const now = ctx.clock.now();
  // A citizen in a live chat is not parked in a queue that nobody serves until tomorrow.
  const help = groupHelpStatus(ctx, group.id, now);
  if (!help.availableNow) throw new AppError('TRANSFER_GROUP_CLOSED', { group: group.name, opens: help.opensAtText });
  const row = await inTransaction(ctx, wctx, async (tx) => {
    const after = await moveAssigned(tx, c, { status, group_id: group.id, agent_id: null, assigned_at: null, queue_priority: 1, queue_since: now, alerted_at: null });
    const unit = group.parentId ? ctx.org.get(group.parentId)?.name : undefined;
    await appendMessage(tx, c.id, { sender: 'system', body: SYSTEM_TEXT.transferredTo(unit ?? group.name), at: now });
    await tx.record({ type: 'conversation.transferred', subjectType: 'conversation', subjectId: c.id, orgUnitId: group.id, summary: `转给${unit ?? ''}${group.name}：${input.reason}`, before: auditView(c), after: auditView(after) });
    return after;
  });
  await dispatch(ctx, wctx, [group.id, c.group_id]);
  return (await ctx.db.selectFrom('conversations').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? row;
}

/** The assigned agent ends the chat: resolved, or unresolved with a reason. */
export async function closeConversation(ctx: Ctx, wctx: StaffWriteContext, id: string, input: { outcome: 'resolved' | 'unresolved'; reason?: string | undefined }): Promise<ConversationRow> {
  const actor = wctx.actor;
  const c = await scopedConversation(ctx, actor, id);
  const status = transition(c.status, 'close');
  if (c.agent_id !== actor.id) throw new AppError('CONVERSATION_NOT_YOURS');
  const now = ctx.clock.now();
  const row = await inTransaction(ctx, wctx, async (tx) => {
    const after = await tx.db
      .updateTable('conversations')
      .set({ status, closed_at: now, closed_by: actor.id, outcome: input.outcome, close_reason: input.reason ?? null })
      .where('id', '=', c.id)
      .where('status', '=', 'assigned')
      .where('agent_id', '=', actor.id)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new AppError('CONVERSATION_NOT_YOURS');
    await appendMessage(tx, c.id, { sender: 'system', body: SYSTEM_TEXT.closed, at: now });
    await tx.record({ type: 'conversation.closed', subjectType: 'conversation', subjectId: c.id, orgUnitId: c.group_id, summary: input.outcome === 'resolved' ? '已解决' : `未解决：${input.reason ?? ''}`, before: auditView(c), after: auditView(after) });
    return after;
  });
  await dispatch(ctx, wctx, [c.group_id]);
  return row;
}

/**
 * The citizen disagrees that a chat closed as "resolved" was resolved: it then no longer counts as resolved in
 * the human resolution rate (DOMAIN.md). Once per conversation.
 */
export async function contestClose(ctx: Pick<AppContext, 'db' | 'bus' | 'clock'>, citizen: CitizenActor, id: string, reason: string): Promise<ConversationRow> {
  const c = await ownConversation(ctx, citizen, id);
  return inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const after = await tx.db
      .updateTable('conversations')
      .set({ contested_at: ctx.clock.now(), contest_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'closed')
      .where('outcome', '=', 'resolved')
      .where('contested_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new AppError('CONVERSATION_CONTEST_NOT_ALLOWED');
    // The reason is the citizen's words: kept on the conversation, not in the audit trail.
    await tx.record({ type: 'conversation.contested', subjectType: 'conversation', subjectId: id, orgUnitId: c.group_id, summary: '群众对“已解决”提出异议' });
    return after;
  });
}
