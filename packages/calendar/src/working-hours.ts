// Opening hours of an agent group on working days, e.g. 09:00–12:00 and 13:30–17:30.
import { CalendarBadHoursError } from './calendar.errors.ts';
import { parseClock } from './cst-time.ts';

export type WorkingPeriod = { start: string; end: string };
export type WorkingHours = { periods: WorkingPeriod[] };

/** A period as milliseconds since CST midnight, half-open [startMs, endMs). */
export type PeriodMs = { startMs: number; endMs: number };

export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({
  periods: Object.freeze([
    Object.freeze({ start: '09:00', end: '12:00' }),
    Object.freeze({ start: '13:30', end: '17:30' }),
  ]) as unknown as WorkingPeriod[],
});

function clockMs(time: string, label: string): number {
  try {
    return parseClock(time) * 60_000;
  } catch {
    throw new CalendarBadHoursError(`${label}“${String(time)}”不是 HH:MM 格式的时间（例如 09:00）。`);
  }
}

/**
 * Validates and normalises hours. Periods must be in order and must not overlap; periods that
 * merely touch (12:00–12:00) are merged, so closing time means when the desk actually closes.
 */
export function parseWorkingHours(hours: WorkingHours): PeriodMs[] {
  const periods = hours?.periods;
  if (!Array.isArray(periods) || periods.length === 0) {
    // A group with no hours would never open and nextOpening() could never answer.
    throw new CalendarBadHoursError('至少需要设置一个工作时段。');
  }
  const out: PeriodMs[] = [];
  periods.forEach((period, i) => {
    const label = `第 ${i + 1} 个时段的`;
    const startMs = clockMs(period?.start, `${label}开始时间`);
    const endMs = clockMs(period?.end, `${label}结束时间`);
    if (startMs >= endMs) {
      throw new CalendarBadHoursError(`${label}开始时间 ${period.start} 须早于结束时间 ${period.end}。`);
    }
    const prev = out[out.length - 1];
    if (prev && startMs < prev.endMs) {
      throw new CalendarBadHoursError(
        `第 ${i + 1} 个时段（${period.start}–${period.end}）与前一时段重叠或顺序颠倒，请按时间先后填写且不要重叠。`,
      );
    }
    if (prev && startMs === prev.endMs) prev.endMs = endMs;
    else out.push({ startMs, endMs });
  });
  return out;
}

export function validateWorkingHours(hours: WorkingHours): void {
  parseWorkingHours(hours);
}
