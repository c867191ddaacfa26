// Every calendar failure is a typed error with a stable `code` (for the API layer to map to
// HTTP responses) and a plain-Chinese `message` that can be shown to staff as-is.

export type CalendarErrorCode =
  | 'CALENDAR_YEAR_NOT_COVERED'
  | 'CALENDAR_BAD_DATE'
  | 'CALENDAR_BAD_HOURS'
  | 'CALENDAR_BAD_ARGUMENT';

export class CalendarError extends Error {
  readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string) {
    super(message);
    this.name = 'CalendarError';
    this.code = code;
  }
}

/** A year whose holiday arrangement nobody has entered: refusing beats guessing "Mon–Fri". */
export class CalendarYearNotCoveredError extends CalendarError {
  readonly year: number;

  constructor(year: number) {
    super(
      'CALENDAR_YEAR_NOT_COVERED',
      `${year} 年的节假日安排尚未录入，请管理员在“工作日历”中补录后再试。`,
    );
    this.name = 'CalendarYearNotCoveredError';
    this.year = year;
  }
}

export class CalendarBadDateError extends CalendarError {
  readonly input: unknown;

  constructor(input: unknown) {
    super(
      'CALENDAR_BAD_DATE',
      `日期“${String(input)}”无效，请使用 YYYY-MM-DD 格式的真实日期（例如 2026-03-02）。`,
    );
    this.name = 'CalendarBadDateError';
    this.input = input;
  }
}

export class CalendarBadHoursError extends CalendarError {
  constructor(detail: string) {
    super('CALENDAR_BAD_HOURS', `工作时间设置有误：${detail}`);
    this.name = 'CalendarBadHoursError';
  }
}

export class CalendarBadArgumentError extends CalendarError {
  constructor(detail: string) {
    super('CALENDAR_BAD_ARGUMENT', `日历参数有误：${detail}`);
    this.name = 'CalendarBadArgumentError';
  }
}

export function isCalendarError(err: unknown): err is CalendarError {
  return err instanceof CalendarError;
}
