import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addCalendarDays } from '@bangban/calendar';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { createDesk } from './support/live-help.ts';
import { citizenClient } from './support/kb-factory.ts';

// Thursday 2026-09-24 10:00 in Shanghai: a working day, inside the default hours.
const THURSDAY_10 = new Date('2026-09-24T02:00:00Z');
const clock = fixedClock(THURSDAY_10);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let c: ReturnType<typeof citizenClient>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  c = citizenClient(s.app);
});
after(() => s.close());

/** A department with its own help group, a matter it leads and one agent on duty. */
async function desk() {
  const d = await createDesk(s, units.district);
  const agent = await s.as('agent', d.group);
  assert.equal((await agent.put('/api/agent/status', { status: 'online' })).status, 200);
  return { ...d, agent };
}

/** A chat the desk's agent took and closed through the conversations module's own routes; working hours. */
async function closedChat(d: Awaited<ReturnType<typeof desk>>, extra: object = {}) {
  const token = await c.newCitizen();
  const open = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter, ...extra });
  assert.equal(open.status, 201, JSON.stringify(open.body));
  assert.equal((await d.agent.post(`/api/conversations/${open.body.id}/close`, { outcome: 'resolved' })).status, 200);
  return { token, id: open.body.id as string };
}

const rate = (token: string, id: string, body: object, method: 'POST' | 'PUT' = 'POST') =>
  s.app.inject({ method, url: `/api/conversations/${id}/rating`, headers: { authorization: `Bearer ${token}` }, payload: body }).then((r) => ({ status: r.statusCode, body: r.json() }));

describe('the citizen rates a closed conversation (好差评)', () => {
  test('once, on the five levels with the online dimensions; the audit keeps the level, staff never see the citizen', async () => {
    clock.set(THURSDAY_10);
    const d = await desk();
    const chat = await closedChat(d, { contact: '13900139000', question: '材料怎么交？' });
    const res = await rate(chat.token, chat.id, { overall: 5, efficiency: 4, guideAccuracy: 5, easeOfUse: 3, comment: '很耐心，我的电话 139 0013 9000 可以再联系' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.overall, res.body.levelLabel, res.body.dimensions], [5, '非常满意', { efficiency: 4, guideAccuracy: 5, convenience: null, easeOfUse: 3 }]);
    assert.equal(res.body.revisableUntil, '2026-09-25T02:00:00.000Z');
    assert.equal(res.body.message, '感谢您的评价！');
    assert.deepEqual((await c.call(chat.token, 'GET', `/api/conversations/${chat.id}/rating`)).body.overall, 5);

    const again2 = await rate(chat.token, chat.id, { overall: 4 });
    assert.deepEqual([again2.status, again2.body.error.code], [409, 'RATING_EXISTS']);
    assert.match(again2.body.error.message, /您已经评价过这次帮办了/);

    const stored = await s.ctx.db.selectFrom('ratings').selectAll().where('conversation_id', '=', chat.id).executeTakeFirstOrThrow();
    assert.deepEqual([stored.agent_id, stored.group_id, stored.department_id], [d.agent.userId, d.group, d.department], 'attributed to who served it');
    const audit = await s.ctx.db.selectFrom('audit_events').selectAll().where('subject_id', '=', stored.id).execute();
    assert.deepEqual(audit.map((a) => [a.action, a.summary]), [['rating.submitted', '非常满意']]);
    assert.ok(!JSON.stringify(audit).includes('耐心'));

    const coordinator = await s.as('coordinator', units.office);
    const view = (await coordinator.get(`/api/ratings/${stored.id}`)).body;
    assert.equal(view.comment, '很耐心，我的电话 ************* 可以再联系');
    assert.equal(view.followUp, null);
    assert.deepEqual(view.agent, { id: d.agent.userId, name: 'agent 测试' });
    const text = JSON.stringify(view);
    for (const pii of ['13900139000', '139 0013', 'citizen', 'contact', '材料怎么交']) assert.ok(!text.includes(pii), pii);
  });

  test('refused: an open conversation, another citizen\u2019s, no token, a 1–2 without a reason, a reason for a good rating', async () => {
    clock.set(THURSDAY_10);
    const d = await desk();
    const token = await c.newCitizen();
    const open = (await c.call(token, 'POST', '/api/conversations', { matterId: d.matter })).body;
    const r1 = await rate(token, open.id, { overall: 5 });
    assert.deepEqual([r1.status, r1.body.error.code, r1.body.error.message], [409, 'RATING_CONVERSATION_OPEN', '人工帮办结束后才能评价。']);

    const chat = await closedChat(d);
    const stranger = await c.newCitizen();
    assert.deepEqual((await rate(stranger, chat.id, { overall: 5 })).body.error.code, 'CONVERSATION_NOT_FOUND');
    assert.equal((await c.call(undefined, 'POST', `/api/conversations/${chat.id}/rating`, { overall: 5 })).body.error.code, 'CITIZEN_TOKEN_INVALID');
    const noReason = await rate(chat.token, chat.id, { overall: 1 });
    assert.deepEqual([noReason.status, noReason.body.error.code], [400, 'RATING_REASON_REQUIRED']);
    assert.match(noReason.body.error.message, /请选一项原因/);
    assert.equal((await rate(chat.token, chat.id, { overall: 2, reason: 'other' })).body.error.code, 'RATING_REASON_REQUIRED', '“其他” needs words');
    assert.equal((await rate(chat.token, chat.id, { overall: 4, reason: 'slow' })).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await rate(chat.token, chat.id, { overall: 6 })).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await rate(chat.token, chat.id, { overall: 2, reason: 'other', reasonText: '等了很久没人回' })).status, 201);
  });

  test('a bad rating is due 15 working days later, across 中秋 and National Day 2026', async () => {
    clock.set(THURSDAY_10);
    const d = await desk();
    const chat = await closedChat(d);
    clock.set(new Date('2026-09-25T03:00:00Z')); // Friday 2026-09-25 11:00, itself a day off (中秋)
    const res = await rate(chat.token, chat.id, { overall: 2, reason: 'not_solved' });
    assert.equal(res.body.message, '感谢您的评价。我们会在 15 个工作日内与您回访并整改。');
    // Independently of the deadline arithmetic: walk the calendar's days and count the working ones.
    const cal = s.ctx.calendar.calendar;
    let date = '2026-09-25';
    const skipped = new Set<string>();
    for (let left = 15; left > 0; ) {
      date = addCalendarDays(date, 1);
      const day = cal.day(date);
      if (day.working) left--;
      else if (day.name) skipped.add(day.name);
    }
    assert.deepEqual([...skipped].sort(), ['中秋', '国庆节'].sort());
    assert.ok(cal.day('2026-10-10').working, 'the make-up Saturday counts');
    const leader = await s.as('leader', d.department);
    const list = (await leader.get('/api/ratings?followUp=open')).body;
    const mine = list.items.find((r: { conversationId: string }) => r.conversationId === chat.id);
    assert.equal(mine.followUp.dueAt, new Date(`${date}T23:59:59.999+08:00`).toISOString());
    assert.deepEqual([mine.followUp.status, mine.followUp.dueUnknown, mine.reasonLabel], ['open', false, '问题没有解决']);
  });

  test('in a year whose holidays are not entered, the deadline comes from the law and says it is provisional', async () => {
    clock.set(new Date('2026-12-31T02:00:00Z'));
    const d = await desk();
    const chat = await closedChat(d);
    clock.set(new Date('2027-01-05T02:00:00Z'));
    assert.equal((await rate(chat.token, chat.id, { overall: 1, reason: 'attitude' })).body.message, '感谢您的评价。我们会在 15 个工作日内与您回访并整改。');
    const row = await s.ctx.db.selectFrom('rating_follow_ups as f').innerJoin('ratings as r', 'r.id', 'f.rating_id').select(['f.due_at', 'f.status', 'r.id']).where('r.conversation_id', '=', chat.id).executeTakeFirstOrThrow();
    // Tuesday 2027-01-05 + 15 working days (no holiday in January by the law) → Tuesday 2027-01-26.
    const due = new Date('2027-01-26T23:59:59.999+08:00');
    assert.deepEqual([row.due_at?.toISOString(), row.status], [due.toISOString(), 'open']);
    const view = (await (await s.as('coordinator', units.office)).get(`/api/ratings/${row.id}`)).body;
    assert.deepEqual([view.followUp.dueAt, view.followUp.dueUnknown, view.followUp.dueProvisional, view.followUp.overdue], [due.toISOString(), false, true, false]);
  });

  test('revised once within 24 h: bad → good withdraws the untouched follow-up; later or after a call-back, refused', async () => {
    clock.set(THURSDAY_10);
    const d = await desk();
    const [a, b, late] = [await closedChat(d), await closedChat(d), await closedChat(d)];
    await rate(a.token, a.id, { overall: 2, reason: 'slow' });
    clock.advance(3_600_000);
    const revised = await rate(a.token, a.id, { overall: 4 }, 'PUT');
    assert.equal(revised.status, 200, JSON.stringify(revised.body));
    assert.deepEqual([revised.body.overall, revised.body.reason, revised.body.revisableUntil], [4, null, null]);
    const fa = await s.ctx.db.selectFrom('rating_follow_ups as f').innerJoin('ratings as r', 'r.id', 'f.rating_id').select(['f.status', 'r.id']).where('r.conversation_id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(fa.status, 'withdrawn');
    const actions = (await s.ctx.db.selectFrom('audit_events').select('action').where('subject_id', '=', fa.id).orderBy('occurred_at').orderBy('id').execute()).map((x) => x.action);
    assert.deepEqual(actions.sort(), ['rating.follow_up_withdrawn', 'rating.revised', 'rating.submitted']);
    assert.equal((await rate(a.token, a.id, { overall: 5 }, 'PUT')).body.error.code, 'RATING_REVISION_CLOSED', 'once');

    await rate(b.token, b.id, { overall: 1, reason: 'attitude' });
    const bId = (await s.ctx.db.selectFrom('ratings').select('id').where('conversation_id', '=', b.id).executeTakeFirstOrThrow()).id;
    const leader = await s.as('leader', d.department);
    assert.equal((await leader.post(`/api/ratings/${bId}/follow-up`, { action: 'call_back', note: '已电话回访，群众表示理解' })).status, 200);
    assert.equal((await rate(b.token, b.id, { overall: 5 }, 'PUT')).body.error.code, 'RATING_REVISION_CLOSED', 'staff already acted');

    await rate(late.token, late.id, { overall: 3 });
    clock.advance(25 * 3_600_000);
    assert.equal((await rate(late.token, late.id, { overall: 5 }, 'PUT')).body.error.code, 'RATING_REVISION_CLOSED');
    assert.match((await rate(late.token, late.id, { overall: 5 }, 'PUT')).body.error.message, /24 小时内修改一次/);
  });
});
