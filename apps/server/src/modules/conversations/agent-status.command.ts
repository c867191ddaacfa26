import type { AgentStatus, AgentStatusView } from '@bangban/shared';
import type { StaffWriteContext, WriteContext } from '../../lib/actor.ts';
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
  const requeued = await applyAgentStatus(ctx, wctx, actor.id, group.id, input);
  // Going online pulls from the queue; dropping hands the re-queued chats to whoever is online.
  await dispatch(ctx, wctx, [group.id]);
  return agentView(ctx, actor.id, requeued.length);
}

/** Seconds without a heartbeat from any of an agent's desk sockets after which the agent counts as gone. */
export const PRESENCE_TIMEOUT_SECONDS = 90;

/**
 * An agent whose desk went silent (browser closed, network lost, laptop asleep) has dropped: they are set
 * away by the system and their chats go back to the front of the queue. Only agents whose desk reported a
 * heartbeat at least once are judged (`last_seen_at` is written by the realtime socket, on every process).
 */
export async function dropSilentAgents(ctx: Ctx): Promise<string[]> {
  const cutoff = new Date(ctx.clock.now().getTime() - PRESENCE_TIMEOUT_SECONDS * 1000);
  const silent = await ctx.db
    .selectFrom('agent_status')
    .select(['user_id', 'group_id'])
    .where('status', 'in', ['online', 'busy'])
    .where('last_seen_at', 'is not', null)
    .where('last_seen_at', '<', cutoff)
    .execute();
  for (const a of silent) await applyAgentStatus(ctx, { actor: 'system' }, a.user_id, a.group_id, { status: 'away' }, cutoff);
  if (silent.length) await dispatch(ctx, { actor: 'system' }, [...new Set(silent.map((a) => a.group_id))]);
  return silent.map((a) => a.user_id);
}

/** A heartbeat from an agent's desk socket (throttled by the caller). */
export async function touchPresence(ctx: Pick<Ctx, 'db' | 'clock'>, userId: string): Promise<void> {
  await ctx.db.updateTable('agent_status').set({ last_seen_at: ctx.clock.now() }).where('user_id', '=', userId).execute();
}

async function applyAgentStatus(
  ctx: Ctx,
  wctx: WriteContext,
  userId: string,
  groupId: string,
  input: { status: AgentStatus; maxChats?: number | undefined },
  /** For the system's drop: only if the agent is still silent when the row is locked. */
  silentBefore?: Date,
): Promise<string[]> {
  const now = ctx.clock.now();
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.selectFrom('agent_status').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (silentBefore && !(before?.last_seen_at && before.last_seen_at < silentBefore && (before.status === 'online' || before.status === 'busy'))) return [];
    const row = await tx.db
      .insertInto('agent_status')
      .values({ user_id: userId, group_id: groupId, status: input.status, max_chats: input.maxChats ?? null, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ group_id: groupId, status: input.status, updated_at: now, ...(input.maxChats !== undefined && { max_chats: input.maxChats }) }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const back: string[] = [];
    if (DROPPED.includes(input.status)) {
      const open = await tx.db.selectFrom('conversations').selectAll().where('agent_id', '=', userId).where('status', '=', 'assigned').orderBy('queue_no').forUpdate().execute();
      for (const c of open) {
        const after = await tx.db
          .updateTable('conversations')
          .set({ status: transition(c.status, 'requeue'), agent_id: null, assigned_at: null, queue_priority: 1 })
          .where('id', '=', c.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendMessage(tx, c.id, { sender: 'system', body: SYSTEM_TEXT.requeued, at: now });
        const why = silentBefore ? '工作台连接中断' : `工作人员${input.status === 'away' ? '暂离' : '下线'}`;
        await tx.record({ type: 'conversation.requeued', subjectType: 'conversation', subjectId: c.id, orgUnitId: c.group_id, summary: `${why}，会话退回队首`, before: auditView(c), after: auditView(after) });
        back.push(c.id);
      }
    }
    if (before?.status !== row.status || before.max_chats !== row.max_chats) {
      await tx.record({
        type: 'agent.status_changed',
        subjectType: 'user',
        subjectId: userId,
        orgUnitId: groupId,
        summary: silentBefore ? `工作台 ${PRESENCE_TIMEOUT_SECONDS} 秒无心跳，系统设为暂离` : `接待状态：${input.status}`,
        before: before ? { status: before.status, maxChats: before.max_chats } : null,
        after: { status: row.status, maxChats: row.max_chats },
      });
    }
    return back;
  });
}

export async function agentView(ctx: Pick<Ctx, 'db' | 'org'>, userId: string, requeued = 0): Promise<AgentStatusView> {
  const row = await ctx.db.selectFrom('agent_status').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
  const assigned = await ctx.db.selectFrom('conversations').select('id').where('agent_id', '=', userId).where('status', '=', 'assigned').orderBy('assigned_at').execute();
  const load = (await loadsOf(ctx.db, [userId])).get(userId) ?? 0;
  return { status: row.status, groupId: row.group_id, maxChats: capacityOf(ctx.org, row), load, requeued, assigned: assigned.map((a) => a.id) };
}
