import { addCalendarDays, cstInstant } from '@bangban/calendar';
import type { AssistantMetrics } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inScope, orgScope } from '../identity/policy.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock'>;

/**
 * A session nobody has touched for this long counts as ended (DOMAIN.md: "the session ended"), whether or not
 * the citizen pressed "end": most people just close the page.
 */
export const SESSION_IDLE_END_MINUTES = 30;
export const RESOLUTION_TARGET = 50;
const TOP_UNANSWERED = 10;
const UNASSIGNED = '未归属';
const NO_MATTER = '未关联事项';

interface SessionOutcome {
  departmentId: string | null;
  matterId: string | null;
  resolved: boolean;
  explicit: boolean;
  humanRequested: boolean;
  notSolved: boolean;
  questions: number;
  answered: number;
}

/**
 * Assistant resolution rate = sessions resolved / sessions with ≥ 1 question (DOMAIN.md). Resolved: any "solved"
 * feedback (explicit), or ended with no human request and no "not solved" (implicit). Sessions are those
 * started on the CST dates [from, to]; each is attributed to the department of its last answer, else of its
 * page's matter, else '未归属'.
 */
export async function assistantMetrics(ctx: Ctx, actor: StaffActor, q: { from: string; to: string; departmentId?: string | undefined }): Promise<AssistantMetrics> {
  if (q.from > q.to) throw new AppError('VALIDATION_FAILED', { detail: '开始日期不能晚于结束日期' });
  const scope = orgScope(actor, ctx.org);
  if (q.departmentId && !inScope(scope, q.departmentId)) throw new AppError('OUT_OF_SCOPE');
  const wanted = q.departmentId ? ctx.org.subtree(q.departmentId) : scope;
  const start = cstInstant(q.from);
  const end = cstInstant(addCalendarDays(q.to, 1));

  const inPeriod = ctx.db
    .selectFrom('assistant_sessions')
    .where('started_at', '>=', start)
    .where('started_at', '<', end)
    .where('question_count', '>=', 1);
  const [sessions, turns] = await Promise.all([
    inPeriod.select(['id', 'matter_id', 'ended_at', 'last_activity_at', 'human_requested_at']).execute(),
    ctx.db
      .selectFrom('assistant_turns')
      .select(['session_id', 'seq', 'outcome', 'feedback', 'department_id', 'matter_id'])
      .where('session_id', 'in', inPeriod.select('id'))
      .orderBy('session_id')
      .orderBy('seq')
      .execute(),
  ]);
  const matterIds = [...new Set([...sessions.map((s) => s.matter_id), ...turns.map((t) => t.matter_id)].filter((id): id is string => id !== null))];
  const matters = new Map(
    matterIds.length ? (await ctx.db.selectFrom('matters').select(['id', 'name', 'department_id']).where('id', 'in', matterIds).execute()).map((m) => [m.id, m]) : [],
  );

  const turnsOf = new Map<string, typeof turns>();
  for (const t of turns) turnsOf.set(t.session_id, [...(turnsOf.get(t.session_id) ?? []), t]);
  const idleBefore = ctx.clock.now().getTime() - SESSION_IDLE_END_MINUTES * 60_000;
  const outcomes: SessionOutcome[] = [];
  for (const s of sessions) {
    const own = turnsOf.get(s.id) ?? [];
    const lastAnswer = own.filter((t) => t.outcome === 'answer').at(-1);
    const explicit = own.some((t) => t.feedback === 'solved');
    const notSolved = own.some((t) => t.feedback === 'not_solved');
    const humanRequested = s.human_requested_at !== null;
    const ended = s.ended_at !== null || s.last_activity_at.getTime() <= idleBefore;
    const departmentId = lastAnswer?.department_id ?? (s.matter_id ? (matters.get(s.matter_id)?.department_id ?? null) : null);
    if (!inScope(wanted, departmentId)) continue;
    outcomes.push({
      departmentId,
      matterId: s.matter_id ?? lastAnswer?.matter_id ?? null,
      explicit,
      resolved: explicit || (ended && !humanRequested && !notSolved),
      humanRequested,
      notSolved,
      questions: own.filter((t) => t.outcome !== 'smalltalk').length,
      answered: own.filter((t) => t.outcome === 'answer').length,
    });
  }

  return {
    from: q.from,
    to: q.to,
    overall: {
      ...rate(outcomes),
      humanRequested: outcomes.filter((o) => o.humanRequested).length,
      notSolved: outcomes.filter((o) => o.notSolved).length,
      questions: sum(outcomes.map((o) => o.questions)),
      answered: sum(outcomes.map((o) => o.answered)),
    },
    target: RESOLUTION_TARGET,
    byDepartment: breakdown(outcomes, (o) => o.departmentId, (id) => ctx.org.get(id)?.name ?? UNASSIGNED, UNASSIGNED),
    byMatter: breakdown(outcomes, (o) => o.matterId, (id) => matters.get(id)?.name ?? NO_MATTER, NO_MATTER),
    topUnanswered: await topUnanswered(ctx, wanted, start, end),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** A percentage with one decimal (60.0), or null when there is nothing to divide by. */
const percent = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

function rate(outcomes: SessionOutcome[]) {
  const resolved = outcomes.filter((o) => o.resolved).length;
  const resolvedExplicit = outcomes.filter((o) => o.explicit).length;
  return { sessions: outcomes.length, resolved, resolvedExplicit, rate: percent(resolved, outcomes.length), explicitRate: percent(resolvedExplicit, outcomes.length) };
}

function breakdown(outcomes: SessionOutcome[], key: (o: SessionOutcome) => string | null, name: (id: string) => string, none: string) {
  const groups = new Map<string | null, SessionOutcome[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return [...groups.entries()]
    .map(([id, group]) => ({ id, name: id ? name(id) : none, ...rate(group) }))
    .sort((a, b) => b.sessions - a.sessions || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The questions 小申 could not answer that were asked in the period, most asked first (查遗补缺). */
async function topUnanswered(ctx: Ctx, wanted: 'all' | Set<string>, start: Date, end: Date) {
  let q = ctx.db
    .selectFrom('kb_gaps as g')
    .leftJoin('matters as m', 'm.id', 'g.matter_id')
    .select(['g.question', 'g.occurrences', 'g.department_id', 'g.status', 'm.name as matter'])
    .where('g.last_seen_at', '>=', start)
    .where('g.last_seen_at', '<', end);
  if (wanted !== 'all') q = q.where('g.department_id', 'in', [...wanted]);
  const rows = await q.orderBy('g.occurrences', 'desc').orderBy('g.last_seen_at', 'desc').limit(TOP_UNANSWERED).execute();
  return rows.map((r) => ({
    question: r.question,
    occurrences: r.occurrences,
    department: r.department_id ? (ctx.org.get(r.department_id)?.name ?? null) : null,
    matter: r.matter,
    status: r.status,
  }));
}
