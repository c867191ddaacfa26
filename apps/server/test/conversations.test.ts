import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { Caller, startTestServer, type TestServer } from './support/harness.ts';
import { createDesk } from './support/live-help.ts';
import { citizenClient } from './support/kb-factory.ts';

// Tuesday 2026-03-03 10:00 in Shanghai: a working day, inside the default hours (09:00–12:00, 13:30–17:30).
const TUESDAY_10 = new Date('2026-03-03T02:00:00Z');
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let c: ReturnType<typeof citizenClient>;
let coordinator: Caller;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  c = citizenClient(s.app);
  coordinator = await s.as('coordinator', units.office);
});
after(() => s.close());

async function desk(maxChats = 5) {
  const d = await createDesk(s, units.district, maxChats);
  return { ...d, agent: () => s.as('agent', d.group) };
}

async function handoff(body: object, token?: string) {
  const t = token ?? (await c.newCitizen());
  const res = await c.call(t, 'POST', '/api/conversations', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { token: t, ...(res.body as { id: string; status: string; position: number | null; wait: any; message: string; opensAt: string | null; agentName: string | null }) };
}
const view = async (token: string, id: string) => (await c.call(token, 'GET', `/api/conversations/${id}`)).body;
const row = (id: string) => s.ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const say = (token: string, id: string, text: string, clientId: string = randomUUID()) => c.call(token, 'POST', `/api/conversations/${id}/messages`, { clientId, text });
const online = (agent: Caller, status = 'online', extra: object = {}) => agent.put('/api/agent/status', { status, ...extra });

describe('handoff: 转人工 into the right queue, honestly', () => {
  test('from a matter page in working hours: queued at the lead unit\u2019s group, with place in line and a wait that says what it rests on', async () => {
    clock.set(TUESDAY_10);
    const d = await desk(2);
    const first = await handoff({ matterId: d.matter, question: '材料怎么交？', contact: '13900139000' });
    assert.equal(first.status, 'queued');
    assert.equal(first.position, 1);
    assert.deepEqual(first.wait, { seconds: null, basis: 'no_agents', sampleSize: 0, text: '目前没有工作人员在线，工作人员上线后会按排队顺序接待您' });
    assert.ok(!JSON.stringify(first).includes('13900139000'));
    const second = await handoff({ matterId: d.matter });
    assert.equal(second.position, 2);
    const stored = await row(first.id);
    assert.deepEqual([stored.group_id, stored.routed_via, stored.matter_id, stored.sla_start_at?.toISOString()], [d.group, 'lead', d.matter, TUESDAY_10.toISOString()]);
    const audit = await s.ctx.db.selectFrom('audit_events').selectAll().where('subject_id', '=', first.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['conversation.requested']);
    assert.ok(!JSON.stringify(audit).includes('13900139000') && !JSON.stringify(audit).includes('材料怎么交'));

    const agent = await d.agent();
    const status = await online(agent);
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.deepEqual([status.body.load, status.body.maxChats, status.body.assigned.length], [2, 2, 2], 'going online pulls up to the group\u2019s capacity');
    const third = await handoff({ matterId: d.matter });
    assert.equal(third.position, 1);
    // Default handling time (360 s) over 2 open slots: the first in line waits ~180 s.
    assert.deepEqual(third.wait, { seconds: 180, basis: 'default', sampleSize: 0, text: '预计等待约 3 分钟（暂无历史数据，按默认接待时长估算）' });
    assert.match(third.message, /您前面还有 0 位，预计等待约 3 分钟/);
    assert.equal((await view(first.token, first.id)).status, 'assigned');
  });

  test('the wait comes from the group\u2019s recent handling times once there are some', async () => {
    clock.set(TUESDAY_10);
    const d = await desk(1);
    const agent = await d.agent();
    await online(agent);
    const a = await handoff({ matterId: d.matter });
    clock.advance(240_000);
    assert.equal((await agent.post(`/api/conversations/${a.id}/close`, { outcome: 'resolved' })).status, 200);
    await handoff({ matterId: d.matter }); // taken at once by the free agent
    const waiting = await handoff({ matterId: d.matter });
    assert.deepEqual([waiting.position, waiting.wait.seconds, waiting.wait.basis, waiting.wait.sampleSize], [1, 240, 'history', 1]);
  });

  test('from a 小申 session: carries the transcript reference, the detected matter and the last question; the session counts as a human request', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const token = await c.newCitizen();
    const { sessionId } = await c.start(token, { matterId: d.matter });
    await c.ask(token, sessionId, '这个事项要多久才能办好');
    const conv = await handoff({ assistantSessionId: sessionId }, token);
    const stored = await row(conv.id);
    assert.deepEqual([stored.assistant_session_id, stored.matter_id, stored.group_id, stored.question], [sessionId, d.matter, d.group, '这个事项要多久才能办好']);
    const session = await s.ctx.db.selectFrom('assistant_sessions').select('human_requested_at').where('id', '=', sessionId).executeTakeFirstOrThrow();
    assert.equal(session.human_requested_at?.toISOString(), TUESDAY_10.toISOString());
    const stranger = await c.newCitizen();
    assert.equal((await c.call(stranger, 'POST', '/api/conversations', { assistantSessionId: sessionId })).body.error.code, 'ASSISTANT_SESSION_NOT_FOUND');
    assert.equal((await c.call(stranger, 'GET', `/api/conversations/${conv.id}`)).body.error.code, 'CONVERSATION_NOT_FOUND');
  });

  test('outside working hours it becomes a ticket (留言) for the next opening, and the citizen is told when', async () => {
    clock.set(new Date('2026-03-06T10:00:00Z')); // Friday 18:00
    const d = await desk();
    const user = await s.createUser('agent', d.group);
    let agent = new Caller(s.app, await s.login(user.username), user.id);
    const ticket = await handoff({ matterId: d.matter, contact: '13700137000' });
    assert.equal(ticket.status, 'ticket');
    assert.equal(ticket.opensAt, '2026-03-09T01:00:00.000Z');
    assert.match(ticket.message, /现在不在上班时间（工作日 9:00–12:00、13:30–17:30），下次上班时间：3月9日（星期一）9:00/);
    assert.match(ticket.message, /工作人员会按您留下的联系方式联系您/);
    assert.equal((await say(ticket.token, ticket.id, '我周一上午要去办理，请帮我看一下材料')).status, 201, 'a ticket takes messages: that is the 留言');
    await online(agent, 'busy');
    assert.equal((await agent.post(`/api/conversations/${ticket.id}/claim`)).body.error.code, 'CONVERSATION_BAD_TRANSITION', 'a ticket is not in the queue before the opening');

    clock.set(new Date('2026-03-09T01:00:10Z')); // Monday 09:00:10
    agent = new Caller(s.app, await s.login(user.username), user.id); // the Friday sign-in has expired
    const on = await online(agent);
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const opened = await row(ticket.id);
    assert.deepEqual([opened.status, opened.agent_id, opened.sla_start_at?.toISOString()], ['assigned', agent.userId, '2026-03-09T01:00:00.000Z']);
    clock.set(new Date('2026-03-09T01:00:45Z'));
    assert.equal((await agent.post(`/api/conversations/${ticket.id}/messages`, { clientId: randomUUID(), text: '您好，我看到您的留言了。' })).status, 201);
    const m = await (await s.as('coordinator', units.office)).get(`/api/conversations/metrics?from=2026-03-06&to=2026-03-06&departmentId=${d.department}`);
    assert.equal(m.status, 200, JSON.stringify(m.body));
    assert.deepEqual([m.body.overall.requests, m.body.overall.measured, m.body.overall.withinTarget, m.body.overall.avgFirstResponseSeconds], [1, 1, 1, 45]);
  });

  test('a 留言 left without a phone number can get one later, until the chat ends; only its citizen may, and staff see it masked', async () => {
    clock.set(new Date('2026-03-06T10:00:00Z')); // Friday 18:00
    const d = await desk();
    const ticket = await handoff({ matterId: d.matter });
    assert.equal(ticket.status, 'ticket');
    assert.equal((await view(ticket.token, ticket.id)).hasContact, false);
    assert.match(ticket.message, /如需工作人员联系您，可以留下联系电话/);
    const stranger = await c.newCitizen();
    assert.equal((await c.call(stranger, 'PUT', `/api/conversations/${ticket.id}/contact`, { contact: '13900139000' })).status, 404);
    assert.equal((await c.call(ticket.token, 'PUT', `/api/conversations/${ticket.id}/contact`, { contact: '  ' })).body.error.code, 'VALIDATION_FAILED');
    const left = await c.call(ticket.token, 'PUT', `/api/conversations/${ticket.id}/contact`, { contact: '13900139000' });
    assert.equal(left.status, 200, JSON.stringify(left.body));
    assert.equal(left.body.hasContact, true);
    assert.match(left.body.message, /工作人员会按您留下的联系方式联系您/);
    assert.ok(!JSON.stringify(left.body).includes('13900139000'), 'the citizen view says that a contact is there, not which');
    assert.equal((await row(ticket.id)).contact, '13900139000');
    const audit = await s.ctx.db.selectFrom('audit_events').select('summary').where('subject_id', '=', ticket.id).execute();
    assert.ok(!JSON.stringify(audit).includes('13900139000'), 'the number stays out of the audit trail');

    clock.set(new Date('2026-03-09T01:00:10Z')); // Monday: an agent takes it and sees the number masked
    const agent = await d.agent();
    await online(agent);
    const context = await agent.get(`/api/conversations/${ticket.id}/context`);
    assert.equal(context.status, 200, JSON.stringify(context.body));
    assert.ok(!JSON.stringify(context.body).includes('13900139000'));
    assert.match(JSON.stringify(context.body), /139\*{4}9000/);
    assert.equal((await agent.post(`/api/conversations/${ticket.id}/close`, { outcome: 'resolved' })).status, 200);
    const late = await c.call(ticket.token, 'PUT', `/api/conversations/${ticket.id}/contact`, { contact: '13800138000' });
    assert.equal(late.body.error.code, 'CONVERSATION_BAD_TRANSITION');
  });

  test('a request at 08:59:30 answered at 09:00:20 counts 20 s; one answered after 61 s counts as a miss', async () => {
    clock.set(new Date('2026-03-03T00:59:30Z'));
    const d = await desk();
    const early = await handoff({ matterId: d.matter });
    assert.equal(early.status, 'ticket');
    const agent = await d.agent();
    clock.set(new Date('2026-03-03T01:00:05Z'));
    await online(agent);
    clock.set(new Date('2026-03-03T01:00:20Z'));
    await agent.post(`/api/conversations/${early.id}/messages`, { clientId: randomUUID(), text: '您好' });
    const late = await handoff({ matterId: d.matter });
    clock.set(new Date('2026-03-03T01:01:21Z'));
    await agent.post(`/api/conversations/${late.id}/messages`, { clientId: randomUUID(), text: '久等了' });
    const pending = await handoff({ matterId: d.matter }); // its minute is not up: left out, not guessed
    assert.equal((await row(pending.id)).status, 'assigned');
    const m = (await coordinator.get(`/api/conversations/metrics?from=2026-03-03&to=2026-03-03&departmentId=${d.department}`)).body;
    assert.deepEqual([m.overall.requests, m.overall.measured, m.overall.withinTarget, m.overall.compliance, m.overall.avgFirstResponseSeconds], [3, 2, 1, 50, 40.5]);
    assert.deepEqual(m.byAgent.map((a: any) => [a.id, a.measured, a.withinTarget]), [[agent.userId, 2, 1]]);
    assert.deepEqual(m.byGroup.map((g: any) => [g.id, g.measured]), [[d.group, 2]]);
  });
});

describe('agents: status, capacity-aware assignment, drops, transfers', () => {
  test('least loaded first, ties to the agent idle longest', async () => {
    clock.set(TUESDAY_10);
    const d = await desk(3);
    const a = await d.agent();
    const b = await d.agent();
    await online(a);
    await online(b);
    const agentOf = async (id: string) => (await row(id)).agent_id;
    clock.advance(1000);
    const c1 = await handoff({ matterId: d.matter });
    clock.advance(1000);
    const c2 = await handoff({ matterId: d.matter });
    const first = await agentOf(c1.id);
    const second = await agentOf(c2.id);
    assert.notEqual(first, second, 'the second goes to the agent with no chat');
    clock.advance(1000);
    const c3 = await handoff({ matterId: d.matter });
    assert.equal(await agentOf(c3.id), first, 'equal load: the one whose last assignment is older');
    const msgs = (await c.call(c1.token, 'GET', `/api/conversations/${c1.id}/messages`)).body;
    assert.deepEqual(msgs.items.map((m: any) => [m.seq, m.sender]), [[1, 'system']]);
  });

  test('an agent going away puts their chats back at the front of the queue; the next agent online takes them first', async () => {
    clock.set(TUESDAY_10);
    const d = await desk(1);
    const a = await d.agent();
    await online(a);
    const held = await handoff({ matterId: d.matter });
    const waiting = await handoff({ matterId: d.matter });
    assert.equal(waiting.position, 1);
    const away = await online(a, 'away');
    assert.deepEqual([away.body.requeued, away.body.load], [1, 0]);
    assert.deepEqual([(await view(held.token, held.id)).position, (await view(waiting.token, waiting.id)).position], [1, 2]);
    const b = await d.agent();
    await online(b);
    assert.equal((await row(held.id)).agent_id, b.userId);
    assert.equal((await row(waiting.id)).status, 'queued');
    const audit = await s.ctx.db.selectFrom('audit_events').select('action').where('subject_id', '=', held.id).orderBy('occurred_at').execute();
    assert.deepEqual(audit.map((x) => x.action), ['conversation.requested', 'conversation.assigned', 'conversation.requeued', 'conversation.assigned']);
    const agentChanges = await s.ctx.db.selectFrom('audit_events').select('summary').where('subject_id', '=', a.userId).where('action', '=', 'agent.status_changed').execute();
    assert.equal(agentChanges.length, 2);
  });

  test('transfer: an agent to a colleague of the same department, not beyond; a coordinator anywhere; capacity holds', async () => {
    clock.set(TUESDAY_10);
    const d = await desk(1);
    const other = await desk(1);
    const a = await d.agent();
    const b = await d.agent();
    const far = await other.agent();
    await online(a);
    const conv = await handoff({ matterId: d.matter });
    assert.equal((await row(conv.id)).agent_id, a.userId);
    assert.equal((await a.post(`/api/conversations/${conv.id}/transfer`, { agentId: b.userId, reason: '需要同事协助' })).body.error.code, 'AGENT_NOT_AVAILABLE');
    await online(b, 'busy');
    assert.equal((await a.post(`/api/conversations/${conv.id}/transfer`, { agentId: far.userId, reason: '跨部门' })).body.error.code, 'OUT_OF_SCOPE');
    const moved = await a.post(`/api/conversations/${conv.id}/transfer`, { agentId: b.userId, reason: '需要同事协助' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.agentId, b.userId);
    assert.equal((await a.post(`/api/conversations/${conv.id}/close`, { outcome: 'resolved' })).body.error.code, 'CONVERSATION_NOT_YOURS');
    assert.equal((await far.get(`/api/conversations/${conv.id}`)).body.error.code, 'OUT_OF_SCOPE', 'another department\u2019s agent can\u2019t see it');
    assert.ok(!(await far.get('/api/conversations')).body.items.some((x: any) => x.id === conv.id));
    await online(far, 'busy');
    const byCoordinator = await coordinator.post(`/api/conversations/${conv.id}/transfer`, { agentId: far.userId, reason: '属于其他部门事项' });
    assert.equal(byCoordinator.status, 200, JSON.stringify(byCoordinator.body));
    assert.equal(byCoordinator.body.groupId, other.group, 'the chat follows the agent into their group');
    const seen = await far.get(`/api/conversations/${conv.id}`);
    assert.deepEqual([seen.status, seen.body.agentId, seen.body.can], [200, far.userId, { claim: false, reply: true, close: true, transfer: true }]);
    const conv2 = await handoff({ matterId: other.matter });
    assert.equal((await row(conv2.id)).status, 'queued', 'the only agent is busy: nothing is pushed');
    assert.equal((await far.post(`/api/conversations/${conv2.id}/claim`)).body.error.code, 'AGENT_AT_CAPACITY');
    const transfers = await s.ctx.db.selectFrom('audit_events').select('summary').where('subject_id', '=', conv.id).where('action', '=', 'conversation.transferred').execute();
    assert.equal(transfers.length, 2);
  });

  test('an account outside any help group cannot take chats', async () => {
    const stray = await s.as('agent', units.other);
    const res = await online(stray);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'AGENT_NOT_IN_GROUP');
  });
});

describe('messages: stored once, in order, resumable', () => {
  test('sequence numbers, idempotent retries, ?after= catch-up; the first agent message stamps first_response_at once', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const conv = await handoff({ matterId: d.matter });
    const m1 = await say(conv.token, conv.id, '有人吗？', 'client-0001');
    assert.equal(m1.status, 201);
    const retry = await say(conv.token, conv.id, '有人吗？', 'client-0001');
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, m1.body, 'a retry returns the stored message');
    const a = await d.agent();
    const outsider = await d.agent();
    assert.equal((await a.post(`/api/conversations/${conv.id}/messages`, { clientId: randomUUID(), text: '抢答' })).body.error.code, 'CONVERSATION_NOT_YOURS');
    clock.advance(5000);
    await online(a); // system message "已接入" — it does not count as a response
    assert.equal((await row(conv.id)).first_response_at, null);
    clock.advance(7000);
    const r1 = await a.post(`/api/conversations/${conv.id}/messages`, { clientId: 'agent-0001', text: '您好，请讲。' });
    assert.equal(r1.status, 201);
    clock.advance(3000);
    await a.post(`/api/conversations/${conv.id}/messages`, { clientId: 'agent-0002', text: '还在吗？' });
    const stored = await row(conv.id);
    assert.equal(stored.first_response_at?.toISOString(), new Date(TUESDAY_10.getTime() + 12_000).toISOString());
    assert.equal(stored.first_response_by, a.userId);
    assert.equal((await outsider.post(`/api/conversations/${conv.id}/messages`, { clientId: randomUUID(), text: 'x' })).body.error.code, 'CONVERSATION_NOT_YOURS');
    const all = (await c.call(conv.token, 'GET', `/api/conversations/${conv.id}/messages`)).body;
    assert.deepEqual(all.items.map((m: any) => [m.seq, m.sender, m.text]), [[1, 'citizen', '有人吗？'], [2, 'system', '工作人员已接入，请直接输入您的问题。'], [3, 'agent', '您好，请讲。'], [4, 'agent', '还在吗？']]);
    assert.equal(all.lastSeq, 4);
    const missed = (await a.get(`/api/conversations/${conv.id}/messages?after=2`)).body;
    assert.deepEqual(missed.items.map((m: any) => m.seq), [3, 4]);
    const bad = await c.call(conv.token, 'POST', `/api/conversations/${conv.id}/messages`, { clientId: 'short', text: '   ' });
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });

  test('parallel retries of one message store it once', async () => {
    clock.set(TUESDAY_10);
    const d = await desk();
    const conv = await handoff({ matterId: d.matter });
    const results = await Promise.all(Array.from({ length: 8 }, () => say(conv.token, conv.id, '重复发送', 'same-client-id')));
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    const count = await s.ctx.db.selectFrom('conversation_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', '=', conv.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });
});

describe('closing, contesting and the human resolution rate', () => {
  test('resolved / unresolved with a reason; a contested "resolved" no longer counts; closed chats take no messages', async () => {
    clock.set(TUESDAY_10);
    const d = await desk(3);
    const a = await d.agent();
    await online(a);
    const [x, y, z] = [await handoff({ matterId: d.matter }), await handoff({ matterId: d.matter }), await handoff({ matterId: d.matter })];
    assert.equal((await a.post(`/api/conversations/${z.id}/close`, { outcome: 'unresolved' })).body.error.code, 'VALIDATION_FAILED', 'unresolved needs a reason');
    for (const [conv, body] of [[x, { outcome: 'resolved' }], [y, { outcome: 'resolved' }], [z, { outcome: 'unresolved', reason: '需线下核验材料' }]] as const) {
      const res = await a.post(`/api/conversations/${conv.id}/close`, body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    assert.equal((await a.post(`/api/conversations/${x.id}/close`, { outcome: 'resolved' })).body.error.code, 'CONVERSATION_BAD_TRANSITION');
    assert.equal((await say(x.token, x.id, '谢谢')).body.error.code, 'CONVERSATION_BAD_TRANSITION');
    assert.equal((await c.call(z.token, 'POST', `/api/conversations/${z.id}/contest`, { reason: '没解决' })).body.error.code, 'CONVERSATION_CONTEST_NOT_ALLOWED');
    const contested = await c.call(y.token, 'POST', `/api/conversations/${y.id}/contest`, { reason: '其实没有解决' });
    assert.equal(contested.status, 200);
    assert.equal(contested.body.contested, true);
    assert.equal((await c.call(y.token, 'POST', `/api/conversations/${y.id}/contest`, { reason: '再提一次' })).body.error.code, 'CONVERSATION_CONTEST_NOT_ALLOWED');
    const m = (await coordinator.get(`/api/conversations/metrics?from=2026-03-03&to=2026-03-03&departmentId=${d.department}`)).body;
    assert.deepEqual([m.overall.closed, m.overall.resolved, m.overall.contested, m.overall.resolutionRate], [3, 1, 1, 33.3]);
    assert.deepEqual(m.byDepartment.map((x: any) => [x.id, x.resolutionRate]), [[d.department, 33.3]]);
    assert.equal(m.targets.resolutionRate, 90);
    assert.equal(m.byAgent[0].closed, 3);
  });

  test('figures are scoped: a leader sees their own department only', async () => {
    const d = await desk();
    const leader = await s.as('leader', d.department);
    assert.equal((await leader.get(`/api/conversations/metrics?from=2026-03-03&to=2026-03-03&departmentId=${units.other}`)).body.error.code, 'OUT_OF_SCOPE');
    const own = await leader.get('/api/conversations/metrics?from=2026-03-01&to=2026-03-31');
    assert.equal(own.status, 200);
    assert.ok(own.body.byGroup.every((g: any) => g.id === d.group));
  });
});
