// The single source of truth for "is this a working day in mainland China". Combines the
// chinese-days data, the admin's per-date overrides and admin-declared extra years, and
// refuses to answer for any year nobody has published data for.
import { BUILTIN_COVERED_YEARS, BUILTIN_ENTRIES } from './builtin-holidays.ts';
import { PROVISIONAL_LAST_YEAR, STATUTORY_RULES_FROM, statutoryDaysOff } from './statutory-holidays.ts';
import {
  CalendarBadArgumentError,
  CalendarYearNotCoveredError,
} from './calendar.errors.ts';
import {
  cstDate,
  cstDayStartMs,
  daysInYear,
  firstDayOfYear,
  formatDay,
  isWeekendDay,
  parseDate,
  yearOfDay,
} from './cst-time.ts';

export type CalendarDayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export type CalendarDay = {
  date: string;
  working: boolean;
  kind: CalendarDayKind;
  name?: string;
  /**
   * builtin = chinese-days, override = admin entry, rule = plain Mon–Fri, statutory = a day off the law gives
   * in a provisional year (its notice not entered yet).
   */
  source: 'builtin' | 'override' | 'rule' | 'statutory';
  /** Set on every day of a provisional year: computed from the law, the year's 调休 still unknown. */
  provisional?: true;
};

export type DayOverride = { date: string; working: boolean; name?: string };

export type WorkingCalendarOptions = {
  /** Admin per-date decisions; they beat the builtin data. Later entries for a date win. */
  overrides?: DayOverride[];
  /** Years the admin declares complete (typically with their holidays given as overrides). */
  extraYears?: number[];
  /** Use chinese-days data (default true). Tests and air-gapped setups may turn it off. */
  builtin?: boolean;
  /**
   * Years after the last confirmed one get a provisional arrangement from the law (default true), so a deadline
   * never stops at New Year; false restores the strict refusal (CALENDAR_YEAR_NOT_COVERED).
   */
  provisional?: boolean;
};

// Ten years: far beyond any admin month view, small enough that a typo cannot allocate millions.
const MAX_LIST_SPAN_DAYS = 3660;

interface YearTable {
  year: number;
  provisional: boolean;
  start: number;
  days: readonly CalendarDay[];
  /** cum[i] = working days among the first i days of the year; makes range counts O(1). */
  cum: Int32Array;
}

function assertInteger(n: number, what: string, min = -Infinity): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new CalendarBadArgumentError(`${what}须为${min === 0 ? '非负' : ''}整数，收到 ${String(n)}。`);
  }
}

function kindFor(working: boolean, weekend: boolean, named: boolean): CalendarDayKind {
  if (working) return weekend ? 'makeup_workday' : 'workday';
  // A named day off is a holiday even on a weekend (e.g. 2026-02-21, a Saturday in 春节).
  return weekend && !named ? 'weekend' : 'holiday';
}

export class WorkingCalendar {
  private readonly builtin: boolean;
  private readonly covered: readonly number[];
  private readonly coveredSet: ReadonlySet<number>;
  private readonly provisionalFrom: number;
  private readonly statutory = new Map<number, ReadonlyMap<string, string>>();
  private readonly overrides = new Map<string, DayOverride>();
  private readonly tables = new Map<number, YearTable>();
  private lastTable: YearTable | undefined;

  constructor(options: WorkingCalendarOptions = {}) {
    this.builtin = options.builtin ?? true;
    const years = new Set<number>(this.builtin ? BUILTIN_COVERED_YEARS : []);
    for (const year of options.extraYears ?? []) {
      if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) {
        throw new CalendarBadArgumentError(`年份“${String(year)}”无效。`);
      }
      years.add(year);
    }
    this.covered = Object.freeze([...years].sort((a, b) => a - b));
    this.coveredSet = years;
    // Only forward from the last confirmed year: the past is either confirmed or history.
    const last = this.covered[this.covered.length - 1];
    this.provisionalFrom = options.provisional === false ? Infinity : Math.max(STATUTORY_RULES_FROM, last === undefined ? -Infinity : last + 1);
    for (const override of options.overrides ?? []) {
      parseDate(override.date);
      if (typeof override.working !== 'boolean') {
        throw new CalendarBadArgumentError(`${override.date} 的调整须注明是否上班。`);
      }
      this.overrides.set(override.date, override);
    }
  }

  coveredYears(): number[] {
    return [...this.covered];
  }

  /** Confirmed: the year's notice is in the built-in data or the admin declared it entered. */
  isCovered(year: number): boolean {
    return this.coveredSet.has(year);
  }

  /** Not confirmed, but answered from the law (see statutory-holidays.ts). */
  isProvisional(year: number): boolean {
    return !this.coveredSet.has(year) && year >= this.provisionalFrom && year <= PROVISIONAL_LAST_YEAR;
  }

  /** Whether any day in [from, to] (dates, either order) lies in a provisional year. */
  spansProvisional(from: string, to: string): boolean {
    const a = yearOfDay(parseDate(from));
    const b = yearOfDay(parseDate(to));
    for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (this.isProvisional(y)) return true;
    return false;
  }

  day(date: string): CalendarDay {
    return this.dayAt(parseDate(date));
  }

  isWorkingDay(date: string): boolean {
    return this.dayAt(parseDate(date)).working;
  }

  /**
   * n > 0: the n-th working day strictly after `date`; n < 0: the |n|-th strictly before.
   * n = 0 returns `date` unchanged even if it is a day off (an offset of zero is the identity;
   * use workingDayOnOrAfter() to roll forward). Every date touched must be in a covered year.
   */
  addWorkingDays(date: string, n: number): string {
    assertInteger(n, '工作日天数');
    let d = parseDate(date);
    this.dayAt(d);
    const step = n > 0 ? 1 : -1;
    // Terminates: each step either finds a working day or eventually leaves the covered
    // years, where dayAt() throws CALENDAR_YEAR_NOT_COVERED.
    for (let left = Math.abs(n); left > 0; ) {
      d += step;
      if (this.dayAt(d).working) left--;
    }
    return formatDay(d);
  }

  /** `date` itself if it is a working day, else the next working day. */
  workingDayOnOrAfter(date: string): string {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
  }

  /** Working days in (from, to]; negative when to < from, so addWorkingDays(from, result) lands on to's side. */
  workingDaysBetween(from: string, to: string): number {
    const a = parseDate(from);
    const b = parseDate(to);
    if (a === b) {
      this.dayAt(a);
      return 0;
    }
    return a < b ? this.countAfter(a, b) : -this.countAfter(b, a);
  }

  /** Every day in [from, to], both inclusive (for the admin's month view). */
  listDays(from: string, to: string): CalendarDay[] {
    const a = parseDate(from);
    const b = parseDate(to);
    if (b < a) throw new CalendarBadArgumentError(`结束日期 ${to} 早于开始日期 ${from}。`);
    if (b - a >= MAX_LIST_SPAN_DAYS) {
      throw new CalendarBadArgumentError(`一次最多查询 ${MAX_LIST_SPAN_DAYS} 天。`);
    }
    const out: CalendarDay[] = [];
    for (let d = a; d <= b; d++) out.push(this.dayAt(d));
    return out;
  }

  /** Holidays, make-up working days and admin adjustments of a year, in date order. */
  holidaysOfYear(year: number): CalendarDay[] {
    assertInteger(year, '年份');
    return this.tableForYear(year).days.filter((day) => day.source !== 'rule');
  }

  /**
   * End (23:59:59.999 CST) of the n-th working day after the instant's CST date; the day the
   * request arrives never counts, whatever the hour. "Answer within 5 working days".
   */
  deadlineAfterWorkingDays(instant: Date, n: number): Date {
    assertInteger(n, '工作日天数', 0);
    const due = parseDate(this.addWorkingDays(cstDate(instant), n));
    return new Date(cstDayStartMs(due + 1) - 1);
  }

  /** The date n working days before `effectiveDate`: the last day content may go live. */
  latestPublishDate(effectiveDate: string, n = 1): string {
    assertInteger(n, '工作日天数', 0);
    return this.addWorkingDays(effectiveDate, -n);
  }

  private dayAt(dayNum: number): CalendarDay {
    const table = this.tableFor(dayNum);
    return table.days[dayNum - table.start] as CalendarDay;
  }

  /** Working days in (a, b] for a < b, walking whole years through the prefix sums. */
  private countAfter(a: number, b: number): number {
    const ta = this.tableFor(a);
    const tb = this.tableFor(b);
    const workingUpTo = (t: YearTable, d: number) => t.cum[d - t.start + 1] as number;
    if (ta === tb) return workingUpTo(tb, b) - workingUpTo(ta, a);
    let total = (ta.cum[ta.days.length] as number) - workingUpTo(ta, a);
    for (let year = ta.year + 1; year < tb.year; year++) {
      const t = this.tableForYear(year);
      total += t.cum[t.days.length] as number;
    }
    return total + workingUpTo(tb, b);
  }

  private tableFor(dayNum: number): YearTable {
    const last = this.lastTable;
    if (last && dayNum >= last.start && dayNum < last.start + last.days.length) return last;
    return (this.lastTable = this.tableForYear(yearOfDay(dayNum)));
  }

  private tableForYear(year: number): YearTable {
    const cached = this.tables.get(year);
    if (cached) return cached;
    const provisional = this.isProvisional(year);
    if (!provisional && !this.coveredSet.has(year)) throw new CalendarYearNotCoveredError(year);
    const start = firstDayOfYear(year);
    const length = daysInYear(year);
    const days: CalendarDay[] = [];
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      const day = this.buildDay(start + i, provisional ? this.statutoryOf(year) : undefined);
      days.push(day);
      cum[i + 1] = (cum[i] as number) + (day.working ? 1 : 0);
    }
    const table: YearTable = { year, provisional, start, days: Object.freeze(days), cum };
    this.tables.set(year, table);
    return table;
  }

  private statutoryOf(year: number): ReadonlyMap<string, string> {
    let days = this.statutory.get(year);
    if (!days) this.statutory.set(year, (days = new Map(statutoryDaysOff(year).map((d) => [d.date, d.name]))));
    return days;
  }

  private buildDay(dayNum: number, statutory?: ReadonlyMap<string, string>): CalendarDay {
    const date = formatDay(dayNum);
    const weekend = isWeekendDay(dayNum);
    const mark = statutory ? { provisional: true as const } : {};
    const override = this.overrides.get(date);
    if (override) {
      const named = Boolean(override.name);
      return Object.freeze({
        date,
        working: override.working,
        kind: kindFor(override.working, weekend, named),
        ...(named ? { name: override.name } : {}),
        source: 'override' as const,
        ...mark,
      });
    }
    const entry = this.builtin ? BUILTIN_ENTRIES.get(date) : undefined;
    if (entry) {
      return Object.freeze({
        date,
        working: entry.working,
        kind: kindFor(entry.working, weekend, true),
        name: entry.name,
        source: 'builtin' as const,
        ...mark,
      });
    }
    const lawName = statutory?.get(date);
    if (lawName) {
      return Object.freeze({ date, working: false, kind: 'holiday' as const, name: lawName, source: 'statutory' as const, ...mark });
    }
    return Object.freeze({
      date,
      working: !weekend,
      kind: weekend ? ('weekend' as const) : ('workday' as const),
      source: 'rule' as const,
      ...mark,
    });
  }
}
