// China Standard Time helpers. CST is a fixed UTC+8 with no DST, so we shift by a constant
// and read the UTC fields: the host's TZ (and Intl) never enters the computation.
import { CalendarBadArgumentError, CalendarBadDateError } from './calendar.errors.ts';

export const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/**
 * Days since 1970-01-01 for a 'YYYY-MM-DD' string; rejects '2026-02-30', '2026/1/1', '2026-1-1'.
 * Integer day numbers make "next day" and "is weekend" plain arithmetic.
 */
export function parseDate(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) throw new CalendarBadDateError(date);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new CalendarBadDateError(date);
  }
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

export function isValidDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

export function formatDay(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDay(dayNum: number): number {
  return new Date(dayNum * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNum: number): number {
  return (((dayNum + 4) % 7) + 7) % 7;
}

export function isWeekendDay(dayNum: number): boolean {
  const w = weekdayOfDay(dayNum);
  return w === 0 || w === 6;
}

export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

export function daysInYear(year: number): number {
  return firstDayOfYear(year + 1) - firstDayOfYear(year);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addCalendarDays(date: string, n: number): string {
  return formatDay(parseDate(date) + n);
}

export function assertInstant(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(t)) throw new CalendarBadArgumentError('时间点无效（不是有效的 Date）。');
  return t;
}

/** Day number of the instant's CST calendar date. */
export function cstDayOf(instant: Date): number {
  return Math.floor((assertInstant(instant) + CST_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since CST midnight of the instant's CST date. */
export function cstMsOfDay(instant: Date): number {
  const shifted = assertInstant(instant) + CST_OFFSET_MS;
  return shifted - Math.floor(shifted / DAY_MS) * DAY_MS;
}

/** The UTC epoch ms at which the given CST day number starts (CST midnight). */
export function cstDayStartMs(dayNum: number): number {
  return dayNum * DAY_MS - CST_OFFSET_MS;
}

/** The instant's calendar date in China, e.g. 2025-12-31T16:00:00Z → '2026-01-01'. */
export function cstDate(instant: Date): string {
  return formatDay(cstDayOf(instant));
}

/** 'HH:MM' → minutes since midnight; '24:00' is allowed so a period can run to midnight. */
export function parseClock(time: string): number {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!m || min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new CalendarBadArgumentError(`时间“${String(time)}”无效，请使用 HH:MM 格式（例如 09:00）。`);
  }
  return h * 60 + min;
}

/** The instant at which the clock in China shows `time` on `date`. */
export function cstInstant(date: string, time = '00:00'): Date {
  return new Date(cstDayStartMs(parseDate(date)) + parseClock(time) * 60_000);
}
