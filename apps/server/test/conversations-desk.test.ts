import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { dropSilentAgents } from '../src/modules/conversations/agent-status.command.ts';
import { alertDueResponses } from '../src/modules/conversations/response-alert.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { citizenClient, publishEntry } from './support/kb-factory.ts';
import { createDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl, until } from './support/realtime-client.ts';

// The agent desk around a chat: attachments in messages, internal notes, context, KB suggestions, "propose as
// KB entry", transfers to another department, canned answers, the wallboard and the 60-s supervisor alert.
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

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function upload(headers: Record<string, string>, file = PNG, name = '截图.png') {
  const boundary = `----bb${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await s.app.inject({ method: 'POST', url: '/api/attachments', payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; url: string; kind: string };
}

/** A desk with one online agent and a chat assigned to them. */
async function servedChat(body: object = {}) {
  const d = await createDesk(s, units.district);
  const agent = await s.as('agent', d.group);
  await agent.put('/api/agent/status', { status: 'online' });
  const token = await c.newCitizen();
  const res = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter, ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'assigned');
  return { ...d, agent, token, id: res.body.id as string };
}

describe('messages with attachments', () => {
  test('a citizen sends a screenshot; the agent reads it; nobody else can, and it cannot be re-used', async () => {
    const chat = await servedChat();
    const bearer = { authorization: `Bearer ${chat.token}` };
    const shot = await upload(bearer);
    const sent = await c.call(chat.token, 'POST', `/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), attachmentId: shot.id });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.deepEqual([sent.body.text, sent.body.attachment.id, sent.body.attachment.kind], ['', shot.id, 'image']);
    const listed = await chat.agent.get(`/api/conversations/${chat.id}/messages`);
    assert.equal(listed.body.items.at(-1).attachment.url, shot.url);
    const asAgent = await chat.agent.get(shot.url);
    assert.equal(asAgent.status, 200);
    assert.deepEqual(asAgent.raw.rawPayload, PNG);
    // Another department's agent, and another citizen: not found.
    const elsewhere = await createDesk(s, units.district);
    assert.equal((await (await s.as('agent', elsewhere.group)).get(shot.url)).status, 404);
    const stranger = await c.newCitizen();
    assert.equal((await s.app.inject({ method: 'GET', url: shot.url, headers: { authorization: `Bearer ${stranger}` } })).statusCode, 404);
    // The stranger cannot post someone else's upload into their own chat, nor the citizen into a second chat.
    const strangerChat = await c.call(stranger, 'POST', '/api/conversations', { matterId: chat.matter });
    const reuse = await c.call(stranger, 'POST', `/api/conversations/${strangerChat.body.id}/messages`, { clientId: randomUUID(), attachmentId: shot.id });
    assert.equal(reuse.status, 404);
    assert.equal(reuse.body.error.code, 'ATTACHMENT_NOT_FOUND');
    // The agent answers with an image of their own, which the citizen can read.
    const reply = await upload({ cookie: chat.agent.cookie });
    const answered = await chat.agent.post(`/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), text: '请按图中位置填写', attachmentId: reply.id });
    assert.equal(answered.status, 201);
    assert.equal((await s.app.inject({ method: 'GET', url: reply.url, headers: bearer })).statusCode, 200);
  });

  test('a message needs text or an attachment', async () => {
    const chat = await servedChat();
    const empty = await c.call(chat.token, 'POST', `/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), text: '   ' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.code, 'VALIDATION_FAILED');
    const stored = await s.ctx.db.selectFrom('conversation_messages').select('seq').where('conversation_id', '=', chat.id).where('sender', '=', 'citizen').execute();
    assert.equal(stored.length, 0);
  });
});

describe('read positions', () => {
  test('how far each side read is kept: forward only, never past the last message', async () => {
    const chat = await servedChat();
    const url = await realtimeUrl(s.app);
    const agentRt = await RtClient.staff(url, chat.agent.cookie);
    try {
      await agentRt.subscribe(chat.id);
      await c.call(chat.token, 'POST', `/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), text: '您好' });
      const last = (await c.call(chat.token, 'GET', `/api/conversations/${chat.id}`)).body.lastSeq as number;
      const readOf = async () => (await s.ctx.db.selectFrom('conversations').select(['agent_read_seq', 'citizen_read_seq']).where('id', '=', chat.id).executeTakeFirstOrThrow()).agent_read_seq;
      agentRt.send({ type: 'read', conversationId: chat.id, seq: last });
      await until(async () => (await readOf()) === last, 'agent read position stored');
      agentRt.send({ type: 'read', conversationId: chat.id, seq: 1 });
      agentRt.send({ type: 'read', conversationId: chat.id, seq: last + 50 });
      agentRt.send({ type: 'ping' });
      await agentRt.next((f) => f.type === 'pong');
      assert.equal(await readOf(), last, 'neither backwards nor past the last message');
      assert.equal((await c.call(chat.token, 'GET', `/api/conversations/${chat.id}`)).body.agentReadSeq, last, 'the citizen sees 已读 after a reload');
      assert.equal((await chat.agent.get(`/api/conversations/${chat.id}`)).body.agentReadSeq, last, 'unread counts hold on another device');
    } finally {
      agentRt.close();
    }
  });
});

describe('beside the chat', () => {
  test('internal notes stay with the staff: never in the citizen\u2019s messages', async () => {
    const chat = await servedChat();
    const note = await chat.agent.post(`/api/conversations/${chat.id}/notes`, { text: '群众上次材料缺户口本' });
    assert.equal(note.status, 201);
    assert.equal(note.body.text, '群众上次材料缺户口本');
    const notes = await chat.agent.get(`/api/conversations/${chat.id}/notes`);
    assert.deepEqual(notes.body.items.map((n: { text: string }) => n.text), ['群众上次材料缺户口本']);
    const citizenView = await c.call(chat.token, 'GET', `/api/conversations/${chat.id}/messages`);
    assert.ok(!JSON.stringify(citizenView.body).includes('户口本'));
    assert.equal((await c.call(chat.token, 'GET', `/api/conversations/${chat.id}/notes`)).status, 401);
    const audit = await s.ctx.db.selectFrom('audit_events').selectAll().where('subject_id', '=', chat.id).where('action', '=', 'conversation.note_added').executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(audit).includes('户口本'), 'the note text is not copied into the audit trail');
  });

  test('context: the matter, earlier contacts of the citizen, and the contact masked for an agent', async () => {
    const chat = await servedChat({ contact: '电话13812345678' });
    await s.ctx.db.updateTable('conversations').set({ status: 'closed', outcome: 'resolved', closed_at: clock.now() }).where('id', '=', chat.id).execute();
    const again = await c.call(chat.token, 'POST', '/api/conversations', { matterId: chat.matter, contact: '电话13812345678' });
    const ctxView = await chat.agent.get(`/api/conversations/${again.body.id}/context`);
    assert.equal(ctxView.status, 200, JSON.stringify(ctxView.body));
    assert.equal(ctxView.body.matter.id, chat.matter);
    assert.deepEqual(ctxView.body.earlier.map((e: { id: string; outcome: string }) => [e.id, e.outcome]), [[chat.id, 'resolved']]);
    assert.equal(ctxView.body.citizen.contact, '电话138****5678');
    assert.equal(ctxView.body.citizen.realName, false);
    const coordinator = await s.as('coordinator', units.office);
    assert.equal((await coordinator.get(`/api/conversations/${again.body.id}/context`)).body.citizen.contact, '电话13812345678');
  });

  test('KB answers are suggested for the citizen\u2019s last question', async () => {
    const chat = await servedChat();
    const entry = await publishEntry(s.ctx, { departmentId: chat.department, question: '居住证到期了怎么续签', answer: '携带身份证到社区事务受理服务中心办理**续签**。' });
    await c.call(chat.token, 'POST', `/api/conversations/${chat.id}/messages`, { clientId: randomUUID(), text: '居住证到期续签要去哪里' });
    const res = await chat.agent.get(`/api/conversations/${chat.id}/suggestions`);
    assert.equal(res.status, 200);
    assert.equal(res.body.query, '居住证到期续签要去哪里');
    assert.equal(res.body.items[0].entryId, entry);
    assert.match(res.body.items[0].answer, /续签/);
  });

  test('"propose as KB entry" drafts an entry of the chat\u2019s department for its KB operator', async () => {
    const chat = await servedChat();
    const res = await chat.agent.post(`/api/conversations/${chat.id}/propose-entry`, { question: '补办需要几天', answer: '材料齐全的当场办结。' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.status, res.body.departmentId], ['draft', chat.department]);
    const row = await s.ctx.db.selectFrom('kb_entries').selectAll().where('id', '=', res.body.entryId).executeTakeFirstOrThrow();
    assert.deepEqual([row.source, row.source_ref, row.created_by], ['agent_answer', chat.id, chat.agent.userId]);
    const kb = await s.as('kb_operator', chat.department);
    assert.equal((await kb.get(`/api/kb/entries/${res.body.entryId}`)).status, 200);
    const other = await servedChat();
    const notMine = await other.agent.post(`/api/conversations/${chat.id}/propose-entry`, { question: '补办需要几天', answer: '当场办结。' });
    assert.equal(notMine.status, 404, 'another department\'s chat is out of scope');
  });
});

describe('transfers and canned answers', () => {
  test('transfer to a department: queued at the front of its group, the first-response clock kept', async () => {
    const chat = await servedChat();
    const target = await createDesk(s, units.district);
    const bare = await s.ctx.db.insertInto('org_units').values({ parent_id: units.district, kind: 'department', name: `无小组部门${randomUUID().slice(0, 6)}`, tags: '[]', working_hours: 'null' }).returning('id').executeTakeFirstOrThrow();
    await s.ctx.org.reload();
    const none = await chat.agent.post(`/api/conversations/${chat.id}/transfer`, { departmentId: bare.id, reason: '不归我们管' });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.code, 'TRANSFER_NO_GROUP');
    const both = await chat.agent.post(`/api/conversations/${chat.id}/transfer`, { departmentId: target.department, groupId: target.group, reason: 'x' });
    assert.equal(both.status, 400);
    // A group that only works afternoons is not at work at 10:00: the chat is not parked there.
    const afternoons = await s.ctx.db
      .insertInto('org_units')
      .values({ parent_id: target.department, kind: 'agent_group', name: `下午班${randomUUID().slice(0, 6)}`, tags: '[]', working_hours: JSON.stringify({ periods: [{ start: '13:30', end: '17:30' }] }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await s.ctx.org.reload();
    const closed = await chat.agent.post(`/api/conversations/${chat.id}/transfer`, { groupId: afternoons.id, reason: '转下午班' });
    assert.equal(closed.status, 409);
    assert.equal(closed.body.error.code, 'TRANSFER_GROUP_CLOSED');
    assert.match(closed.body.error.message, /现在不在上班时间（下次上班：3月3日（星期二）13:30）/);
    const before = await s.ctx.db.selectFrom('conversations').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
    const moved = await chat.agent.post(`/api/conversations/${chat.id}/transfer`, { departmentId: target.department, reason: '属于另一个部门的事项' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([moved.body.status, moved.body.groupId, moved.body.agentId], ['queued', target.group, null]);
    const after = await s.ctx.db.selectFrom('conversations').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
    assert.equal(after.sla_start_at!.getTime(), before.sla_start_at!.getTime());
    assert.equal(after.queue_priority, 1);
    const messages = await c.call(chat.token, 'GET', `/api/conversations/${chat.id}/messages`);
    assert.match(messages.body.items.at(-1).text, /已为您转过去并排在最前面/);
    // An agent of the target group coming online gets it.
    const next = await s.as('agent', target.group);
    const status = await next.put('/api/agent/status', { status: 'online' });
    assert.deepEqual(status.body.assigned, [chat.id]);
  });

  test('canned answers: a leader writes them for the department; its agents use them; shortcuts are unique per unit', async () => {
    const chat = await servedChat();
    const leader = await s.as('leader', chat.department);
    const made = await leader.post('/api/canned-answers', { unitId: chat.department, title: '问候', text: '您好，这里是人工帮办，请问有什么可以帮您？', shortcut: '问候' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const clash = await leader.post('/api/canned-answers', { unitId: chat.department, title: '问候2', text: '您好', shortcut: '问候' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.code, 'CANNED_SHORTCUT_TAKEN');
    const list = await chat.agent.get('/api/canned-answers');
    assert.deepEqual(list.body.items.map((a: { title: string; canEdit: boolean }) => [a.title, a.canEdit]), [['问候', false]]);
    assert.equal((await chat.agent.post('/api/canned-answers', { unitId: chat.group, title: 'x', text: 'y' })).status, 403);
    const otherLeader = await s.as('leader', units.other);
    assert.equal((await otherLeader.put(`/api/canned-answers/${made.body.id}`, { unitId: chat.department, title: '改', text: '改' })).body.error.code, 'OUT_OF_SCOPE');
    assert.equal((await otherLeader.delete(`/api/canned-answers/${made.body.id}`)).status, 404);
    assert.equal((await (await servedChat()).agent.get('/api/canned-answers')).body.items.length, 0, 'another department\u2019s agents do not see them');
    assert.equal((await leader.delete(`/api/canned-answers/${made.body.id}`)).status, 204);
    const audit = await s.ctx.db.selectFrom('audit_events').select('action').where('subject_id', '=', made.body.id).orderBy('occurred_at').execute();
    assert.deepEqual(audit.map((a) => a.action), ['canned.created', 'canned.deleted']);
  });
});

describe('supervision', () => {
  test('the wallboard shows a chat owed a first response; at 45 s its group\u2019s supervisors are alerted once', async () => {
    const d = await createDesk(s, units.district);
    const leader = await s.as('leader', d.department);
    const agent = await s.as('agent', d.group);
    const url = await realtimeUrl(s.app);
    const leaderRt = await RtClient.staff(url, leader.cookie);
    const agentRt = await RtClient.staff(url, agent.cookie);
    const otherLeaderRt = await RtClient.staff(url, (await s.as('leader', units.other)).cookie);
    try {
      const token = await c.newCitizen();
      const res = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter });
      assert.equal(res.body.status, 'queued');
      let board = await leader.get('/api/conversations/wallboard');
      assert.equal(board.status, 200, JSON.stringify(board.body));
      const group = board.body.groups.find((g: { id: string }) => g.id === d.group);
      assert.deepEqual([group.queued, group.agentsOnline, group.open], [1, 0, true]);
      assert.deepEqual(board.body.waiting.map((w: { id: string; alert: boolean }) => [w.id, w.alert]), [[res.body.id, false]]);
      assert.ok(!board.body.groups.some((g: { id: string }) => g.id === units.group), 'a department leader sees only their own groups');

      clock.advance(46_000);
      assert.ok((await alertDueResponses(s.ctx)).includes(res.body.id));
      assert.deepEqual(await alertDueResponses(s.ctx), [], 'once');
      const alert = await leaderRt.next((f) => f.type === 'alert' && f.conversationId === res.body.id);
      assert.deepEqual([alert.kind, alert.groupId, alert.waitingSeconds], ['first_response_due', d.group, 46]);
      board = await leader.get('/api/conversations/wallboard');
      assert.deepEqual(board.body.waiting.map((w: { alert: boolean; overdue: boolean }) => [w.alert, w.overdue]), [[true, false]]);
      await assert.rejects(agentRt.next((f) => f.type === 'alert', 300), 'agents get no supervisor alert');
      await assert.rejects(otherLeaderRt.next((f) => f.type === 'alert', 300), 'nor another department\u2019s leader');
      assert.equal((await agent.get('/api/conversations/wallboard')).status, 403);
    } finally {
      clock.set(TUESDAY_10);
      leaderRt.close();
      agentRt.close();
      otherLeaderRt.close();
    }
  });

  test('an agent whose desk goes silent for 90 s has dropped: set away by the system, chats back to the queue', async () => {
    const chat = await servedChat();
    const httpOnly = await servedChat();
    const rt = await RtClient.staff(await realtimeUrl(s.app), chat.agent.cookie);
    try {
      await until(async () => (await s.ctx.db.selectFrom('agent_status').select('last_seen_at').where('user_id', '=', chat.agent.userId).executeTakeFirstOrThrow()).last_seen_at !== null, 'presence recorded');
      clock.advance(60_000);
      assert.deepEqual(await dropSilentAgents(s.ctx), [], 'not yet');
      clock.advance(31_000);
      const dropped = await dropSilentAgents(s.ctx);
      assert.ok(dropped.includes(chat.agent.userId));
      assert.ok(!dropped.includes(httpOnly.agent.userId), 'an agent whose desk never connected is not judged by heartbeats');
      const status = await chat.agent.get('/api/agent/status');
      assert.deepEqual([status.body.status, status.body.load], ['away', 0]);
      const row = await s.ctx.db.selectFrom('conversations').select(['status', 'queue_priority']).where('id', '=', chat.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.queue_priority], ['queued', 1]);
      const audit = await s.ctx.db.selectFrom('audit_events').select(['actor_id', 'summary']).where('subject_id', '=', chat.id).where('action', '=', 'conversation.requeued').executeTakeFirstOrThrow();
      assert.equal(audit.actor_id, null);
      assert.match(audit.summary ?? '', /工作台连接中断/);
    } finally {
      clock.set(TUESDAY_10);
      rt.close();
    }
  });

  test('an agent who never set a status reads offline; a citizen lists their own conversations', async () => {
    const d = await createDesk(s, units.district);
    const agent = await s.as('agent', d.group);
    const status = await agent.get('/api/agent/status');
    assert.deepEqual([status.body.status, status.body.groupId, status.body.load], ['offline', d.group, 0]);
    const token = await c.newCitizen();
    const first = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter });
    const again = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter });
    assert.equal(again.body.id, first.body.id, 'a second tab or a double tap gets the request already open');
    await s.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: clock.now() }).where('id', '=', first.body.id).execute();
    clock.advance(1000);
    const second = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter });
    clock.set(TUESDAY_10);
    const mine = await c.call(token, 'GET', '/api/conversations/mine');
    assert.deepEqual(mine.body.items.map((x: { id: string }) => x.id), [second.body.id, first.body.id]);
    assert.equal((await c.call(await c.newCitizen(), 'GET', '/api/conversations/mine')).body.items.length, 0);
  });
});
