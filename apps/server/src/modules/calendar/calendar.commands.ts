import { isValidDate } from '@bangban/calendar';
import type { AppContext } from '../../context.ts';
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
