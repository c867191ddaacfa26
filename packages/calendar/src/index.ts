export {
  CalendarError,
  CalendarYearNotCoveredError,
  CalendarBadDateError,
  CalendarBadHoursError,
  CalendarBadArgumentError,
  isCalendarError,
  type CalendarErrorCode,
} from './calendar.errors.ts';
export {
  cstDate,
  cstInstant,
  isValidDate,
  addCalendarDays,
  CST_OFFSET_MS,
} from './cst-time.ts';
export { BUILTIN_COVERED_YEARS } from './builtin-holidays.ts';
export { statutoryDaysOff, STATUTORY_RULES_FROM, PROVISIONAL_LAST_YEAR, type StatutoryDay } from './statutory-holidays.ts';
export {
  WorkingCalendar,
  type CalendarDay,
  type CalendarDayKind,
  type DayOverride,
  type WorkingCalendarOptions,
} from './working-calendar.ts';
export {
  DEFAULT_WORKING_HOURS,
  validateWorkingHours,
  type WorkingHours,
  type WorkingPeriod,
} from './working-hours.ts';
export { GroupSchedule } from './group-schedule.ts';
