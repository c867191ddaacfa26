import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, type Caller, type TestServer } from './support/harness.ts';
import { citizenClient } from './support/kb-factory.ts';
import { createDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl } from './support/realtime-client.ts';

// Finding 8 of the 2026-12-02 security measurement: a citizen's identifiers reach only staff of the chat's scope,
// masked unless the role holds citizen.viewPii, and every unmasked disclosure is audited; numbers the citizen
// types into free text are masked the same way, over REST and on the staff's sockets.
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

const TYPED = '我的身份证号31010419800101714X，电话139 1234 5678，事项编码11440100MB2C93184J3440113106004';
const MASKED = '我的身份证号3101**********714X，电话139****5678，事项编码11440100MB2C93184J3440113106004';

/** A citizen verified through the demo SSO adapter (张演示, an 18-digit ID ending in X, a 139 mobile). */
async function verifiedCitizen() {
  const token = await c.newCitizen();
  const started = await c.call(token, 'POST', '/api/citizen/sso/demo/start');
  const redirect = new URL(started.body.redirectUrl);
  const callback = await s.app.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}` });
  assert.equal(callback.statusCode, 200, callback.body);
  const row = await s.ctx.db.selectFrom('citizens').selectAll().where('id', '=', callback.json().citizenId).executeTakeFirstOrThrow();
  assert.ok(row.real_name && row.id_number && row.phone);
  return { token, citizenId: row.id, row: { realName: row.real_name!, idNumber: row.id_number!, phone: row.phone! } };
}

/** A verified citizen's chat with its own desk's online agent, opened with a question full of numbers. */
async function servedChat(extra: object = {}) {
  const desk = await createDesk(s, units.district);
  const agent = await s.as('agent', desk.group);
  await agent.put('/api/agent/status', { status: 'online' });
  const citizen = await verifiedCitizen();
  const res = await c.call(citizen.token, 'POST', '/api/conversations', { matterId: desk.matter, question: TYPED, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'assigned');
  return { ...desk, ...citizen, agent, id: res.body.id as string };
}

const piiViews = (citizenId: string, actorId: string) =>
  s.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'citizen.pii_viewed').where('subject_id', '=', citizenId).where('actor_id', '=', actorId).execute();

describe('GET /api/citizens/:id', () => {
  test('staff outside the chat\u2019s scope get OUT_OF_SCOPE: another department\u2019s agent, an unrelated centre', async () => {
    const chat = await servedChat();
    const otherDesk = await createDesk(s, units.district);
    const otherAgent = await s.as('agent', otherDesk.group);
    const unrelatedCentre = await s.as('center_staff', units.community);
    const otherLeader = await s.as('leader', units.civil);
    for (const [who, caller] of [['agent of another department', otherAgent], ['centre staff of an unrelated centre', unrelatedCentre], ['leader of another department', otherLeader]] as const) {
      const res = await caller.get(`/api/citizens/${chat.citizenId}`);
      assert.equal(res.status, 404, `${who}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'OUT_OF_SCOPE', who);
      assert.ok(!JSON.stringify(res.body).includes(chat.row.idNumber));
    }
    assert.equal((await unrelatedCentre.get(`/api/citizens/${randomUUID()}`)).body.error.code, 'NOT_FOUND');
  });

  test('the chat\u2019s agent and leader read it masked, unaudited; the coordinator reads it in full, audited', async () => {
    const chat = await servedChat();
    const leader = await s.as('leader', chat.department);
    for (const caller of [chat.agent, leader]) {
      const res = await caller.get(`/api/citizens/${chat.citizenId}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.idNumber, `${chat.row.idNumber.slice(0, 4)}**********${chat.row.idNumber.slice(-4)}`);
      assert.equal(res.body.phone, `${chat.row.phone.slice(0, 3)}****${chat.row.phone.slice(-4)}`);
      assert.equal(res.body.realName, `${[...chat.row.realName][0]}**`);
      assert.equal((await piiViews(chat.citizenId, caller.userId)).length, 0, 'a masked read is not audited');
    }
    const coordinator = await s.as('coordinator', units.office);
    const full = await coordinator.get(`/api/citizens/${chat.citizenId}`);
    assert.deepEqual([full.body.realName, full.body.idNumber, full.body.phone], [chat.row.realName, chat.row.idNumber, chat.row.phone]);
    const [audit, ...more] = await piiViews(chat.citizenId, coordinator.userId);
    assert.equal(more.length, 0);
    assert.equal(audit!.subject_type, 'citizen');
    assert.equal(audit!.actor_role, 'coordinator');
    assert.match(audit!.summary ?? '', /idNumber/);
    assert.ok(!JSON.stringify(audit).includes(chat.row.idNumber), 'the audit row names the fields, not their values');
  });

  test('centre staff read in full, audited, a citizen served by a group of their centre', async () => {
    const citizen = await verifiedCitizen();
    await s.ctx.db
      .insertInto('conversations')
      .values({ citizen_id: citizen.citizenId, group_id: units.group, routed_via: 'any', status: 'ticket', requested_at: clock.now(), assistant_session_id: null, matter_id: null, question: null, contact: null, agent_id: null, sla_start_at: null, queue_since: null, assigned_at: null, first_response_at: null, first_response_by: null, closed_at: null, closed_by: null, outcome: null, close_reason: null, contested_at: null, contest_reason: null })
      .execute();
    const centre = await s.as('center_staff', units.center);
    const res = await centre.get(`/api/citizens/${citizen.citizenId}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.idNumber, citizen.row.idNumber);
    assert.equal((await piiViews(citizen.citizenId, centre.userId)).length, 1);
  });
});

describe('the desk and the chat', () => {
  test('desk context: the name masked for the agent like everywhere else; shown in full to the coordinator, audited', async () => {
    const chat = await servedChat({ contact: '手机 13812345678' });
    const asAgent = await chat.agent.get(`/api/conversations/${chat.id}/context`);
    assert.equal(asAgent.status, 200, JSON.stringify(asAgent.body));
    assert.equal(asAgent.body.citizen.name, `${[...chat.row.realName][0]}**`);
    assert.equal(asAgent.body.citizen.phone, `${chat.row.phone.slice(0, 3)}****${chat.row.phone.slice(-4)}`);
    assert.equal(asAgent.body.citizen.contact, '手机 138****5678');
    assert.equal((await piiViews(chat.citizenId, chat.agent.userId)).length, 0);
    const coordinator = await s.as('coordinator', units.office);
    const full = await coordinator.get(`/api/conversations/${chat.id}/context`);
    assert.deepEqual([full.body.citizen.name, full.body.citizen.phone, full.body.citizen.contact], [chat.row.realName, chat.row.phone, '手机 13812345678']);
    assert.equal((await piiViews(chat.citizenId, coordinator.userId)).length, 1);
  });

  test('the hand-off question and 小申\u2019s turns: numbers masked for the agent, as typed for the coordinator', async () => {
    const desk = await createDesk(s, units.district);
    const agent = await s.as('agent', desk.group);
    await agent.put('/api/agent/status', { status: 'online' });
    const token = await c.newCitizen();
    const session = await c.start(token, { matterId: desk.matter });
    assert.equal((await c.ask(token, session.sessionId, TYPED)).status, 200);
    const opened = await c.call(token, 'POST', '/api/conversations', { assistantSessionId: session.sessionId, question: TYPED });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const id = opened.body.id as string;
    assert.equal((await agent.get(`/api/conversations/${id}`)).body.question, MASKED);
    assert.equal((await agent.get('/api/conversations')).body.items.find((x: { id: string }) => x.id === id).question, MASKED);
    assert.deepEqual((await agent.get(`/api/conversations/${id}/context`)).body.assistant.map((t: { question: string }) => t.question), [MASKED]);
    const coordinator = await s.as('coordinator', units.office);
    assert.equal((await coordinator.get(`/api/conversations/${id}`)).body.question, TYPED);
    assert.deepEqual((await coordinator.get(`/api/conversations/${id}/context`)).body.assistant.map((t: { question: string }) => t.question), [TYPED]);
  });

  test('chat messages over REST: the agent reads the citizen\u2019s numbers masked; the citizen and the coordinator as typed', async () => {
    const chat = await servedChat();
    const sent = await c.call(chat.token, 'POST', `/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), text: TYPED });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.text, TYPED, 'the citizen sees their own text');
    const reply = await chat.agent.post(`/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), text: '请拨打咨询电话021-12345678' });
    assert.equal(reply.body.text, '请拨打咨询电话021-12345678', 'staff text is left as written');
    const texts = async (caller: Caller | string) => {
      const res = typeof caller === 'string' ? await c.call(caller, 'GET', `/api/conversations/${chat.id}/messages`) : await caller.get(`/api/conversations/${chat.id}/messages`);
      return res.body.items.filter((m: { sender: string }) => m.sender !== 'system').map((m: { text: string }) => m.text);
    };
    // The hand-off question is the chat's first message (the citizen's own), masked the same way.
    assert.deepEqual(await texts(chat.agent), [MASKED, MASKED, '请拨打咨询电话021-12345678']);
    assert.deepEqual(await texts(chat.token), [TYPED, TYPED, '请拨打咨询电话021-12345678']);
    assert.deepEqual(await texts(await s.as('coordinator', units.office)), [TYPED, TYPED, '请拨打咨询电话021-12345678']);
    const suggestions = await chat.agent.get(`/api/conversations/${chat.id}/suggestions`);
    assert.equal(suggestions.body.query, MASKED);
  });

  test('chat messages on the sockets: masked per recipient, the citizen\u2019s own and the coordinator\u2019s as typed', async () => {
    const chat = await servedChat();
    const coordinator = await s.as('coordinator', units.office);
    const url = await realtimeUrl(s.app);
    const agentRt = await RtClient.staff(url, chat.agent.cookie);
    const coordinatorRt = await RtClient.staff(url, coordinator.cookie);
    const citizenRt = await RtClient.citizen(url, chat.token);
    try {
      for (const rt of [agentRt, coordinatorRt, citizenRt]) await rt.subscribe(chat.id);
      citizenRt.send({ type: 'send', conversationId: chat.id, clientId: randomUUID(), body: TYPED });
      const textOf = async (rt: RtClient) => (await rt.next((f) => f.type === 'message' && f.conversationId === chat.id && f.sender === 'citizen')).text;
      assert.equal(await textOf(agentRt), MASKED);
      assert.equal(await textOf(coordinatorRt), TYPED);
      assert.equal(await textOf(citizenRt), TYPED);
      // A late subscriber is replayed from the database (the pull path): masked the same way.
      const late = await RtClient.staff(url, chat.agent.cookie);
      try {
        await late.subscribe(chat.id);
        assert.equal(await textOf(late), MASKED);
      } finally {
        late.close();
      }
    } finally {
      agentRt.close();
      coordinatorRt.close();
      citizenRt.close();
    }
  });

  test('internal notes quoting numbers are masked for the agent', async () => {
    const chat = await servedChat();
    const coordinator = await s.as('coordinator', units.office);
    const added = await coordinator.post(`/api/conversations/${chat.id}/notes`, { text: '群众留的回电号码 13912345678' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual((await chat.agent.get(`/api/conversations/${chat.id}/notes`)).body.items.map((n: { text: string }) => n.text), ['群众留的回电号码 139****5678']);
    assert.deepEqual((await coordinator.get(`/api/conversations/${chat.id}/notes`)).body.items.map((n: { text: string }) => n.text), ['群众留的回电号码 13912345678']);
  });
});

describe('查遗补缺', () => {
  test('a gap\u2019s question is masked for the KB operator, as typed for the coordinator; a draft from it never carries the numbers', async () => {
    const desk = await createDesk(s, units.district);
    const question = `社保卡丢了怎么补办，我的电话13912345678 ${randomUUID().slice(0, 8)}`;
    const gap = (
      await s.ctx.db
        .insertInto('kb_gaps')
        .values({ question, normalized: question, matter_id: desk.matter, department_id: desk.department, source: 'no_match', status: 'open', first_session_id: null, last_seen_at: clock.now(), due_at: null, answered_entry_id: null, answered_at: null, closed_by: null, dismiss_reason: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const kb = await s.as('kb_operator', desk.department);
    const coordinator = await s.as('coordinator', units.office);
    const listed = async (caller: Caller) => (await caller.get('/api/kb/gaps?pageSize=100')).body.items.find((g: { id: string }) => g.id === gap).question;
    assert.equal(await listed(kb), question.replace('13912345678', '139****5678'));
    assert.equal(await listed(coordinator), question);
    const draft = await kb.post(`/api/kb/gaps/${gap}/draft`);
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    assert.equal(draft.body.question, question.replace('13912345678', '139****5678'));
  });
});
