import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { recordGap } from '../src/modules/knowledge/gap.commands.ts';
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

  test('a year without its notice is provisional (from the law); declaring it (after entering its holidays) confirms it', async () => {
    const before = await admin.get('/api/calendar/days?from=2027-01-01&to=2027-01-31');
    assert.equal(before.status, 200);
    assert.ok(before.body.days.every((d: { provisional?: boolean }) => d.provisional === true));
    assert.deepEqual(before.body.days[0], { date: '2027-01-01', working: false, kind: 'holiday', name: '元旦', source: 'statutory', provisional: true });
    const beyond = await admin.get('/api/calendar/days?from=2100-01-01&to=2100-01-31');
    assert.equal(beyond.status, 422);
    assert.equal(beyond.body.error.code, 'CALENDAR_YEAR_NOT_COVERED');
    assert.equal(beyond.body.error.message, '2100 年的节假日安排尚未录入，请管理员在“工作日历”中补录后再试。');
    assert.equal((await admin.put('/api/calendar/overrides/2027-01-01', { working: false, name: '元旦' })).status, 200);
    assert.equal((await admin.post('/api/calendar/years', { year: 2027, note: '国务院办公厅 2027 年部分节假日安排' })).status, 201);
    const after = await admin.get('/api/calendar/days?from=2027-01-01&to=2027-01-04');
    assert.equal(after.status, 200);
    assert.equal(after.body.days[0].working, false);
    assert.equal(after.body.days[0].name, '元旦');
    assert.equal(after.body.days[0].source, 'override');
    assert.equal(after.body.days[0].provisional, undefined);
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

  test('from 1 November admins are reminded that next year is not entered; not before', async () => {
    // 2027 was declared by the test above, so 2028 is the provisional year now.
    clock.set(new Date('2027-10-15T02:00:00Z'));
    admin = await s.as('admin', units.district); // a new session at the new time
    const october = (await admin.get('/api/calendar/status')).body;
    assert.deepEqual([october.currentYear, october.nextYear, october.remind, october.message], [{ year: 2027, confirmed: true }, { year: 2028, confirmed: false }, false, null]);
    clock.set(new Date('2027-11-01T01:00:00Z'));
    admin = await s.as('admin', units.district);
    const november = (await admin.get('/api/calendar/status')).body;
    assert.equal(november.remind, true);
    assert.match(november.message, /^2028 年的节假日安排还没有录入：系统暂按法定节假日推算（不含调休）/);
  });

  test('entering the State Council notice: a preview lists changed days and the deadlines it would move; given deadlines keep their value', async () => {
    clock.set(new Date('2027-12-28T02:00:00Z')); // Tuesday 10:00; the law gives 2028-01-03 off (元旦 on a Saturday)
    admin = await s.as('admin', units.district);
    const { id: gapId } = await recordGap(s.ctx, { question: unique('跨年的问题'), source: 'no_match', departmentId: units.civil });
    const given = new Date('2028-01-05T23:59:59.999+08:00'); // 12-29, 12-30, 12-31, 01-04, 01-05
    const stored = async () => (await s.ctx.db.selectFrom('kb_gaps').select('due_at').where('id', '=', gapId).executeTakeFirstOrThrow()).due_at?.toISOString();
    assert.equal(await stored(), given.toISOString());

    const notice = {
      year: 2028,
      holidays: [
        { name: '元旦', from: '2028-01-01', to: '2028-01-04' },
        { name: '春节', from: '2028-01-25', to: '2028-01-31' },
      ],
      workdays: [{ name: '春节', date: '2028-02-05' }],
    };
    const kb = await s.as('kb_operator', units.civil);
    assert.equal((await kb.post('/api/calendar/notices/preview', notice)).body.error.code, 'FORBIDDEN');

    const preview = await admin.post('/api/calendar/notices/preview', notice);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    const changed = new Map(preview.body.days.map((d: { date: string }) => [d.date, d]));
    assert.deepEqual(changed.get('2028-01-04'), { date: '2028-01-04', before: { working: true, kind: 'workday' }, after: { working: false, kind: 'holiday', name: '元旦' } });
    assert.deepEqual((changed.get('2028-02-05') as { after: unknown }).after, { working: true, kind: 'makeup_workday', name: '春节' });
    const moved = preview.body.deadlines.find((d: { id: string }) => d.id === gapId);
    assert.deepEqual(moved, { kind: 'gap', id: gapId, label: moved.label, dueAt: given.toISOString(), wouldBe: new Date('2028-01-06T23:59:59.999+08:00').toISOString() });
    assert.equal(s.ctx.calendar.calendar.isProvisional(2028), true, 'a preview writes nothing');

    const entered = await admin.post('/api/calendar/notices', notice);
    assert.equal(entered.status, 201, JSON.stringify(entered.body));
    assert.equal(s.ctx.calendar.calendar.isCovered(2028), true);
    assert.equal(s.ctx.calendar.calendar.isWorkingDay('2028-01-04'), false);
    assert.equal(s.ctx.calendar.calendar.isWorkingDay('2028-02-05'), true);
    assert.equal(s.ctx.calendar.calendar.isWorkingDay('2028-05-01'), true, 'a day the notice does not list is an ordinary day once the year is confirmed');
    assert.equal(await stored(), given.toISOString(), 'the deadline already given keeps its value');
    const audit = await s.ctx.db.selectFrom('audit_events').select(['action', 'summary']).where('action', '=', 'calendar.notice_entered').executeTakeFirstOrThrow();
    assert.equal(audit.summary, '录入 2028 年节假日安排：放假 11 天，调休上班 1 天');
    const status = (await admin.get('/api/calendar/status')).body;
    assert.deepEqual([status.nextYear, status.remind], [{ year: 2028, confirmed: true }, false]);
  });

  test('a notice with impossible dates is refused, naming what is wrong', async () => {
    const inverted = await admin.post('/api/calendar/notices/preview', { year: 2029, holidays: [{ name: '国庆节', from: '2029-10-07', to: '2029-10-01' }] });
    assert.deepEqual([inverted.status, inverted.body.error.code], [400, 'CALENDAR_BAD_ARGUMENT']);
    assert.match(inverted.body.error.message, /国庆节的结束日期 2029-10-01 早于开始日期 2029-10-07/);
    const elsewhere = await admin.post('/api/calendar/notices/preview', { year: 2029, holidays: [{ name: '国庆节', from: '2030-10-01', to: '2030-10-03' }] });
    assert.match(elsewhere.body.error.message, /2030-10-01 不在 2029 年的安排之内/);
    const both = await admin.post('/api/calendar/notices/preview', { year: 2029, holidays: [{ name: '春节', from: '2029-02-12', to: '2029-02-13' }], workdays: [{ name: '春节', date: '2029-02-13' }] });
    assert.match(both.body.error.message, /2029-02-13 不能既放假又上班/);
  });
});
