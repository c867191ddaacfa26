import { cstDate } from '@bangban/calendar';
import { FIRST_RESPONSE_ALERT_SECONDS, type Wallboard } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { conversationMetrics } from './conversation-metrics.query.ts';
import { FIRST_RESPONSE_TARGET_SECONDS } from './first-response.ts';
import { capacityOf, loadsOf } from './queue.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'calendar'>;

const seconds = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));

/**
 * The supervisor's wallboard (值班看板) for the groups in the caller's scope: queues and waits per group, each
 * agent's state and load, every chat still owed a first response (longest first, flagged from 45 s), and
 * today's first-response compliance and resolution rate as DOMAIN.md defines them.
 */
export async function wallboard(ctx: Ctx, actor: StaffActor): Promise<Wallboard> {
  const now = ctx.clock.now();
  const scope = orgScope(actor, ctx.org);
  const groups = ctx.org.all().filter((u) => u.kind === 'agent_group' && inScope(scope, u.id));
  const groupIds = groups.map((g) => g.id);
  if (!groupIds.length) {
    return { at: now.toISOString(), alertAfterSeconds: FIRST_RESPONSE_ALERT_SECONDS, targetSeconds: FIRST_RESPONSE_TARGET_SECONDS, groups: [], agents: [], waiting: [], today: { requests: 0, compliance: null, resolutionRate: null } };
  }
  const [open, agents] = await Promise.all([
    ctx.db.selectFrom('conversations').selectAll().where('group_id', 'in', groupIds).where('status', '!=', 'closed').execute(),
    ctx.db
      .selectFrom('agent_status as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.user_id', 'u.display_name', 's.group_id', 's.status', 's.max_chats', 's.last_assigned_at'])
      .where('s.group_id', 'in', groupIds)
      .where('u.disabled', '=', false)
      .orderBy('u.display_name')
      .execute(),
  ]);
  const loads = await loadsOf(ctx.db, agents.map((a) => a.user_id));
  const names = new Map(agents.map((a) => [a.user_id, a.display_name]));
  const missing = [...new Set(open.map((c) => c.agent_id).filter((id): id is string => !!id && !names.has(id)))];
  if (missing.length) for (const u of await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', missing).execute()) names.set(u.id, u.display_name);
  const groupName = (id: string) => ctx.org.get(id)?.name ?? '';
  const isOpen = (id: string) => {
    try {
      return ctx.calendar.scheduleFor(id).isOpen(now);
    } catch {
      return false;
    }
  };
  const on = (status: string) => status === 'online' || status === 'busy';
  const today = cstDate(now);
  const figures = await conversationMetrics(ctx, actor, { from: today, to: today });
  const owed = open.filter((c) => c.sla_start_at && c.sla_start_at <= now && c.first_response_at === null && (c.status === 'queued' || c.status === 'assigned'));
  return {
    at: now.toISOString(),
    alertAfterSeconds: FIRST_RESPONSE_ALERT_SECONDS,
    targetSeconds: FIRST_RESPONSE_TARGET_SECONDS,
    groups: groups
      .map((g) => {
        const mine = open.filter((c) => c.group_id === g.id);
        const queued = mine.filter((c) => c.status === 'queued');
        const staff = agents.filter((a) => a.group_id === g.id && on(a.status));
        const oldest = queued.reduce<Date | null>((min, c) => (c.queue_since && (!min || c.queue_since < min) ? c.queue_since : min), null);
        return {
          id: g.id,
          name: g.name,
          department: g.parentId ? (ctx.org.get(g.parentId)?.name ?? null) : null,
          open: isOpen(g.id),
          queued: queued.length,
          tickets: mine.filter((c) => c.status === 'ticket').length,
          serving: mine.filter((c) => c.status === 'assigned').length,
          longestWaitSeconds: oldest ? seconds(oldest, now) : null,
          agentsOnline: staff.length,
          capacity: staff.reduce((sum, a) => sum + capacityOf(ctx.org, a), 0),
        };
      })
      // Busy groups first; quiet ones keep a stable alphabetical order.
      .sort((a, b) => b.queued - a.queued || b.serving - a.serving || a.name.localeCompare(b.name, 'zh-CN')),
    agents: agents.map((a) => ({
      id: a.user_id,
      name: a.display_name,
      groupId: a.group_id,
      group: groupName(a.group_id),
      status: a.status,
      load: loads.get(a.user_id) ?? 0,
      maxChats: capacityOf(ctx.org, a),
      lastAssignedAt: a.last_assigned_at?.toISOString() ?? null,
    })),
    waiting: owed
      .map((c) => {
        const waited = seconds(c.sla_start_at!, now);
        return {
          id: c.id,
          queueNo: c.queue_no,
          groupId: c.group_id,
          group: groupName(c.group_id),
          status: c.status,
          agentId: c.agent_id,
          agentName: c.agent_id ? (names.get(c.agent_id) ?? null) : null,
          waitingSeconds: waited,
          alert: waited >= FIRST_RESPONSE_ALERT_SECONDS,
          overdue: waited > FIRST_RESPONSE_TARGET_SECONDS,
        };
      })
      .sort((a, b) => b.waitingSeconds - a.waitingSeconds)
      .slice(0, 200),
    today: { requests: figures.overall.requests, compliance: figures.overall.compliance, resolutionRate: figures.overall.resolutionRate },
  };
}
