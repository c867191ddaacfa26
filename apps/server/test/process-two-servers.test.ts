import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RtClient, until } from './support/realtime-client.ts';
import {
  call,
  citizenToken,
  DEFAULT_POSTGRES_URL,
  login,
  postgresDatabase,
  seedDesk,
  spawnServer,
  type ProcessDatabase,
  type SeededDesk,
  type ServerProcess,
} from './support/server-process.ts';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

// Two real server processes of one deployment: one PostgreSQL database (several processes need it: PGlite is
// one process's), joined by Redis. The citizen only ever talks to P1, the agent only to P2.
let db: ProcessDatabase;
let desk: SeededDesk;
let p1: ServerProcess;
let p2: ServerProcess;
let token: string;
let cookie: string;
let citizenOnP1: RtClient;
let agentOnP2: RtClient;
let id: string;

before(async () => {
  db = await postgresDatabase(process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL);
  desk = await seedDesk(db);
  const env = { ...db.env, REDIS_URL };
  [p1, p2] = await Promise.all([spawnServer(env), spawnServer(env)]);
});
after(async () => {
  citizenOnP1?.ws.terminate();
  agentOnP2?.ws.terminate();
  await Promise.all([p1?.stop(), p2?.stop()]);
  await db?.drop();
});

const messages = (c: RtClient) => c.about(id).filter((f) => f.type === 'message');
const transcript = async () => {
  const res = await call(p1, 'GET', `/api/conversations/${id}/messages?after=0`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as { seq: number; sender: string; clientId: string | null; text: string }[];
};

describe('two server processes sharing PostgreSQL and Redis: the citizen on P1, the agent on P2', () => {
  test('the citizen hands off on P1; the agent goes online on P2 and is told the chat is theirs', async () => {
    cookie = await login(p2, desk.agent);
    agentOnP2 = await RtClient.staff(p2.wsUrl, cookie);
    token = await citizenToken(p1);
    citizenOnP1 = await RtClient.open(p1.wsUrl, { token });
    await citizenOnP1.next((f) => f.type === 'ready');

    const handoff = await call(p1, 'POST', '/api/conversations', { token, body: { matterId: desk.matterId } });
    assert.equal(handoff.status, 201, JSON.stringify(handoff.body));
    assert.equal(handoff.body.status, 'queued', 'no agent is online yet');
    id = handoff.body.id;
    await citizenOnP1.subscribe(id, 0);

    const online = await call(p2, 'PUT', '/api/agent/status', { cookie, body: { status: 'online' } });
    assert.equal(online.status, 200, JSON.stringify(online.body));
    assert.deepEqual(online.body.assigned, [id]);
    const assigned = await agentOnP2.next((f) => f.type === 'conversation' && f.conversationId === id && f.change === 'assigned', 10_000);
    assert.equal(assigned.assignedToYou, true);
    assert.equal(assigned.status, 'assigned');
    // The assignment, committed on P2, reaches the citizen's socket on P1 through Redis.
    const heard = await citizenOnP1.next((f) => f.type === 'conversation' && f.change === 'assigned', 10_000);
    assert.equal(heard.status, 'assigned');
    assert.equal(heard.assignedToYou, undefined, 'citizens are not told about staff assignment flags');
    await agentOnP2.subscribe(id, 0);
    const notice = await citizenOnP1.next((f) => f.type === 'message' && f.seq === 1, 10_000);
    assert.equal(notice.sender, 'system');
  });

  test('messages both ways: each side gets the other\u2019s exactly once and in order', async () => {
    const fromCitizen = Array.from({ length: 8 }, (_, i) => ({ clientId: randomUUID(), text: `群众在P1说第${i}句` }));
    const fromAgent = Array.from({ length: 8 }, (_, i) => ({ clientId: randomUUID(), text: `工作人员在P2答第${i}句` }));
    // Both sides type at once: the two processes append to the same conversation concurrently.
    for (let i = 0; i < 8; i++) {
      citizenOnP1.send({ type: 'send', conversationId: id, clientId: fromCitizen[i]!.clientId, body: fromCitizen[i]!.text });
      agentOnP2.send({ type: 'send', conversationId: id, clientId: fromAgent[i]!.clientId, body: fromAgent[i]!.text });
    }
    const acks = (c: RtClient) => c.about(id).filter((f) => f.type === 'ack');
    await until(() => acks(citizenOnP1).length === 8 && acks(agentOnP2).length === 8, 'acks on both sides', 10_000);
    assert.deepEqual(acks(citizenOnP1).map((a) => a.clientId), fromCitizen.map((m) => m.clientId), 'acks come in the order sent');
    assert.deepEqual(acks(agentOnP2).map((a) => a.clientId), fromAgent.map((m) => m.clientId));

    const stored = await transcript();
    const last = stored.at(-1)!.seq;
    assert.equal(last, 1 + 16);
    await until(() => messages(citizenOnP1).at(-1)?.seq === last && messages(agentOnP2).at(-1)?.seq === last, 'both sides receiving the last message', 10_000);
    for (const [name, socket, other] of [
      ['citizen', citizenOnP1, fromAgent],
      ['agent', agentOnP2, fromCitizen],
    ] as const) {
      assert.deepEqual(
        messages(socket).map((m) => m.seq),
        stored.map((m) => m.seq),
        `the ${name} received the whole chat once, in seq order`,
      );
      const theirs = messages(socket).filter((m) => other.some((o) => o.clientId === m.clientId));
      assert.deepEqual(
        theirs.map((m) => [m.clientId, m.text]),
        other.map((o) => [o.clientId, o.text]),
        `the ${name} got each of the other side\u2019s messages once, in the order they were sent`,
      );
      assert.deepEqual(
        messages(socket).map((m) => [m.seq, m.sender, m.clientId, m.text]),
        stored.map((m) => [m.seq, m.sender, m.clientId, m.text]),
        `what the ${name} saw is what was stored`,
      );
    }
  });

  test('typing and read receipts cross the processes, to the other side only', async () => {
    citizenOnP1.send({ type: 'typing', conversationId: id });
    assert.deepEqual(await agentOnP2.next((f) => f.type === 'typing', 10_000), { type: 'typing', conversationId: id, from: 'citizen' });
    agentOnP2.send({ type: 'typing', conversationId: id });
    assert.deepEqual(await citizenOnP1.next((f) => f.type === 'typing', 10_000), { type: 'typing', conversationId: id, from: 'agent' });

    const last = messages(agentOnP2).at(-1)!.seq;
    agentOnP2.send({ type: 'read', conversationId: id, seq: last });
    assert.deepEqual(await citizenOnP1.next((f) => f.type === 'read', 10_000), { type: 'read', conversationId: id, seq: last, by: 'agent' });
    citizenOnP1.send({ type: 'read', conversationId: id, seq: last });
    assert.deepEqual(await agentOnP2.next((f) => f.type === 'read', 10_000), { type: 'read', conversationId: id, seq: last, by: 'citizen' });

    // Nobody hears their own typing or read receipt back, from either process.
    assert.deepEqual(citizenOnP1.frames.filter((f) => f.type === 'typing' || f.type === 'read').map((f) => f.from ?? f.by), ['agent', 'agent']);
    assert.deepEqual(agentOnP2.frames.filter((f) => f.type === 'typing' || f.type === 'read').map((f) => f.from ?? f.by), ['citizen', 'citizen']);
  });

  test('the agent closes it resolved on P2; the citizen\u2019s socket on P1 gets the closed conversation frame', async () => {
    const closed = await call(p2, 'POST', `/api/conversations/${id}/close`, { cookie, body: { outcome: 'resolved' } });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const frame = await citizenOnP1.next((f) => f.type === 'conversation' && f.change === 'closed', 10_000);
    assert.equal(frame.status, 'closed');
    assert.equal(frame.conversationId, id);
    // The closing notice follows, once, and the chat is complete and identical on both sides.
    await citizenOnP1.next((f) => f.type === 'message' && f.seq === frame.lastSeq, 10_000);
    await agentOnP2.next((f) => f.type === 'message' && f.seq === frame.lastSeq, 10_000);
    const stored = await transcript();
    assert.equal(stored.at(-1)!.seq, frame.lastSeq);
    assert.equal(stored.at(-1)!.sender, 'system');
    const all = Array.from({ length: frame.lastSeq }, (_, i) => i + 1);
    assert.deepEqual(messages(citizenOnP1).map((m) => m.seq), all);
    assert.deepEqual(messages(agentOnP2).map((m) => m.seq), all);
    const agentClosed = await agentOnP2.next((f) => f.type === 'conversation' && f.change === 'closed', 10_000);
    assert.equal(agentClosed.assignedToYou, true);
  });
});
