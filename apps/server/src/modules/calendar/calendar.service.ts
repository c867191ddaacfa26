import {
  CalendarBadDateError,
  CalendarYearNotCoveredError,
  cstDate,
  DEFAULT_WORKING_HOURS,
  type DayOverride,
  GroupSchedule,
  isCalendarError,
  WorkingCalendar,
} from '@bangban/calendar';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

/**
 * The one working calendar of the deployment: the maintained holiday data plus the admin's overrides and
 * declared years, rebuilt after every calendar write (the event listener in app.ts calls reload()).
 */
export class CalendarService {
  private current = new WorkingCalendar();

  constructor(
    private readonly db: Db,
    private readonly org: OrgTree,
  ) {}

  async reload(): Promise<void> {
    this.current = await this.build();
  }

  /** The calendar from the stored overrides and declared years, plus what is given (a notice being previewed). */
  async build(extra: { overrides?: DayOverride[]; year?: number } = {}): Promise<WorkingCalendar> {
    const [overrides, years] = await Promise.all([
      this.db.selectFrom('calendar_overrides').selectAll().execute(),
      this.db.selectFrom('calendar_years').select('year').execute(),
    ]);
    return new WorkingCalendar({
      overrides: [...overrides.map((o) => ({ date: o.date, working: o.working, ...(o.name ? { name: o.name } : {}) })), ...(extra.overrides ?? [])],
      extraYears: [...years.map((y) => y.year), ...(extra.year ? [extra.year] : [])],
    });
  }

  /** Whether a deadline or opening time at `instant` was computed from a provisional year. */
  isProvisional(instant: Date): boolean {
    return this.current.isProvisional(Number(cstDate(instant).slice(0, 4)));
  }

  get calendar(): WorkingCalendar {
    return this.current;
  }

  /** Opening hours of an agent group on working days; groups without their own use the default. */
  scheduleFor(groupId: string | null): GroupSchedule {
    const hours = (groupId && this.org.get(groupId)?.workingHours) || DEFAULT_WORKING_HOURS;
    return new GroupSchedule(this.current, hours);
  }
}

/** Calendar errors carry their own codes; turn them into API errors with the same code. */
export function toAppError(err: unknown): unknown {
  if (!isCalendarError(err)) return err;
  if (err instanceof CalendarYearNotCoveredError) return new AppError('CALENDAR_YEAR_NOT_COVERED', { year: err.year });
  if (err instanceof CalendarBadDateError) return new AppError('CALENDAR_BAD_DATE', { date: String(err.input) });
  if (err.code === 'CALENDAR_BAD_HOURS') return new AppError('CALENDAR_BAD_HOURS', { detail: err.message.replace(/^[^：]*：/, '') });
  return new AppError('CALENDAR_BAD_ARGUMENT', { detail: err.message.replace(/^[^：]*：/, '') });
}
