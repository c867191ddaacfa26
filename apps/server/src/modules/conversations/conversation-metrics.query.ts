import { addCalendarDays, cstInstant } from '@bangban/calendar';
import type { ConversationMetrics } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { FIRST_RESPONSE_TARGET_SECONDS, firstResponseVerdict } from './first-response.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'calendar'>;

export const COMPLIANCE_TARGET = 100;
export const HUMAN_RESOLUTION_TARGET = 90;
const NO_DEPARTMENT = '未归属';

interface Outcome {
  groupId: string;
  departmentId: string | null;
  responderId: string | null;
  closerId: string | null;
  /** Known against the 60 s target: answered (within or not), or breached unanswered. */
  measured: boolean;
  within: boolean;
  seconds: number | null;
  closed: boolean;
  resolved: boolean;
  contested: boolean;
}

/**
 * Live-help figures for the requests made on the CST dates [from, to] (DOMAIN.md):
 * - first-response compliance = requests answered by an agent within 60 s of the clock start / requests
 *   measured. Measured: answered, or already past 60 s without an answer (still waiting, or closed with no
 *   agent message: both count as misses). A request whose minute is not up yet is left out, not guessed.
 *   Attributed to the agent who answered first (misses to no agent).
 * - human resolution rate = closed as resolved and not contested by the citizen / closed; attributed to the
 *   agent who closed it.
 * Group: the one the conversation is in now (after transfers); department: that group's owning unit.
 */
export async function conversationMetrics(ctx: Ctx, actor: StaffActor, q: { from: string; to: string; departmentId?: string | undefined }): Promise<ConversationMetrics> {
  if (q.from > q.to) throw new AppError('VALIDATION_FAILED', { detail: '开始日期不能晚于结束日期' });
  const scope = orgScope(actor, ctx.org);
  if (q.departmentId && !inScope(scope, q.departmentId)) throw new AppError('OUT_OF_SCOPE');
  const wanted = q.departmentId ? ctx.org.subtree(q.departmentId) : scope;
  const rows = await ctx.db
    .selectFrom('conversations')
    .selectAll()
    .where('requested_at', '>=', cstInstant(q.from))
    .where('requested_at', '<', cstInstant(addCalendarDays(q.to, 1)))
    .execute();
  const now = ctx.clock.now();
  const outcomes: Outcome[] = [];
  for (const c of rows) {
    if (!inScope(wanted, c.group_id)) continue;
    const verdict = firstResponseVerdict(ctx.calendar.scheduleFor(c.group_id), c, now);
    const closed = c.status === 'closed';
    outcomes.push({
      groupId: c.group_id,
      departmentId: ctx.org.owningUnit(c.group_id)?.id ?? null,
      responderId: c.first_response_by,
      closerId: closed ? c.closed_by : null,
      measured: verdict.kind !== 'pending',
      within: verdict.kind === 'answered' && verdict.within,
      seconds: verdict.kind === 'answered' ? verdict.seconds : null,
      closed,
      resolved: closed && c.outcome === 'resolved' && c.contested_at === null,
      contested: closed && c.contested_at !== null,
    });
  }
  const agentIds = [...new Set(outcomes.flatMap((o) => [o.responderId, o.closerId]).filter((id): id is string => id !== null))];
  const names = new Map(agentIds.length ? (await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', agentIds).execute()).map((u) => [u.id, u.display_name]) : []);

  // An agent's figures: first responses they gave, and closes they made.
  const byAgent = agentIds
    .map((id) => {
      const answered = figures(outcomes.filter((o) => o.responderId === id));
      const closes = figures(outcomes.filter((o) => o.closerId === id));
      return { id, name: names.get(id) ?? '', ...answered, closed: closes.closed, resolved: closes.resolved, contested: closes.contested, resolutionRate: closes.resolutionRate };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return {
    from: q.from,
    to: q.to,
    overall: { requests: outcomes.length, ...figures(outcomes) },
    targets: { firstResponseSeconds: FIRST_RESPONSE_TARGET_SECONDS, compliance: COMPLIANCE_TARGET, resolutionRate: HUMAN_RESOLUTION_TARGET },
    byAgent,
    byGroup: breakdown(outcomes, (o) => o.groupId, (id) => (id ? (ctx.org.get(id)?.name ?? '') : '')).map((g) => ({ ...g, id: g.id! })),
    byDepartment: breakdown(outcomes, (o) => o.departmentId, (id) => (id ? (ctx.org.get(id)?.name ?? NO_DEPARTMENT) : NO_DEPARTMENT)),
  };
}

/** A percentage with one decimal, or null when there is nothing to divide by. */
const percent = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

function figures(outcomes: Outcome[]) {
  const measured = outcomes.filter((o) => o.measured);
  const times = outcomes.map((o) => o.seconds).filter((s): s is number => s !== null);
  const closed = outcomes.filter((o) => o.closed);
  const resolved = closed.filter((o) => o.resolved).length;
  return {
    measured: measured.length,
    withinTarget: measured.filter((o) => o.within).length,
    compliance: percent(measured.filter((o) => o.within).length, measured.length),
    avgFirstResponseSeconds: times.length ? Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10 : null,
    closed: closed.length,
    resolved,
    contested: closed.filter((o) => o.contested).length,
    resolutionRate: percent(resolved, closed.length),
  };
}

function breakdown(outcomes: Outcome[], key: (o: Outcome) => string | null, name: (id: string | null) => string) {
  const groups = new Map<string | null, Outcome[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return [...groups.entries()].map(([id, list]) => ({ id, name: name(id), ...figures(list) })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
