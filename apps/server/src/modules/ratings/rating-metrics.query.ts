import { addCalendarDays, cstInstant } from '@bangban/calendar';
import type { RatingMetrics } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { FollowUpStatusCode } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { isBad } from './rating.commands.ts';
import { agentNames } from './rating.queries.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock'>;
const NO_DEPARTMENT = '未归属';
const DIMENSIONS = ['overall', 'efficiency', 'guide_accuracy', 'convenience', 'ease_of_use'] as const;

interface Item {
  agentId: string | null;
  groupId: string;
  departmentId: string | null;
  /** Given on the period's dates: counts for satisfaction. */
  rated: boolean;
  overall: number;
  scores: Record<(typeof DIMENSIONS)[number], number | null>;
  status: FollowUpStatusCode | null;
  /** Its follow-up falls due on the period's dates. */
  dueInPeriod: boolean;
  dueAt: Date | null;
  rectifiedAt: Date | null;
}

/**
 * 好差评 figures for the CST dates [from, to] (DOMAIN.md), at each rating's current level (after any revision):
 * - satisfaction = ratings ≥ 3 / ratings, over the ratings given in the period;
 * - bad-rating rectification on time = follow-ups rectified (整改, which closing requires) by their due time /
 *   follow-ups due in the period. A follow-up still short of its due time and not rectified is left out, not
 *   guessed; dismissed ones (set aside by the district, e.g. 恶意差评) and withdrawn ones (the citizen changed
 *   to 3–5) are not bad ratings to rectify; undated ones (calendar year not entered) are counted apart.
 * Attribution: the agent who closed the chat, its group then, and that group's department.
 */
export async function ratingMetrics(ctx: Ctx, actor: StaffActor, q: { from: string; to: string; departmentId?: string | undefined }): Promise<RatingMetrics> {
  if (q.from > q.to) throw new AppError('VALIDATION_FAILED', { detail: '开始日期不能晚于结束日期' });
  const scope = orgScope(actor, ctx.org);
  if (q.departmentId && !inScope(scope, q.departmentId)) throw new AppError('OUT_OF_SCOPE');
  const wanted = q.departmentId ? ctx.org.subtree(q.departmentId) : scope;
  const start = cstInstant(q.from);
  const end = cstInstant(addCalendarDays(q.to, 1));
  const rows = await ctx.db
    .selectFrom('ratings as r')
    .leftJoin('rating_follow_ups as f', 'f.rating_id', 'r.id')
    .select(['r.agent_id', 'r.group_id', 'r.department_id', 'r.rated_at', ...DIMENSIONS.map((d) => `r.${d}` as const), 'f.status', 'f.due_at', 'f.rectified_at'])
    .where((eb) => eb.or([eb.and([eb('r.rated_at', '>=', start), eb('r.rated_at', '<', end)]), eb.and([eb('f.due_at', '>=', start), eb('f.due_at', '<', end)])]))
    .execute();
  const items: Item[] = rows
    .filter((r) => inScope(wanted, r.group_id))
    .map((r) => ({
      agentId: r.agent_id,
      groupId: r.group_id,
      departmentId: r.department_id,
      rated: r.rated_at >= start && r.rated_at < end,
      overall: r.overall,
      scores: Object.fromEntries(DIMENSIONS.map((d) => [d, r[d]])) as Item['scores'],
      status: r.status,
      dueInPeriod: r.due_at !== null && r.due_at >= start && r.due_at < end,
      dueAt: r.due_at,
      rectifiedAt: r.rectified_at,
    }));
  const now = ctx.clock.now();
  const names = await agentNames(ctx, items.map((i) => i.agentId));
  const rated = items.filter((i) => i.rated);
  const levels = Object.fromEntries([5, 4, 3, 2, 1].map((l) => [String(l), rated.filter((i) => i.overall === l).length]));
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d === 'guide_accuracy' ? 'guideAccuracy' : d === 'ease_of_use' ? 'easeOfUse' : d, average(rated.map((i) => i.scores[d]))]));
  return {
    from: q.from,
    to: q.to,
    overall: { ...figures(items, now), levels, dimensions },
    byAgent: breakdown(items, now, (i) => i.agentId, (id) => names.get(id ?? '') ?? '').filter((a): a is typeof a & { id: string } => a.id !== null),
    byGroup: breakdown(items, now, (i) => i.groupId, (id) => (id ? (ctx.org.get(id)?.name ?? '') : '')).map((g) => ({ ...g, id: g.id ?? '' })),
    byDepartment: breakdown(items, now, (i) => i.departmentId, (id) => (id ? (ctx.org.get(id)?.name ?? NO_DEPARTMENT) : NO_DEPARTMENT)),
  };
}

/** A percentage with one decimal, or null when there is nothing to divide by. */
const percent = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

function average(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 100) / 100 : null;
}

function figures(items: Item[], now: Date) {
  const rated = items.filter((i) => i.rated);
  const satisfied = rated.filter((i) => !isBad(i.overall)).length;
  const bad = rated.filter((i) => isBad(i.overall));
  const counted = items.filter((i) => i.dueInPeriod && i.status !== 'dismissed' && i.status !== 'withdrawn');
  const known = counted.filter((i) => i.rectifiedAt !== null || (i.dueAt !== null && i.dueAt <= now));
  const onTime = known.filter((i) => i.rectifiedAt !== null && i.dueAt !== null && i.rectifiedAt <= i.dueAt).length;
  return {
    ratings: rated.length,
    satisfied,
    satisfaction: percent(satisfied, rated.length),
    bad: bad.length,
    due: known.length,
    rectifiedOnTime: onTime,
    rectificationOnTime: percent(onTime, known.length),
    pending: counted.length - known.length,
    dismissed: bad.filter((i) => i.status === 'dismissed').length,
    undated: bad.filter((i) => i.status !== null && i.status !== 'dismissed' && i.dueAt === null).length,
  };
}

function breakdown(items: Item[], now: Date, key: (i: Item) => string | null, name: (id: string | null) => string) {
  const groups = new Map<string | null, Item[]>();
  for (const i of items) groups.set(key(i), [...(groups.get(key(i)) ?? []), i]);
  return [...groups.entries()].map(([id, list]) => ({ id, name: name(id), ...figures(list, now) })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
