import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cstInstant, statutoryDaysOff, WorkingCalendar } from '../src/index.ts';

// The default calendar: chinese-days carries 2004–2026, so 2027 on is provisional (computed from the law).
const cal = new WorkingCalendar();

test('2027 is provisional, 2026 confirmed; the first provisional year follows the last confirmed one', () => {
  assert.equal(cal.isCovered(2026), true);
  assert.equal(cal.isProvisional(2026), false);
  assert.equal(cal.isProvisional(2027), true);
  assert.equal(cal.isProvisional(2099), true);
  assert.equal(cal.isProvisional(2100), false, 'past the lunar tables we refuse rather than guess');
  assert.equal(cal.isProvisional(2003), false, 'the past is confirmed or history, never provisional');
  assert.throws(() => cal.day('2003-12-31'), { code: 'CALENDAR_YEAR_NOT_COVERED' });
});

test('2027 春节 comes from the lunar calendar: 除夕 2027-02-05 and 正月初一–初三 (06–08) off, the weekend two made up', () => {
  const spring = statutoryDaysOff(2027).filter((d) => d.name.startsWith('春节'));
  assert.deepEqual(
    spring.map((d) => `${d.date} ${d.name}`),
    ['2027-02-05 春节', '2027-02-06 春节', '2027-02-07 春节', '2027-02-08 春节', '2027-02-09 春节（补休）', '2027-02-10 春节（补休）'],
  );
  assert.deepEqual(cal.day('2027-02-06'), { date: '2027-02-06', working: false, kind: 'holiday', name: '春节', source: 'statutory', provisional: true });
  assert.equal(cal.day('2027-02-11').working, true);
  assert.equal(cal.day('2027-02-11').provisional, true, 'every day of a provisional year says so');
});

test('the other lunar and solar-term days of 2027: 清明 04-05, 端午 06-09, 中秋 09-15', () => {
  const byName = new Map(statutoryDaysOff(2027).map((d) => [d.name, d.date]));
  assert.equal(byName.get('清明节'), '2027-04-05');
  assert.equal(byName.get('端午节'), '2027-06-09');
  assert.equal(byName.get('中秋节'), '2027-09-15');
  assert.equal(byName.get('元旦'), '2027-01-01');
});

test('statutory days of the years the law governs and the data carries (2025, 2026) are all days off in the official arrangement', () => {
  const strict = new WorkingCalendar({ provisional: false });
  for (const year of [2025, 2026]) {
    const statutory = statutoryDaysOff(year).filter((d) => !d.name.includes('补休'));
    assert.ok(statutory.length >= 13, `${year}: 13 statutory days, got ${statutory.length}`);
    for (const d of statutory) assert.equal(strict.day(d.date).working, false, `${year}: ${d.date} ${d.name} is off in the notice`);
  }
});

test('a weekend statutory day is made up on the next free weekday (2028-01-01 Saturday → Monday 01-03)', () => {
  const days = statutoryDaysOff(2028);
  assert.ok(days.some((d) => d.date === '2028-01-03' && d.name === '元旦（补休）'));
  assert.equal(cal.isWorkingDay('2028-01-03'), false);
});

test('deadlines run through New Year instead of stopping: 2026-12-28 + 5 working days ends 2027-01-05 (provisional)', () => {
  const due = cal.deadlineAfterWorkingDays(cstInstant('2026-12-28', '09:00'), 5);
  assert.equal(due.getTime(), cstInstant('2027-01-06').getTime() - 1, 'the end of 2027-01-05 in China');
  assert.equal(cal.spansProvisional('2026-12-28', '2027-01-05'), true);
  assert.equal(cal.spansProvisional('2026-12-01', '2026-12-31'), false);
});

test('a declared year beats the provisional one: the admin’s notice is the arrangement, the law’s guess is gone', () => {
  const declared = new WorkingCalendar({
    extraYears: [2027],
    overrides: [
      { date: '2027-02-05', working: false, name: '春节' },
      { date: '2027-02-20', working: true, name: '春节' },
    ],
  });
  assert.equal(declared.isProvisional(2027), false);
  assert.equal(declared.day('2027-02-20').kind, 'makeup_workday');
  assert.equal(declared.day('2027-02-06').source, 'rule', 'not in the (sample) notice: an ordinary Saturday');
  assert.equal(declared.day('2027-02-06').provisional, undefined);
  assert.equal(declared.isProvisional(2028), true, 'and the provisional years move on');
});
