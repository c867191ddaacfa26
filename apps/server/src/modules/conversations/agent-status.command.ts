import type { AgentStatus, AgentStatusView } from '@bangban/shared';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { dispatch, type Ctx } from './assignment.commands.ts';
import { transition } from './conversation-state.ts';
import { appendMessage, auditView, SYSTEM_TEXT } from './conversation-writes.ts';
import { capacityOf, loadsOf } from './queue.ts';

/**
 * online: takes new chats; busy: keeps the chats it has and may pick one by hand, gets none pushed;
 * away / offline: has dropped, so its open chats go back to the front of the queue for someone else.
 */
const DROPPED: readonly AgentStatus[] = ['away', 'offline'];

export async function setAgentStatus(ctx: Ctx, wctx: StaffWriteContext, input: { status: AgentStatus; maxChats?: number | undefined }): Promise<AgentStatusView> {
  const actor = wctx.actor;
  const group = ctx.org.get(actor.orgUnitId);
  if (group?.kind !== 'agent_group') throw new AppError('AGENT_NOT_IN_GROUP');
  const now = ctx.clock.now();
  const requeued = await inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.selectFrom('agent_status').selectAll().where('user_id', '=', actor.id).forUpdate().executeTakeFirst();
    const row = await tx.db
      .insertInto('agent_status')
      .values({ user_id: actor.id, group_id: group.id, status: input.status, max_chats: input.maxChats ?? null, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ group_id: group.id, status: input.status, updated_at: now, ...(input.maxChats !== undefined && { max_chats: input.maxChats }) }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const back: string[] = [];
    if (DROPPED.includes(input.status)) {
      const open = await tx.db.selectFrom('conversations').selectAll().where('agent_id', '=', actor.id).where('status', '=', 'assigned').orderBy('queue_no').forUpdate().execute();
      for (const c of open) {
        const after = await tx.db
          .updateTable('conversations')
          .set({ status: transition(c.status, 'requeue'), agent_id: null, assigned_at: null, queue_priority: 1 })
          .where('id', '=', c.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendMessage(tx, c.id, { sender: 'system', body: SYSTEM_TEXT.requeued, at: now });
        await tx.record({ type: 'conversation.requeued', subjectType: 'conversation', subjectId: c.id, orgUnitId: c.group_id, summary: `工作人员${input.status === 'away' ? '暂离' : '下线'}，会话退回队首`, before: auditView(c), after: auditView(after) });
        back.push(c.id);
      }
    }
    if (before?.status !== row.status || before.max_chats !== row.max_chats) {
      await tx.record({
        type: 'agent.status_changed',
        subjectType: 'user',
        subjectId: actor.id,
        orgUnitId: group.id,
        summary: `接待状态：${input.status}`,
        before: before ? { status: before.status, maxChats: before.max_chats } : null,
        after: { status: row.status, maxChats: row.max_chats },
      });
    }
    return back;
  });
  // Going online pulls from the queue; dropping hands the re-queued chats to whoever is online.
  await dispatch(ctx, wctx, [group.id]);
  return agentView(ctx, actor.id, requeued.length);
}

export async function agentView(ctx: Pick<Ctx, 'db' | 'org'>, userId: string, requeued = 0): Promise<AgentStatusView> {
  const row = await ctx.db.selectFrom('agent_status').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
  const assigned = await ctx.db.selectFrom('conversations').select('id').where('agent_id', '=', userId).where('status', '=', 'assigned').orderBy('assigned_at').execute();
  const load = (await loadsOf(ctx.db, [userId])).get(userId) ?? 0;
  return { status: row.status, groupId: row.group_id, maxChats: capacityOf(ctx.org, row), load, requeued, assigned: assigned.map((a) => a.id) };
}
