import { CalendarYearNotCoveredError, type GroupSchedule } from '@bangban/calendar';

/** DOMAIN.md: the first human response is due within 1 minute; compliance = share of requests within it. */
export const FIRST_RESPONSE_TARGET_SECONDS = 60;

interface Clocked {
  requested_at: Date;
  sla_start_at: Date | null;
  first_response_at: Date | null;
}

/** True when the request arrived while the group was closed: its clock starts at the next opening. */
export const arrivedOutsideHours = (c: Clocked) => c.sla_start_at !== null && c.requested_at.getTime() < c.sla_start_at.getTime();

/**
 * Seconds on the first-response clock between its start (queued_at, or the next opening for a request that
 * arrived outside working hours: DOMAIN.md) and `until`. A request that arrived outside hours is counted in the
 * group's working seconds, so a ticket opened Monday 09:00 and answered Monday 09:00:45 is 45 s whatever the
 * weekend; one queued in working hours is plain elapsed time. Null when the start is unknown (the calendar
 * does not cover the year yet) or still ahead.
 */
export function clockSeconds(schedule: GroupSchedule, c: Clocked, until: Date): number | null {
  if (!c.sla_start_at || until.getTime() < c.sla_start_at.getTime()) return null;
  if (!arrivedOutsideHours(c)) return Math.floor((until.getTime() - c.sla_start_at.getTime()) / 1000);
  try {
    return schedule.workingSecondsBetween(c.sla_start_at, until);
  } catch (err) {
    if (err instanceof CalendarYearNotCoveredError) return null;
    throw err;
  }
}

export type FirstResponseVerdict = { kind: 'answered'; seconds: number; within: boolean } | { kind: 'breached' } | { kind: 'pending' };

/**
 * Where a request stands against the 60 s target at `now`: answered (with its time), already breached without
 * an answer (still waiting past 60 s, or closed with no agent message), or pending (its minute is not up).
 */
export function firstResponseVerdict(schedule: GroupSchedule, c: Clocked & { closed_at: Date | null }, now: Date): FirstResponseVerdict {
  if (c.first_response_at) {
    const seconds = clockSeconds(schedule, c, c.first_response_at);
    // An agent can only write after the clock starts; a null here means the calendar lost the year.
    if (seconds === null) return { kind: 'pending' };
    return { kind: 'answered', seconds, within: seconds <= FIRST_RESPONSE_TARGET_SECONDS };
  }
  const waited = clockSeconds(schedule, c, c.closed_at ?? now);
  if (waited === null) return { kind: 'pending' };
  return c.closed_at || waited > FIRST_RESPONSE_TARGET_SECONDS ? { kind: 'breached' } : { kind: 'pending' };
}
