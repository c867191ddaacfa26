import type { AgentStatus, AgentStatusView } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
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
  const requeued = (await applyAgentStatus(ctx, wctx, actor.id, group.id, input)) ?? [];
  // Going online pulls from the queue; dropping hands the re-queued chats to whoever is online.
  await dispatch(ctx, wctx, [group.id]);
  return agentView(ctx, actor.id, requeued.length);
}

/**
 * How long an agent's desk may be gone (no socket on any process has shown life) before the system sets the
 * agent away: AGENT_DISCONNECT_GRACE_SECONDS, but never less than two heartbeats, so that a desk still
 * connected (it writes `last_seen_at` about once a heartbeat) is never taken for gone.
 */
export function disconnectGraceSeconds(config: AppContext['config']): number {
  return Math.max(config.realtime.agentGraceSeconds, Math.ceil(config.realtime.heartbeatSeconds * 2));
}

/**
 * An agent whose desk went silent (browser closed, network lost, laptop asleep) for longer than the grace
 * period has dropped: they are set away by the system and their chats go back to the front of the queue. A
 * desk back within the grace period keeps its status and chats. `last_seen_at` is written by the realtime
 * socket on every process (each heartbeat, and when a socket closes cleanly), so the judgement holds across
 * processes; the row lock and re-check in applyAgentStatus make one process do it once. Only agents whose
 * desk reported at least once are judged.
 */
export async function dropSilentAgents(ctx: Ctx & Pick<AppContext, 'config'>): Promise<string[]> {
  const grace = disconnectGraceSeconds(ctx.config);
  const cutoff = new Date(ctx.clock.now().getTime() - grace * 1000);
  const silent = await ctx.db
    .selectFrom('agent_status')
    .select(['user_id', 'group_id'])
    .where('status', 'in', ['online', 'busy'])
    .where('last_seen_at', 'is not', null)
    .where('last_seen_at', '<', cutoff)
    .execute();
  const dropped: string[] = [];
  for (const a of silent) {
    const outcome = await applyAgentStatus(ctx, { actor: 'system' }, a.user_id, a.group_id, { status: 'away' }, { before: cutoff, graceSeconds: grace });
    if (outcome) dropped.push(a.user_id);
  }
  if (dropped.length) await dispatch(ctx, { actor: 'system' }, [...new Set(silent.map((a) => a.group_id))]);
  return dropped;
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
  /** For the system's drop: only if the agent is still silent when the row is locked (else null). */
  silent?: { before: Date; graceSeconds: number },
): Promise<string[] | null> {
  const now = ctx.clock.now();
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.selectFrom('agent_status').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
    const silentBefore = silent?.before;
    if (silentBefore && !(before?.last_seen_at && before.last_seen_at < silentBefore && (before.status === 'online' || before.status === 'busy'))) return null;
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
        summary: silent ? `工作台连接中断超过 ${silent.graceSeconds} 秒，系统设为离开` : `接待状态：${input.status}`,
        before: before ? { status: before.status, maxChats: before.max_chats } : null,
        // What the desk tells the agent on coming back (agentView): the system did it, and how many chats went back.
        after: { status: row.status, maxChats: row.max_chats, ...(silent && { dropped: { graceSeconds: silent.graceSeconds, requeued: back.length } }) },
      });
    }
    return back;
  });
}

export async function agentView(ctx: Pick<Ctx, 'db' | 'org'>, userId: string, requeued = 0): Promise<AgentStatusView> {
  const row = await ctx.db.selectFrom('agent_status').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
  const assigned = await ctx.db.selectFrom('conversations').select('id').where('agent_id', '=', userId).where('status', '=', 'assigned').orderBy('assigned_at').execute();
  const load = (await loadsOf(ctx.db, [userId])).get(userId) ?? 0;
  return { status: row.status, groupId: row.group_id, maxChats: capacityOf(ctx.org, row), load, requeued, assigned: assigned.map((a) => a.id), dropped: row.status === 'away' ? await lastDrop(ctx, userId) : null };
}

/** The system's own 设为离开 (dropSilentAgents), if that is the agent's latest status change. */
async function lastDrop(ctx: Pick<Ctx, 'db'>, userId: string): Promise<AgentStatusView['dropped']> {
  const last = await ctx.db
    .selectFrom('audit_events')
    .select(['occurred_at', 'after'])
    .where('action', '=', 'agent.status_changed')
    .where('subject_type', '=', 'user')
    .where('subject_id', '=', userId)
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const dropped = (last?.after as { dropped?: { graceSeconds: number; requeued: number } } | null)?.dropped;
  return last && dropped ? { at: new Date(last.occurred_at).toISOString(), graceSeconds: dropped.graceSeconds, requeued: dropped.requeued } : null;
}
