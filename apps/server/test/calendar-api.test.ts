import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';

const clock = fixedClock(new Date('2026-02-13T10:00:00Z')); // Friday 18:00 in Shanghai, eve of Spring Festival
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let admin: Caller;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  admin = await s.as('admin', units.district);
});
after(() => s.close());

describe('working-day calendar through the API', () => {
  test('Spring Festival 2026: days off and the make-up Saturdays', async () => {
    const res = await admin.get('/api/calendar/days?from=2026-02-14&to=2026-02-28');
    assert.equal(res.status, 200);
    const byDate = new Map(res.body.days.map((d: { date: string }) => [d.date, d]));
    assert.equal((byDate.get('2026-02-14') as { kind: string }).kind, 'makeup_workday');
    assert.equal((byDate.get('2026-02-17') as { kind: string }).kind, 'holiday');
    assert.equal((byDate.get('2026-02-23') as { working: boolean }).working, false);
    assert.equal((byDate.get('2026-02-24') as { working: boolean }).working, true);
    assert.equal((byDate.get('2026-02-28') as { kind: string }).kind, 'makeup_workday');
    assert.ok(res.body.coveredYears.includes(2026));
  });

  test('a year without holiday data is an explicit error; declaring it (after entering its holidays) opens it', async () => {
    const before = await admin.get('/api/calendar/days?from=2027-01-01&to=2027-01-31');
    assert.equal(before.status, 422);
    assert.equal(before.body.error.code, 'CALENDAR_YEAR_NOT_COVERED');
    assert.equal(before.body.error.message, '2027 年的节假日安排尚未录入，请管理员在“工作日历”中补录后再试。');
    assert.equal((await admin.put('/api/calendar/overrides/2027-01-01', { working: false, name: '元旦' })).status, 200);
    assert.equal((await admin.post('/api/calendar/years', { year: 2027, note: '国务院办公厅 2027 年部分节假日安排' })).status, 201);
    const after = await admin.get('/api/calendar/days?from=2027-01-01&to=2027-01-04');
    assert.equal(after.status, 200);
    assert.equal(after.body.days[0].working, false);
    assert.equal(after.body.days[0].name, '元旦');
    assert.equal(after.body.days[0].source, 'override');
    const years = (await admin.get('/api/calendar/years')).body.years;
    assert.deepEqual(years[0], { year: 2027, source: 'admin', note: '国务院办公厅 2027 年部分节假日安排' });
  });

  test('an admin override changes what every deadline uses, and removing it restores the statutory day', async () => {
    assert.equal(s.ctx.calendar.calendar.addWorkingDays('2026-05-06', 1), '2026-05-07');
    await admin.put('/api/calendar/overrides/2026-05-07', { working: false, name: '区级临时调整' });
    assert.equal(s.ctx.calendar.calendar.addWorkingDays('2026-05-06', 1), '2026-05-08');
    const overrides = (await admin.get('/api/calendar/overrides')).body.items;
    assert.equal(overrides.find((o: { date: string }) => o.date === '2026-05-07').updatedBy, 'admin 测试');
    assert.equal((await admin.delete('/api/calendar/overrides/2026-05-07')).status, 204);
    assert.equal(s.ctx.calendar.calendar.addWorkingDays('2026-05-06', 1), '2026-05-07');
    assert.equal((await admin.delete('/api/calendar/overrides/2026-05-07')).status, 404);
  });

  test('bad dates are refused with the date named', async () => {
    const res = await admin.put('/api/calendar/overrides/2026-02-30', { working: true });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'CALENDAR_BAD_DATE');
    assert.match(res.body.error.message, /2026-02-30/);
    assert.equal((await admin.get('/api/calendar/days?from=2026/01/01&to=2026-01-02')).status, 400);
  });

  test('a group\u2019s hours: closed on the eve of Spring Festival, opens on the make-up Saturday 2026-02-14', async () => {
    const group = await admin.post('/api/org-units', {
      parentId: units.civil,
      kind: 'agent_group',
      name: unique('日历组'),
      workingHours: { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] },
    });
    const res = await admin.get(`/api/calendar/schedule-check?groupId=${group.body.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.open, false);
    assert.equal(res.body.nextOpening, '2026-02-14T01:00:00.000Z');
    const lunch = await admin.get(`/api/calendar/schedule-check?groupId=${group.body.id}&at=${encodeURIComponent('2026-02-24T12:30:00+08:00')}`);
    assert.equal(lunch.body.open, false);
    assert.equal(lunch.body.nextOpening, '2026-02-24T05:30:00.000Z');
  });
});
