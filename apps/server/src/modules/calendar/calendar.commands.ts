import { addCalendarDays, isCalendarError, isValidDate, type CalendarDay, type DayOverride } from '@bangban/calendar';
import type { CalendarNoticePreview } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { GAP_DEADLINE_WORKING_DAYS } from '../knowledge/gap.commands.ts';
import { FOLLOW_UP_WORKING_DAYS } from '../ratings/rating.commands.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock'>;

function checkDate(date: string): void {
  if (!isValidDate(date)) throw new AppError('CALENDAR_BAD_DATE', { date });
}

export async function setOverride(ctx: Ctx, wctx: StaffWriteContext, date: string, body: { working: boolean; name?: string | undefined }) {
  checkDate(date);
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.selectFrom('calendar_overrides').selectAll().where('date', '=', date).forUpdate().executeTakeFirst();
    const row = await tx.db
      .insertInto('calendar_overrides')
      .values({ date, working: body.working, name: body.name ?? null, updated_by: wctx.actor.id, updated_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('date').doUpdateSet({ working: body.working, name: body.name ?? null, updated_by: wctx.actor.id, updated_at: ctx.clock.now() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({
      type: 'calendar.override_set',
      subjectType: 'calendar_day',
      subjectId: date,
      before: before ? { working: before.working, name: before.name } : null,
      after: { working: row.working, name: row.name },
      summary: `${date} 设为${row.working ? '工作日' : '休息日'}${row.name ? `（${row.name}）` : ''}`,
    });
    return row;
  });
}

export async function removeOverride(ctx: Ctx, wctx: StaffWriteContext, date: string): Promise<void> {
  checkDate(date);
  await inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.deleteFrom('calendar_overrides').where('date', '=', date).returningAll().executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND');
    await tx.record({ type: 'calendar.override_removed', subjectType: 'calendar_day', subjectId: date, before: { working: before.working, name: before.name } });
  });
}

/** Declares a year's holidays entered (the admin has set its overrides), so working-day maths may use it. */
export async function declareYear(ctx: Ctx, wctx: StaffWriteContext, year: number, note: string | undefined) {
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .insertInto('calendar_years')
      .values({ year, note: note ?? null, declared_by: wctx.actor.id })
      .onConflict((oc) => oc.column('year').doUpdateSet({ note: note ?? null }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'calendar.year_declared', subjectType: 'calendar_year', subjectId: String(year), after: { year, note: row.note }, summary: `${year} 年节假日安排已录入` });
    return row;
  });
}

export interface NoticeInput {
  year: number;
  holidays: { name: string; from: string; to: string }[];
  workdays: { name: string; date: string }[];
  note?: string | undefined;
}

/** The notice as per-date decisions; every date must lie in the notice's year (the 元旦 of the next year belongs to the next notice). */
function noticeDays(input: NoticeInput): DayOverride[] {
  const out = new Map<string, DayOverride>();
  for (const h of input.holidays) {
    checkDate(h.from);
    checkDate(h.to);
    if (h.to < h.from) throw new AppError('CALENDAR_BAD_ARGUMENT', { detail: `${h.name}的结束日期 ${h.to} 早于开始日期 ${h.from}` });
    for (let d = h.from; d <= h.to; d = addCalendarDays(d, 1)) out.set(d, { date: d, working: false, name: h.name });
    if (out.size > 366) throw new AppError('CALENDAR_BAD_ARGUMENT', { detail: '放假日期过多' });
  }
  for (const w of input.workdays) {
    checkDate(w.date);
    if (out.get(w.date)?.working === false) throw new AppError('CALENDAR_BAD_ARGUMENT', { detail: `${w.date} 不能既放假又上班` });
    out.set(w.date, { date: w.date, working: true, name: w.name });
  }
  for (const d of out.keys()) {
    // 元旦 may start on 31 December of the year before (e.g. 2018-12-30 in the 2019 notice): allow the days just before.
    const inYear = d.startsWith(`${input.year}-`) || (d.startsWith(`${input.year - 1}-12-`) && d >= `${input.year - 1}-12-25`);
    if (!inYear) throw new AppError('CALENDAR_BAD_ARGUMENT', { detail: `${d} 不在 ${input.year} 年的安排之内` });
  }
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
}

const OPEN_FOLLOW_UP = ['open', 'called_back', 'rectified'] as const;

/**
 * What entering the notice would change: the days, and the deadlines already given (open gaps, open bad-rating
 * follow-ups) that the confirmed calendar would put elsewhere. Nothing is written.
 */
export async function previewNotice(ctx: Ctx & Pick<AppContext, 'calendar'>, input: NoticeInput): Promise<CalendarNoticePreview> {
  const days = noticeDays(input);
  const current = ctx.calendar.calendar;
  const next = await ctx.calendar.build({ overrides: days, year: input.year });
  const changed: CalendarNoticePreview['days'] = [];
  const state = (d: CalendarDay) => ({ working: d.working, kind: d.kind, ...(d.name ? { name: d.name } : {}) });
  const first = `${input.year}-01-01`;
  for (const after of next.listDays(days[0] && days[0].date < first ? days[0].date : first, `${input.year}-12-31`)) {
    let before: CalendarDay | null = null;
    try {
      before = current.day(after.date);
    } catch (err) {
      if (!isCalendarError(err)) throw err;
    }
    if (!before || before.working !== after.working || before.name !== after.name) {
      changed.push({ date: after.date, before: before ? state(before) : { working: after.working, kind: after.kind }, after: state(after) });
    }
  }

  const deadlines: CalendarNoticePreview['deadlines'] = [];
  const moved = (given: Date | null, from: Date, n: number) => {
    let wouldBe: Date;
    try {
      wouldBe = next.deadlineAfterWorkingDays(from, n);
    } catch (err) {
      if (isCalendarError(err)) return null;
      throw err;
    }
    return given && given.getTime() === wouldBe.getTime() ? null : wouldBe;
  };
  const gaps = await ctx.db.selectFrom('kb_gaps').select(['id', 'question', 'created_at', 'due_at']).where('status', '=', 'open').execute();
  for (const g of gaps) {
    const wouldBe = moved(g.due_at, g.created_at, GAP_DEADLINE_WORKING_DAYS);
    if (wouldBe) deadlines.push({ kind: 'gap', id: g.id, label: g.question.slice(0, 60), dueAt: g.due_at?.toISOString() ?? null, wouldBe: wouldBe.toISOString() });
  }
  const followUps = await ctx.db
    .selectFrom('rating_follow_ups')
    .innerJoin('ratings', 'ratings.id', 'rating_follow_ups.rating_id')
    .select(['rating_follow_ups.id', 'rating_follow_ups.due_at', 'ratings.rated_at', 'ratings.overall'])
    .where('rating_follow_ups.status', 'in', OPEN_FOLLOW_UP)
    .execute();
  for (const f of followUps) {
    const wouldBe = moved(f.due_at, f.rated_at, FOLLOW_UP_WORKING_DAYS);
    if (wouldBe) deadlines.push({ kind: 'follow_up', id: f.id, label: `差评整改（${f.overall} 星）`, dueAt: f.due_at?.toISOString() ?? null, wouldBe: wouldBe.toISOString() });
  }
  return { year: input.year, days: changed, deadlines };
}

/** Enters the notice: every listed date as an override and the year declared, in one audited transaction. */
export async function enterNotice(ctx: Ctx & Pick<AppContext, 'calendar'>, wctx: StaffWriteContext, input: NoticeInput): Promise<CalendarNoticePreview> {
  const preview = await previewNotice(ctx, input);
  const days = noticeDays(input);
  const now = ctx.clock.now();
  await inTransaction(ctx, wctx, async (tx) => {
    for (const d of days) {
      const values = { working: d.working, name: d.name ?? null, updated_by: wctx.actor.id, updated_at: now };
      await tx.db.insertInto('calendar_overrides').values({ date: d.date, ...values }).onConflict((oc) => oc.column('date').doUpdateSet(values)).execute();
    }
    const note = input.note ?? '按国务院办公厅通知录入';
    await tx.db.insertInto('calendar_years').values({ year: input.year, note, declared_by: wctx.actor.id }).onConflict((oc) => oc.column('year').doUpdateSet({ note })).execute();
    await tx.record({
      type: 'calendar.notice_entered',
      subjectType: 'calendar_year',
      subjectId: String(input.year),
      after: { holidays: input.holidays, workdays: input.workdays, movedDeadlines: preview.deadlines.length },
      summary: `录入 ${input.year} 年节假日安排：放假 ${days.filter((d) => !d.working).length} 天，调休上班 ${days.filter((d) => d.working).length} 天`,
    });
  });
  return preview;
}
