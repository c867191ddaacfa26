import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_COVERED_YEARS,
  CalendarError,
  WorkingCalendar,
} from '../src/index.ts';

// Strict: years without a confirmed arrangement refuse (the provisional mode is in provisional.test.ts).
const cal = new WorkingCalendar({ provisional: false });

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function assertCode(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CalendarError, `expected CalendarError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test('chinese-days@1.5.7 covers exactly 2004–2026', () => {
  assert.deepEqual([...BUILTIN_COVERED_YEARS], range(2004, 2026));
  assert.deepEqual(cal.coveredYears(), range(2004, 2026));
  assert.equal(cal.isCovered(2026), true);
  assert.equal(cal.isCovered(2027), false);
  assert.equal(cal.isCovered(2003), false);
});

test('2027-01-01 (Friday, not yet published) throws CALENDAR_YEAR_NOT_COVERED instead of guessing "working"', () => {
  assertCode(() => cal.isWorkingDay('2027-01-01'), 'CALENDAR_YEAR_NOT_COVERED', /^2027 年的节假日安排尚未录入/);
  assertCode(() => cal.day('2003-12-31'), 'CALENDAR_YEAR_NOT_COVERED', /2003 年/);
});

test('Spring Festival 2026: 2026-02-15 (Sun) … 2026-02-23 (Mon) are holidays', () => {
  for (const d of range(15, 23)) {
    const day = cal.day(`2026-02-${d}`);
    assert.equal(day.working, false, day.date);
    assert.equal(day.kind, 'holiday', day.date);
    assert.equal(day.name, '春节');
    assert.equal(day.source, 'builtin');
  }
  assert.equal(cal.isWorkingDay('2026-02-13'), true, 'Friday 2026-02-13 is a normal workday');
  assert.equal(cal.isWorkingDay('2026-02-24'), true, 'Tuesday 2026-02-24 is the first day back');
});

test('Spring Festival 2026 make-up days: Saturdays 2026-02-14 and 2026-02-28 are working; 2026-02-07/08 are plain weekend', () => {
  for (const date of ['2026-02-14', '2026-02-28']) {
    assert.deepEqual(cal.day(date), {
      date, working: true, kind: 'makeup_workday', name: '春节', source: 'builtin',
    });
  }
  assert.deepEqual(cal.day('2026-02-07'), { date: '2026-02-07', working: false, kind: 'weekend', source: 'rule' });
  assert.equal(cal.isWorkingDay('2026-02-08'), false);
  const weekendWorking = cal
    .listDays('2026-02-01', '2026-02-28')
    .filter((d) => d.kind === 'makeup_workday')
    .map((d) => d.date);
  assert.deepEqual(weekendWorking, ['2026-02-14', '2026-02-28']);
});

test('New Year 2026: 2026-01-01..03 off, Sunday 2026-01-04 is a make-up working day', () => {
  assert.equal(cal.isWorkingDay('2026-01-02'), false);
  assert.equal(cal.day('2026-01-03').kind, 'holiday');
  assert.equal(cal.day('2026-01-04').kind, 'makeup_workday');
});

test('National Day 2025: 2025-10-01..08 off; make-up Sunday 2025-09-28 and Saturday 2025-10-11', () => {
  for (const d of range(1, 8)) assert.equal(cal.isWorkingDay(`2025-10-0${d}`), false);
  assert.equal(cal.day('2025-10-06').name, '中秋', '2025-10-06 is Mid-Autumn within the break');
  assert.equal(cal.day('2025-10-01').name, '国庆节');
  assert.equal(cal.day('2025-09-28').kind, 'makeup_workday');
  assert.equal(cal.day('2025-10-11').kind, 'makeup_workday');
  assert.equal(cal.isWorkingDay('2025-10-12'), false, 'Sunday 2025-10-12 is an ordinary weekend');
  assert.equal(cal.isWorkingDay('2025-10-09'), true);
});

test('addWorkingDays across National Day 2025: 2025-09-30 +1 → 2025-10-09, +3 → Saturday 2025-10-11, +5 → 2025-10-14', () => {
  assert.equal(cal.addWorkingDays('2025-09-30', 1), '2025-10-09');
  assert.equal(cal.addWorkingDays('2025-09-30', 3), '2025-10-11');
  assert.equal(cal.addWorkingDays('2025-09-30', 5), '2025-10-14');
  assert.equal(cal.addWorkingDays('2025-10-09', -1), '2025-09-30');
  assert.equal(cal.addWorkingDays('2025-09-27', 1), '2025-09-28', 'Sat → make-up Sunday');
});

test('addWorkingDays n=0 is the identity (even on a day off); non-integer n is rejected', () => {
  assert.equal(cal.addWorkingDays('2025-10-03', 0), '2025-10-03');
  assert.equal(cal.workingDayOnOrAfter('2025-10-03'), '2025-10-09');
  assert.equal(cal.workingDayOnOrAfter('2025-10-09'), '2025-10-09');
  assertCode(() => cal.addWorkingDays('2025-10-03', 1.5), 'CALENDAR_BAD_ARGUMENT');
  assertCode(() => cal.addWorkingDays('2027-01-04', 0), 'CALENDAR_YEAR_NOT_COVERED');
});

test('addWorkingDays running past the covered years throws the coverage error (huge n is guarded)', () => {
  assertCode(() => cal.addWorkingDays('2026-12-30', 5), 'CALENDAR_YEAR_NOT_COVERED', /2027/);
  assertCode(() => cal.addWorkingDays('2026-01-05', 1_000_000), 'CALENDAR_YEAR_NOT_COVERED', /2027/);
  assertCode(() => cal.addWorkingDays('2004-01-05', -10), 'CALENDAR_YEAR_NOT_COVERED', /2003/);
});

test('workingDaysBetween counts (from, to]: 2025-09-30 → 2025-10-14 is 5; reversed is -5; Feb 2026 has 16', () => {
  assert.equal(cal.workingDaysBetween('2025-09-30', '2025-10-14'), 5);
  assert.equal(cal.workingDaysBetween('2025-10-14', '2025-09-30'), -5);
  assert.equal(cal.workingDaysBetween('2025-10-01', '2025-10-01'), 0);
  // Feb 2026: 20 weekdays − 6 weekday holidays (16–20, 23) + 2 make-up Saturdays = 16.
  assert.equal(cal.workingDaysBetween('2026-01-31', '2026-02-28'), 16);
  assertCode(() => cal.workingDaysBetween('2026-12-01', '2027-01-10'), 'CALENDAR_YEAR_NOT_COVERED');
});

test('workingDaysBetween across several years equals a day-by-day count', () => {
  const days = cal.listDays('2023-06-01', '2026-03-31');
  const expected = days.slice(1).filter((d) => d.working).length;
  assert.equal(cal.workingDaysBetween('2023-06-01', '2026-03-31'), expected);
});

test('2025 and 2026 each have 248 working days (cross-checked with chinese-days isWorkday)', () => {
  assert.equal(cal.workingDaysBetween('2024-12-31', '2025-12-31'), 248);
  assert.equal(cal.workingDaysBetween('2025-12-31', '2026-12-31'), 248);
});

test('holidaysOfYear(2025) lists holidays and make-up days in order', () => {
  const list = cal.holidaysOfYear(2025);
  assert.equal(list[0]?.date, '2025-01-01');
  const makeups = list.filter((d) => d.kind === 'makeup_workday').map((d) => d.date);
  assert.deepEqual(makeups, ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  assert.ok(list.every((d, i) => i === 0 || (list[i - 1] as { date: string }).date < d.date));
  assertCode(() => cal.holidaysOfYear(2027), 'CALENDAR_YEAR_NOT_COVERED');
});

test('listDays rejects inverted and oversized ranges', () => {
  assert.equal(cal.listDays('2026-03-01', '2026-03-31').length, 31);
  assertCode(() => cal.listDays('2026-03-31', '2026-03-01'), 'CALENDAR_BAD_ARGUMENT');
  assertCode(() => cal.listDays('2004-01-01', '2026-12-31'), 'CALENDAR_BAD_ARGUMENT');
});

test('bad date strings are rejected with CALENDAR_BAD_DATE', () => {
  for (const bad of ['2026-02-30', '2026/1/1', '2026-1-1', '2025-02-29', '2026-13-01', '2026-00-10', '', ' 2026-01-05', '2026-01-05T00:00']) {
    assertCode(() => cal.day(bad), 'CALENDAR_BAD_DATE', /YYYY-MM-DD/);
  }
  assert.equal(cal.day('2024-02-29').working, true, '2024 is a leap year');
});

// chinese-days' own functions read dates in the host's zone: under TZ=America/New_York its
// isWorkday('2026-02-14') answers for 2026-02-13. So the oracle is loaded and run under Asia/Shanghai.
test('every day 2004-01-01..2026-12-31 agrees with chinese-days isWorkday() (oracle run with TZ=Asia/Shanghai)', async (t) => {
  const saved = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  t.after(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  // Imported only now: chinese-days builds its date tables at load time, in the host zone.
  const { default: chineseDays } = await import('chinese-days');
  const days = [
    ...cal.listDays('2004-01-01', '2013-12-31'),
    ...cal.listDays('2014-01-01', '2023-12-31'),
    ...cal.listDays('2024-01-01', '2026-12-31'),
  ];
  assert.equal(days.length, 8401);
  const mismatches = days.filter((d) => chineseDays.isWorkday(d.date) !== d.working).map((d) => d.date);
  assert.deepEqual(mismatches, []);
});
