import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cstInstant, GroupSchedule, WorkingCalendar, type WorkingHours } from '../src/index.ts';

const hours: WorkingHours = { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] };
const desk = new GroupSchedule(new WorkingCalendar({ provisional: false }), hours);
const at = (date: string, time: string) => cstInstant(date, time);
const secs = (d: string, t: string, d2: string, t2: string) => desk.workingSecondsBetween(at(d, t), at(d2, t2));

test('isOpen on Monday 2026-03-09: 09:00 yes, 12:30 lunch no, 17:30 no (half-open periods)', () => {
  assert.equal(desk.isOpen(at('2026-03-09', '09:00')), true);
  assert.equal(desk.isOpen(at('2026-03-09', '11:59')), true);
  assert.equal(desk.isOpen(at('2026-03-09', '12:30')), false);
  assert.equal(desk.isOpen(at('2026-03-09', '13:30')), true);
  assert.equal(desk.isOpen(at('2026-03-09', '17:30')), false);
  assert.equal(desk.isOpen(at('2026-03-07', '10:00')), false, 'Saturday 2026-03-07');
  assert.equal(desk.isOpen(at('2025-10-03', '10:00')), false, 'National Day 2025-10-03');
  assert.equal(desk.isOpen(at('2025-10-11', '10:00')), true, 'make-up Saturday 2025-10-11');
});

test('closingTime: 10:00 → 12:00, 14:00 → 17:30, closed → null', () => {
  assert.deepEqual(desk.closingTime(at('2026-03-09', '10:00')), at('2026-03-09', '12:00'));
  assert.deepEqual(desk.closingTime(at('2026-03-09', '14:00')), at('2026-03-09', '17:30'));
  assert.equal(desk.closingTime(at('2026-03-09', '12:30')), null);
});

test('nextOpening: open → itself; lunch → 13:30; Friday 2026-03-06 18:00 → Monday 2026-03-09 09:00', () => {
  const open = at('2026-03-09', '10:15');
  assert.deepEqual(desk.nextOpening(open), open);
  assert.deepEqual(desk.nextOpening(at('2026-03-09', '12:30')), at('2026-03-09', '13:30'));
  assert.deepEqual(desk.nextOpening(at('2026-03-09', '07:00')), at('2026-03-09', '09:00'));
  assert.deepEqual(desk.nextOpening(at('2026-03-06', '18:00')), at('2026-03-09', '09:00'));
});

test('nextOpening from holiday eve 2025-09-30 18:00 → 2025-10-09 09:00 (after National Day)', () => {
  assert.deepEqual(desk.nextOpening(at('2025-09-30', '18:00')), at('2025-10-09', '09:00'));
  assert.deepEqual(desk.nextOpening(at('2026-02-14', '18:00')), at('2026-02-24', '09:00'), 'Spring Festival 2026');
});

test('nextOpening on make-up Saturday 2025-10-11 08:00 → that Saturday 09:00; Friday 2026-02-13 18:00 → Saturday 2026-02-14 09:00', () => {
  assert.deepEqual(desk.nextOpening(at('2025-10-11', '08:00')), at('2025-10-11', '09:00'));
  assert.deepEqual(desk.nextOpening(at('2026-02-13', '18:00')), at('2026-02-14', '09:00'));
});

test('workingSecondsBetween: across lunch 11:00→14:00 = 1.5 h; across a night 17:00→10:00 = 1.5 h', () => {
  assert.equal(secs('2026-03-09', '11:00', '2026-03-09', '14:00'), 5400);
  assert.equal(secs('2026-03-09', '17:00', '2026-03-10', '10:00'), 5400);
  assert.equal(secs('2026-03-09', '12:10', '2026-03-09', '13:20'), 0, 'inside lunch');
  assert.equal(secs('2026-03-09', '14:00', '2026-03-09', '11:00'), 0, 'reversed');
});

test('workingSecondsBetween across a weekend: Friday 2026-03-06 17:00 → Monday 2026-03-09 10:00 = 1.5 h', () => {
  assert.equal(secs('2026-03-06', '17:00', '2026-03-09', '10:00'), 5400);
  // Whole working week Mon 00:00 → Sat 00:00 = 5 × 7 h.
  assert.equal(secs('2026-03-09', '00:00', '2026-03-14', '00:00'), 5 * 7 * 3600);
});

test('workingSecondsBetween across National Day: 2025-09-30 17:00 → 2025-10-09 09:30 = 1 h; make-up Saturday counts', () => {
  assert.equal(secs('2025-09-30', '17:00', '2025-10-09', '09:30'), 3600);
  // Fri 10-10 17:00 → Mon 10-13 09:00: 30 min Friday + 7 h on make-up Saturday 10-11.
  assert.equal(secs('2025-10-10', '17:00', '2025-10-13', '09:00'), 1800 + 7 * 3600);
});

test('first response: request 2026-03-09 08:59:30 answered 09:00:20 → 20 working seconds', () => {
  const asked = new Date(at('2026-03-09', '08:59').getTime() + 30_000);
  const answered = new Date(at('2026-03-09', '09:00').getTime() + 20_000);
  assert.equal(desk.workingSecondsBetween(asked, answered), 20);
});

test('workingSecondsBetween over a month equals a per-period sum (March 2026: 22 working days × 7 h)', () => {
  assert.equal(secs('2026-03-01', '00:00', '2026-04-01', '00:00'), 22 * 7 * 3600);
  assert.throws(() => secs('2026-12-31', '10:00', '2027-01-04', '10:00'), { code: 'CALENDAR_YEAR_NOT_COVERED' });
  assert.equal(secs('2026-12-31', '17:00', '2027-01-01', '00:00'), 1800, 'ending at midnight never touches 2027');
});

test('addWorkingSeconds: 2 working hours from Tuesday 2025-09-30 16:30 → 2025-10-09 10:00', () => {
  assert.deepEqual(desk.addWorkingSeconds(at('2025-09-30', '16:30'), 7200), at('2025-10-09', '10:00'));
  assert.deepEqual(desk.addWorkingSeconds(at('2026-03-09', '11:30'), 3600), at('2026-03-09', '14:00'), 'lunch skipped');
  assert.deepEqual(desk.addWorkingSeconds(at('2026-03-09', '11:00'), 3600), at('2026-03-09', '12:00'), 'ends at closing');
  assert.deepEqual(desk.addWorkingSeconds(at('2026-03-09', '12:30'), 0), at('2026-03-09', '13:30'));
});

test('working hours are validated with CALENDAR_BAD_HOURS', () => {
  const bad: WorkingHours[] = [
    { periods: [] },
    { periods: [{ start: '12:00', end: '09:00' }] },
    { periods: [{ start: '09:00', end: '09:00' }] },
    { periods: [{ start: '13:30', end: '17:30' }, { start: '09:00', end: '12:00' }] },
    { periods: [{ start: '09:00', end: '12:30' }, { start: '12:00', end: '17:00' }] },
    { periods: [{ start: '9:00', end: '12:00' }] },
    { periods: [{ start: '09:00', end: '24:30' }] },
  ];
  for (const h of bad) {
    assert.throws(() => new GroupSchedule(new WorkingCalendar(), h), (err: unknown) => {
      assert.equal((err as { code?: string }).code, 'CALENDAR_BAD_HOURS', JSON.stringify(h));
      assert.match((err as Error).message, /^工作时间设置有误：/);
      return true;
    });
  }
});

test('touching periods merge: 09:00–12:00 + 12:00–17:00 closes at 17:00', () => {
  const s = new GroupSchedule(new WorkingCalendar(), { periods: [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '17:00' }] });
  assert.deepEqual(s.closingTime(at('2026-03-09', '10:00')), at('2026-03-09', '17:00'));
  assert.equal(s.workingSecondsPerDay(), 8 * 3600);
});
