import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { Caller, startTestServer, type TestServer } from './support/harness.ts';
import { createDesk } from './support/live-help.ts';
import { citizenClient } from './support/kb-factory.ts';

// Tuesday 2026-03-03 10:00 in Shanghai: a working day, inside the default hours. March 2026 has no holiday:
// 15 working days after 03-03 is 03-24.
const TUESDAY_10 = new Date('2026-03-03T02:00:00Z');
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let c: ReturnType<typeof citizenClient>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  c = citizenClient(s.app);
});
after(() => s.close());

/** A department with its own help group, a matter it leads, two agents on duty and its leader. */
async function desk() {
  const d = await createDesk(s, units.district);
  const agents = [await s.as('agent', d.group), await s.as('agent', d.group)];
  return { ...d, agents, leader: await s.as('leader', d.department) };
}
type Desk = Awaited<ReturnType<typeof desk>>;

/** One chat served and closed by `agent` (the only one online at that moment), then rated by its citizen. */
async function rated(d: Desk, agent: Caller, body: object): Promise<string> {
  await agent.put('/api/agent/status', { status: 'online' });
  const token = await c.newCitizen();
  const id = (await c.call(token, 'POST', '/api/conversations', { matterId: d.matter })).body.id as string;
  assert.equal((await agent.post(`/api/conversations/${id}/close`, { outcome: 'resolved' })).status, 200);
  await agent.put('/api/agent/status', { status: 'offline' });
  const res = await c.call(token, 'POST', `/api/conversations/${id}/rating`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return (await s.ctx.db.selectFrom('ratings').select('id').where('conversation_id', '=', id).executeTakeFirstOrThrow()).id;
}
const BAD = { overall: 1, reason: 'not_solved' };

async function again(caller: Caller): Promise<Caller> {
  const { username } = await s.ctx.db.selectFrom('users').select('username').where('id', '=', caller.userId).executeTakeFirstOrThrow();
  return new Caller(s.app, await s.login(username), caller.userId);
}

describe('差评整改: the follow-up of a bad rating', () => {
  test('the department leader calls back, rectifies and signs off; each step audited with its note; the response says what is next', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const id = await rated(d, d.agents[0]!, BAD);
    const step = (action: string, note: string) => d.leader.post(`/api/ratings/${id}/follow-up`, { action, note });
    assert.deepEqual((await d.leader.get(`/api/ratings/${id}`)).body.can, { callBack: true, rectify: false, close: false, dismiss: false });
    assert.equal((await step('rectify', '先整改')).body.error.code, 'RATING_FOLLOW_UP_BAD_TRANSITION');
    assert.equal((await step('rectify', '先整改')).body.error.message, '“待回访”的差评整改不能登记整改措施。');
    const called = await step('call_back', '已电话回访，了解到材料清单表述不清');
    assert.equal(called.status, 200, JSON.stringify(called.body));
    assert.deepEqual([called.body.followUp.status, called.body.followUp.statusLabel, called.body.can.rectify], ['called_back', '已回访', true]);
    assert.equal((await step('call_back', '再回访')).body.error.code, 'RATING_FOLLOW_UP_BAD_TRANSITION');
    const fixed = await step('rectify', '修改办事指南材料清单，组内培训');
    assert.deepEqual([fixed.body.followUp.status, fixed.body.followUp.rectifiedOnTime], ['rectified', true]);
    const closed = await step('close', '群众认可，销号');
    assert.deepEqual([closed.body.followUp.status, closed.body.followUp.closeNote, closed.body.can], ['closed', '群众认可，销号', { callBack: false, rectify: false, close: false, dismiss: false }]);
    const audit = await s.ctx.db.selectFrom('audit_events').select(['action', 'actor_id', 'summary', 'before', 'after']).where('subject_id', '=', id).where('action', 'like', 'rating.follow_up%').orderBy('occurred_at').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.actor_id, (a.before as { status: string }).status, (a.after as { status: string }).status]), [
      ['rating.follow_up_called_back', d.leader.userId, 'open', 'called_back'],
      ['rating.follow_up_rectified', d.leader.userId, 'called_back', 'rectified'],
      ['rating.follow_up_closed', d.leader.userId, 'rectified', 'closed'],
    ]);
    assert.equal(audit[0]!.summary, '回访：已电话回访，了解到材料清单表述不清');
  });

  test('who may act: agents read only; another department\u2019s leader cannot see it; only the district office dismisses', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const other = await desk();
    const id = await rated(d, d.agents[0]!, BAD);
    const good = await rated(d, d.agents[0]!, { overall: 5 });
    const body = { action: 'call_back', note: '回访记录' };
    assert.equal((await d.agents[0]!.post(`/api/ratings/${id}/follow-up`, body)).body.error.code, 'FORBIDDEN');
    assert.equal((await other.leader.post(`/api/ratings/${id}/follow-up`, body)).body.error.code, 'OUT_OF_SCOPE');
    assert.equal((await other.leader.get(`/api/ratings/${id}`)).body.error.code, 'OUT_OF_SCOPE');
    assert.equal((await d.leader.post(`/api/ratings/${id}/follow-up`, { action: 'dismiss', note: '恶意差评' })).body.error.code, 'FORBIDDEN');
    assert.equal((await d.leader.post(`/api/ratings/${good}/follow-up`, body)).body.error.code, 'RATING_NO_FOLLOW_UP');
    assert.equal((await d.leader.post(`/api/ratings/${id}/follow-up`, { action: 'call_back', note: '' })).body.error.code, 'VALIDATION_FAILED');
    const coordinator = await s.as('coordinator', units.office);
    assert.equal((await coordinator.get(`/api/ratings/${id}`)).body.can.dismiss, true);
    const dismissed = await coordinator.post(`/api/ratings/${id}/follow-up`, { action: 'dismiss', note: '恶意差评：同一群众反复差评，与服务无关' });
    assert.deepEqual([dismissed.status, dismissed.body.followUp.status, dismissed.body.followUp.dismissReason], [200, 'dismissed', '恶意差评：同一群众反复差评，与服务无关']);
    assert.equal((await coordinator.post(`/api/ratings/${id}/follow-up`, body)).body.error.code, 'RATING_FOLLOW_UP_BAD_TRANSITION');
  });

  test('lists are scoped: an agent sees their own, a leader their department, the district all; open and overdue filters', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const other = await desk();
    const [a0, a1] = d.agents as [Caller, Caller];
    const mine = await rated(d, a0, BAD);
    const colleague = await rated(d, a1, { overall: 2, reason: 'slow' });
    const elsewhere = await rated(other, other.agents[0]!, BAD);
    const ids = async (caller: Caller, query = '') => ((await caller.get(`/api/ratings?pageSize=200${query}`)).body.items as { id: string }[]).map((r) => r.id);
    assert.deepEqual(await ids(a0), [mine]);
    assert.equal((await a0.get(`/api/ratings/${colleague}`)).body.error.code, 'OUT_OF_SCOPE');
    assert.deepEqual((await ids(d.leader)).sort(), [mine, colleague].sort());
    assert.equal((await d.leader.get(`/api/ratings?departmentId=${other.department}`)).body.error.code, 'OUT_OF_SCOPE');
    const coordinator = await s.as('coordinator', units.office);
    assert.deepEqual((await ids(coordinator, `&departmentId=${other.department}`)), [elsewhere]);
    assert.deepEqual((await ids(d.leader, '&level=2')), [colleague]);

    await d.leader.post(`/api/ratings/${mine}/follow-up`, { action: 'call_back', note: '已回访' });
    await d.leader.post(`/api/ratings/${mine}/follow-up`, { action: 'rectify', note: '已整改' });
    clock.set(new Date('2026-03-25T02:00:00Z')); // past the due time (end of 03-24)
    const leader = await again(d.leader);
    assert.deepEqual((await ids(leader, '&followUp=open')).sort(), [mine, colleague].sort(), 'rectified, not yet signed off: still open');
    assert.deepEqual(await ids(leader, '&followUp=overdue'), [colleague]);
    const late = (await leader.get(`/api/ratings/${colleague}`)).body.followUp;
    assert.deepEqual([late.dueAt, late.overdue], ['2026-03-24T15:59:59.999Z', true]);
  });
});

describe('满意度 and rectification on time, exactly as DOMAIN.md defines them', () => {
  test('ratings 5,4,3,2,1 → satisfaction 60.0; two bad ratings, one rectified in time → 50.0; per agent, group, department', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const [a0, a1] = d.agents as [Caller, Caller];
    await rated(d, a0, { overall: 5, efficiency: 5 });
    await rated(d, a0, { overall: 4, efficiency: 4 });
    await rated(d, a0, { overall: 3 });
    const two = await rated(d, a1, { overall: 2, reason: 'slow' });
    await rated(d, a1, BAD);
    clock.set(new Date('2026-03-10T02:00:00Z'));
    const leader = await again(d.leader);
    await leader.post(`/api/ratings/${two}/follow-up`, { action: 'call_back', note: '已回访' });
    await leader.post(`/api/ratings/${two}/follow-up`, { action: 'rectify', note: '增加午间值守' });
    const q = `/api/ratings/metrics?from=2026-03-01&to=2026-03-31&departmentId=${d.department}`;
    const before = (await leader.get(q)).body;
    assert.deepEqual([before.overall.due, before.overall.rectifiedOnTime, before.overall.pending], [1, 1, 1], 'the other is not due yet: left out');

    clock.set(new Date('2026-03-30T02:00:00Z'));
    const m = (await (await again(d.leader)).get(q)).body;
    const pick = (f: any) => [f.ratings, f.satisfied, f.satisfaction, f.bad, f.due, f.rectifiedOnTime, f.rectificationOnTime, f.pending];
    assert.deepEqual(pick(m.overall), [5, 3, 60, 2, 2, 1, 50, 0]);
    assert.deepEqual(m.overall.levels, { 5: 1, 4: 1, 3: 1, 2: 1, 1: 1 });
    assert.deepEqual([m.overall.dimensions.overall, m.overall.dimensions.efficiency, m.overall.dimensions.convenience], [3, 4.5, null]);
    const byAgent = Object.fromEntries(m.byAgent.map((a: any) => [a.id, pick(a)]));
    assert.deepEqual(byAgent, { [a0.userId]: [3, 3, 100, 0, 0, 0, null, 0], [a1.userId]: [2, 0, 0, 2, 2, 1, 50, 0] });
    assert.deepEqual(m.byGroup.map((g: any) => [g.id, ...pick(g)]), [[d.group, 5, 3, 60, 2, 2, 1, 50, 0]]);
    assert.deepEqual(m.byDepartment.map((g: any) => [g.id, g.satisfaction]), [[d.department, 60]]);

    const april = (await (await again(d.leader)).get(`/api/ratings/metrics?from=2026-04-01&to=2026-04-30&departmentId=${d.department}`)).body;
    assert.deepEqual(pick(april.overall), [0, 0, null, 0, 0, 0, null, 0], 'nothing to divide by: null, not 0 or 100');
    const stranger = await desk();
    assert.equal((await stranger.leader.get(q)).body.error.code, 'OUT_OF_SCOPE');
  });
});
