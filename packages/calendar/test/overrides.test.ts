import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalendarError, WorkingCalendar } from '../src/index.ts';

test('override turns Tuesday 2026-03-10 into a holiday and Saturday 2026-03-14 into a working day', () => {
  const cal = new WorkingCalendar({
    overrides: [
      { date: '2026-03-10', working: false, name: '区政务服务中心系统迁移' },
      { date: '2026-03-14', working: true, name: '补班' },
    ],
  });
  assert.deepEqual(cal.day('2026-03-10'), {
    date: '2026-03-10', working: false, kind: 'holiday', name: '区政务服务中心系统迁移', source: 'override',
  });
  assert.deepEqual(cal.day('2026-03-14'), {
    date: '2026-03-14', working: true, kind: 'makeup_workday', name: '补班', source: 'override',
  });
  // Mon 03-09 +1 skips the Tuesday holiday; Fri 03-13 +1 lands on the working Saturday.
  assert.equal(cal.addWorkingDays('2026-03-09', 1), '2026-03-11');
  assert.equal(cal.addWorkingDays('2026-03-13', 1), '2026-03-14');
  assert.equal(cal.workingDaysBetween('2026-03-08', '2026-03-15'), 5);
  const adjustments = cal.holidaysOfYear(2026).filter((d) => d.source === 'override').map((d) => d.date);
  assert.deepEqual(adjustments, ['2026-03-10', '2026-03-14']);
  // The default calendar is untouched: overrides live in the instance.
  assert.equal(new WorkingCalendar().isWorkingDay('2026-03-10'), true);
});

test('override can cancel a builtin make-up day (Saturday 2026-02-28 back to weekend)', () => {
  const cal = new WorkingCalendar({ overrides: [{ date: '2026-02-28', working: false }] });
  assert.deepEqual(cal.day('2026-02-28'), { date: '2026-02-28', working: false, kind: 'weekend', source: 'override' });
});

test('extraYears + overrides make 2027 covered (sample arrangement, not the official one)', () => {
  const sample2027 = [
    { date: '2027-01-01', working: false, name: '元旦' },
    { date: '2027-01-02', working: false, name: '元旦' },
    { date: '2027-01-03', working: false, name: '元旦' },
    { date: '2027-02-06', working: false, name: '春节' },
    { date: '2027-02-20', working: true, name: '春节' },
  ];
  const cal = new WorkingCalendar({ extraYears: [2027], overrides: sample2027, provisional: false });
  assert.equal(cal.isCovered(2027), true);
  assert.deepEqual(cal.coveredYears().slice(-2), [2026, 2027]);
  assert.equal(cal.day('2027-01-01').kind, 'holiday');
  assert.equal(cal.day('2027-01-02').kind, 'holiday', 'named Saturday off shows as holiday');
  assert.deepEqual(cal.day('2027-01-04'), { date: '2027-01-04', working: true, kind: 'workday', source: 'rule' });
  assert.equal(cal.day('2027-02-20').kind, 'makeup_workday');
  // Thu 2026-12-31 +1: Fri 2027-01-01 is off, weekend off → Monday 2027-01-04.
  assert.equal(cal.addWorkingDays('2026-12-31', 1), '2027-01-04');
  assert.equal(cal.holidaysOfYear(2027).length, 5);
  assert.throws(() => cal.day('2028-01-03'), { code: 'CALENDAR_YEAR_NOT_COVERED' });
});

test('overrides alone do not declare a year: 2027-01-04 still throws CALENDAR_YEAR_NOT_COVERED', () => {
  const cal = new WorkingCalendar({ overrides: [{ date: '2027-01-01', working: false, name: '元旦' }], provisional: false });
  assert.throws(
    () => cal.isWorkingDay('2027-01-04'),
    (err: unknown) =>
      err instanceof CalendarError &&
      err.code === 'CALENDAR_YEAR_NOT_COVERED' &&
      err.message === '2027 年的节假日安排尚未录入，请管理员在“工作日历”中补录后再试。',
  );
});

test('builtin: false covers only the declared years, with plain Mon–Fri rules', () => {
  const cal = new WorkingCalendar({ builtin: false, extraYears: [2026] });
  assert.deepEqual(cal.coveredYears(), [2026]);
  assert.equal(cal.isWorkingDay('2026-02-16'), true, 'no builtin Spring Festival');
  assert.equal(cal.day('2026-02-14').kind, 'weekend');
  assert.throws(() => cal.day('2025-10-09'), { code: 'CALENDAR_YEAR_NOT_COVERED' });
});

test('invalid override dates and years are rejected at construction', () => {
  assert.throws(() => new WorkingCalendar({ overrides: [{ date: '2026-02-30', working: false }] }), { code: 'CALENDAR_BAD_DATE' });
  assert.throws(() => new WorkingCalendar({ extraYears: [27] }), { code: 'CALENDAR_BAD_ARGUMENT' });
});
