import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cstDate, cstInstant, GroupSchedule, WorkingCalendar } from '../src/index.ts';

// Strict: years without a confirmed arrangement refuse (the provisional mode is in provisional.test.ts).
const cal = new WorkingCalendar({ provisional: false });

test('gap raised 2025-09-30 (eve of National Day) + 5 working days → end of 2025-10-14 CST', () => {
  const due = cal.deadlineAfterWorkingDays(cstInstant('2025-09-30', '16:00'), 5);
  assert.equal(due.toISOString(), '2025-10-14T15:59:59.999Z');
  assert.equal(cstDate(due), '2025-10-14');
});

test('gap raised Friday 2026-02-13 before Spring Festival + 5 working days → end of 2026-02-27 (14th Sat counts)', () => {
  const due = cal.deadlineAfterWorkingDays(cstInstant('2026-02-13', '10:00'), 5);
  assert.equal(due.toISOString(), '2026-02-27T15:59:59.999Z');
});

test('deadline uses the CST date: 2026-03-06T16:30Z is Saturday 00:30 in China → +1 → Monday 2026-03-09', () => {
  const due = cal.deadlineAfterWorkingDays(new Date('2026-03-06T16:30:00Z'), 1);
  assert.equal(due.toISOString(), '2026-03-09T15:59:59.999Z');
  const sameFriday = cal.deadlineAfterWorkingDays(new Date('2026-03-06T15:30:00Z'), 1);
  assert.equal(sameFriday.toISOString(), '2026-03-09T15:59:59.999Z', 'Friday 23:30 CST also → Monday');
  assert.throws(() => cal.deadlineAfterWorkingDays(new Date('2026-03-06T00:00:00Z'), -1), { code: 'CALENDAR_BAD_ARGUMENT' });
});

test('deadline running into uncovered 2027 throws: raised 2026-12-28 + 5', () => {
  assert.throws(() => cal.deadlineAfterWorkingDays(cstInstant('2026-12-28', '09:00'), 5), { code: 'CALENDAR_YEAR_NOT_COVERED' });
});

test('latestPublishDate across a holiday: effective 2025-10-09 → 2025-09-30; effective 2026-02-24 → make-up Saturday 2026-02-14', () => {
  assert.equal(cal.latestPublishDate('2025-10-09'), '2025-09-30');
  assert.equal(cal.latestPublishDate('2026-02-24'), '2026-02-14');
  assert.equal(cal.latestPublishDate('2026-02-24', 2), '2026-02-13');
});

test('latestPublishDate across a make-up Saturday: effective Monday 2025-10-13 → 2025-10-11; Monday 2026-03-02 → 2026-02-28', () => {
  assert.equal(cal.latestPublishDate('2025-10-13'), '2025-10-11');
  assert.equal(cal.latestPublishDate('2026-03-02'), '2026-02-28');
  assert.equal(cal.latestPublishDate('2026-03-10'), '2026-03-09');
});

test('cstDate/cstInstant use a fixed +8 h: 2025-12-31T16:00Z is 2026-01-01 in China', () => {
  assert.equal(cstDate(new Date('2025-12-31T16:00:00Z')), '2026-01-01');
  assert.equal(cstDate(new Date('2025-12-31T15:59:59.999Z')), '2025-12-31');
  assert.equal(cstInstant('2026-01-01', '09:00').toISOString(), '2026-01-01T01:00:00.000Z');
  assert.equal(cstInstant('2026-01-01').toISOString(), '2025-12-31T16:00:00.000Z');
  assert.throws(() => cstInstant('2026-02-30', '09:00'), { code: 'CALENDAR_BAD_DATE' });
  assert.throws(() => cstInstant('2026-02-03', '9am'), { code: 'CALENDAR_BAD_ARGUMENT' });
  assert.throws(() => cstDate(new Date('nope')), { code: 'CALENDAR_BAD_ARGUMENT' });
});

test('results do not depend on the host TZ (process.env.TZ switched in-process)', () => {
  const saved = process.env.TZ;
  const results: string[] = [];
  try {
    for (const tz of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      const fresh = new WorkingCalendar({ provisional: false });
      const desk = new GroupSchedule(fresh, { periods: [{ start: '09:00', end: '17:00' }] });
      results.push([
        fresh.deadlineAfterWorkingDays(cstInstant('2025-09-30', '23:30'), 5).toISOString(),
        cstDate(new Date('2026-03-06T16:30:00Z')),
        desk.nextOpening(cstInstant('2026-03-06', '18:00')).toISOString(),
        fresh.latestPublishDate('2026-03-02'),
      ].join('|'));
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
  assert.equal(new Set(results).size, 1, results.join('\n'));
  assert.equal(results[0], '2025-10-14T15:59:59.999Z|2026-03-07|2026-03-09T01:00:00.000Z|2026-02-28');
});

test('performance: addWorkingDays(…, 5) and a month of workingSecondsBetween take microseconds', () => {
  const desk = new GroupSchedule(cal, { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] });
  const from = cstInstant('2026-03-01', '10:00');
  const to = cstInstant('2026-03-31', '15:00');
  cal.addWorkingDays('2025-09-30', 5);
  desk.workingSecondsBetween(from, to);
  const n = 20_000;
  let t = performance.now();
  for (let i = 0; i < n; i++) cal.addWorkingDays('2025-09-30', 5);
  const addUs = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) desk.workingSecondsBetween(from, to);
  const secUs = ((performance.now() - t) * 1000) / n;
  // Generous ceilings for slow CI; locally both are ~1–3 µs.
  assert.ok(addUs < 50, `addWorkingDays took ${addUs.toFixed(2)} µs`);
  assert.ok(secUs < 50, `workingSecondsBetween took ${secUs.toFixed(2)} µs`);
});
