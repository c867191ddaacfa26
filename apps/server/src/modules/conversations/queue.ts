import type { WaitEstimate } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { AgentStatusRow, ConversationRow } from '../../db/schema.ts';

/** An agent's concurrent chats when neither the agent nor the group sets a number (the demo groups use 5). */
export const DEFAULT_MAX_CHATS = 5;
/**
 * Mean handling time assumed before a group has any history: 6 minutes, the order of a typical consultation
 * chat on a government help line. The citizen is told it is a default estimate.
 */
export const DEFAULT_HANDLING_SECONDS = 360;
/** The handling-time mean is taken over the group's most recent closed chats, within this window. */
export const HANDLING_SAMPLE = 30;
export const HANDLING_WINDOW_DAYS = 14;

export function capacityOf(org: AppContext['org'], agent: Pick<AgentStatusRow, 'max_chats' | 'group_id'>): number {
  return agent.max_chats ?? org.get(agent.group_id)?.maxConcurrentChats ?? DEFAULT_MAX_CHATS;
}

/** Open (assigned) chats per agent. */
export async function loadsOf(db: Db, agentIds: string[]): Promise<Map<string, number>> {
  if (!agentIds.length) return new Map();
  const rows = await db
    .selectFrom('conversations')
    .select(['agent_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'assigned')
    .where('agent_id', 'in', agentIds)
    .groupBy('agent_id')
    .execute();
  return new Map(rows.map((r) => [r.agent_id!, Number(r.n)]));
}

/** 1 for the next to be served: re-queued chats first, then by time in the queue, then by arrival number. */
export async function queuePosition(db: Db, c: Pick<ConversationRow, 'id' | 'group_id' | 'status' | 'queue_priority' | 'queue_since' | 'queue_no'>): Promise<number | null> {
  if (c.status !== 'queued' || !c.queue_since) return null;
  const since = c.queue_since;
  const { n } = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('group_id', '=', c.group_id)
    .where('status', '=', 'queued')
    .where((eb) =>
      eb.or([
        eb('queue_priority', '>', c.queue_priority),
        eb.and([eb('queue_priority', '=', c.queue_priority), eb.or([eb('queue_since', '<', since), eb.and([eb('queue_since', '=', since), eb('queue_no', '<', c.queue_no)])])]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(n) + 1;
}

/**
 * An honest wait: chats of the group end at a rate of (open slots of online agents) / (mean handling time),
 * so the p-th in line waits about p of those intervals. The mean comes from the group's recent closed chats
 * (assigned → closed), or DEFAULT_HANDLING_SECONDS when there are none, and the answer says which. With no
 * agent online there is no number to give, and we say so.
 */
export async function waitEstimate(ctx: Pick<AppContext, 'db' | 'org' | 'clock'>, groupId: string, position: number): Promise<WaitEstimate> {
  const agents = await ctx.db.selectFrom('agent_status').select(['user_id', 'max_chats', 'group_id']).where('group_id', '=', groupId).where('status', '=', 'online').execute();
  const slots = agents.reduce((sum, a) => sum + capacityOf(ctx.org, a), 0);
  if (!slots) return { seconds: null, basis: 'no_agents', sampleSize: 0, text: '目前没有工作人员在线，工作人员上线后会按排队顺序接待您' };
  const since = new Date(ctx.clock.now().getTime() - HANDLING_WINDOW_DAYS * 86_400_000);
  const recent = await ctx.db
    .selectFrom('conversations')
    .select(['assigned_at', 'closed_at'])
    .where('group_id', '=', groupId)
    .where('status', '=', 'closed')
    .where('assigned_at', 'is not', null)
    .where('closed_at', '>=', since)
    .orderBy('closed_at', 'desc')
    .limit(HANDLING_SAMPLE)
    .execute();
  const durations = recent.map((r) => (r.closed_at!.getTime() - r.assigned_at!.getTime()) / 1000);
  const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : DEFAULT_HANDLING_SECONDS;
  const seconds = Math.round((position * mean) / slots);
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const basis = durations.length ? 'history' : 'default';
  return { seconds, basis, sampleSize: durations.length, text: `预计等待约 ${minutes} 分钟${basis === 'default' ? '（暂无历史数据，按默认接待时长估算）' : ''}` };
}
