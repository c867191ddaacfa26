// A working calendar plus an agent group's opening hours: answers "is the desk open now",
// "when does it open next" and "how much working time passed" (SLA clocks).
import { CalendarBadArgumentError } from './calendar.errors.ts';
import {
  assertInstant,
  cstDayOf,
  cstDayStartMs,
  cstMsOfDay,
  DAY_MS,
  formatDay,
  parseDate,
} from './cst-time.ts';
import { parseWorkingHours, type PeriodMs, type WorkingHours } from './working-hours.ts';
import type { WorkingCalendar } from './working-calendar.ts';

export class GroupSchedule {
  readonly calendar: WorkingCalendar;
  private readonly periods: readonly PeriodMs[];
  private readonly msPerWorkingDay: number;

  constructor(calendar: WorkingCalendar, hours: WorkingHours) {
    this.calendar = calendar;
    this.periods = Object.freeze(parseWorkingHours(hours));
    this.msPerWorkingDay = this.periods.reduce((sum, p) => sum + p.endMs - p.startMs, 0);
  }

  /** Working hours per working day, in seconds (e.g. 7 h → 25200). */
  workingSecondsPerDay(): number {
    return this.msPerWorkingDay / 1000;
  }

  isOpen(instant: Date): boolean {
    return this.currentPeriod(instant) !== undefined;
  }

  /** End of the period the instant falls in, or null when the desk is closed. */
  closingTime(instant: Date): Date | null {
    const period = this.currentPeriod(instant);
    if (!period) return null;
    return new Date(cstDayStartMs(cstDayOf(instant)) + period.endMs);
  }

  /** The instant itself if open; otherwise the start of the next period, skipping days off. */
  nextOpening(instant: Date): Date {
    if (this.isOpen(instant)) return new Date(assertInstant(instant));
    const day = cstDayOf(instant);
    if (this.calendar.isWorkingDay(formatDay(day))) {
      const ms = cstMsOfDay(instant);
      const later = this.periods.find((p) => p.startMs > ms);
      if (later) return new Date(cstDayStartMs(day) + later.startMs);
    }
    const next = parseDate(this.calendar.addWorkingDays(formatDay(day), 1));
    return new Date(cstDayStartMs(next) + (this.periods[0] as PeriodMs).startMs);
  }

  /**
   * Whole seconds inside working periods on working days between two instants (0 if to <= from).
   * Constant time: partial first and last days plus a prefix-sum count of the days between.
   */
  workingSecondsBetween(from: Date, to: Date): number {
    return Math.floor(this.workingMsBetween(from, to) / 1000);
  }

  workingMsBetween(from: Date, to: Date): number {
    const a = assertInstant(from);
    const b = assertInstant(to);
    if (b <= a) return 0;
    const dayA = cstDayOf(from);
    let dayB = cstDayOf(to);
    const msA = cstMsOfDay(from);
    let msB = cstMsOfDay(to);
    // An end at midnight means "through the previous day": don't demand coverage of a day we never enter.
    if (msB === 0 && dayB > dayA) {
      dayB -= 1;
      msB = DAY_MS;
    }
    const dateA = formatDay(dayA);
    const dateB = formatDay(dayB);
    const workingA = this.calendar.isWorkingDay(dateA);
    if (dayA === dayB) return workingA ? this.overlap(msA, msB) : 0;
    const workingB = this.calendar.isWorkingDay(dateB);
    let total = (workingA ? this.overlap(msA, DAY_MS) : 0) + (workingB ? this.overlap(0, msB) : 0);
    // Working days strictly between the two dates: (dayA, dayB] minus dayB itself.
    const inner = this.calendar.workingDaysBetween(dateA, dateB) - (workingB ? 1 : 0);
    total += inner * this.msPerWorkingDay;
    return total;
  }

  /** The instant `seconds` of working time after `from` (SLA due time), walking per day. */
  addWorkingSeconds(from: Date, seconds: number): Date {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new CalendarBadArgumentError(`工作时长须为非负数，收到 ${String(seconds)}。`);
    }
    let left = seconds * 1000;
    let cursor = this.nextOpening(from).getTime();
    for (;;) {
      const at = new Date(cursor);
      const day = cstDayOf(at);
      const ms = cstMsOfDay(at);
      const period = this.periods.find((p) => ms >= p.startMs && ms < p.endMs) as PeriodMs;
      const room = period.endMs - ms;
      if (left <= room) return new Date(cursor + left);
      left -= room;
      cursor = this.nextOpening(new Date(cstDayStartMs(day) + period.endMs)).getTime();
    }
  }

  /** Milliseconds of [fromMs, toMs) (ms since CST midnight) that fall inside working periods. */
  private overlap(fromMs: number, toMs: number): number {
    let total = 0;
    for (const p of this.periods) total += Math.max(0, Math.min(toMs, p.endMs) - Math.max(fromMs, p.startMs));
    return total;
  }

  private currentPeriod(instant: Date): PeriodMs | undefined {
    const day = cstDayOf(instant);
    if (!this.calendar.isWorkingDay(formatDay(day))) return undefined;
    const ms = cstMsOfDay(instant);
    return this.periods.find((p) => ms >= p.startMs && ms < p.endMs);
  }
}
