import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RtClient, until } from './support/realtime-client.ts';
import { startOwnRedis, type OwnRedis } from './support/fault-services.ts';
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

// Two real server processes on one PostgreSQL database, joined by a Redis of this test's own (a free port,
// never the machine's 6379), which is killed for a few seconds mid-chat. Measured 2026-12-02 (finding 10):
// every commit waited on ioredis's retries, chat acks took 11 s. Now a write is acknowledged while Redis is
// still down, its own process delivers it at once, and the other process catches up when Redis returns.
const PER_SIDE = 20;

let redis: OwnRedis;
let db: ProcessDatabase;
let desk: SeededDesk;
let p1: ServerProcess;
let p2: ServerProcess;
const sockets: RtClient[] = [];

before(async () => {
  redis = await startOwnRedis();
  db = await postgresDatabase(process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL);
  desk = await seedDesk(db);
  const env = { ...db.env, REDIS_URL: redis.url };
  [p1, p2] = await Promise.all([spawnServer(env), spawnServer(env)]);
});
after(async () => {
  for (const c of sockets) c.ws.terminate();
  await Promise.all([p1?.stop(), p2?.stop()]);
  await redis?.kill();
  await db?.drop();
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** PER_SIDE messages from each side, one pair every 25 ms; each ack timed from its send. */
function burst(citizen: RtClient, agent: RtClient, id: string, when: string) {
  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  for (const c of [citizen, agent]) {
    c.onFrame((f) => {
      const t0 = f.type === 'ack' && sentAt.get(f.clientId);
      if (t0) ackMs.push(Date.now() - t0);
    });
  }
  const fromCitizen: string[] = [];
  const fromAgent: string[] = [];
  const sent = (async () => {
    for (let i = 0; i < PER_SIDE; i++) {
      for (const [c, list, who] of [
        [citizen, fromCitizen, '群众'],
        [agent, fromAgent, '工作人员'],
      ] as const) {
        const clientId = randomUUID();
        list.push(clientId);
        sentAt.set(clientId, Date.now());
        c.send({ type: 'send', conversationId: id, clientId, body: `${who}在${when}说第${i}句` });
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return { fromCitizen, fromAgent, ackMs, sent };
}

describe('two server processes whose Redis is killed mid-chat: the citizen on P1, the agent on P2', () => {
  test('writes are acknowledged while Redis is down, /healthz says degraded, and P2 gets every message committed on P1 once Redis is back', async () => {
    const cookie = await login(p2, desk.agent);
    assert.equal((await call(p2, 'PUT', '/api/agent/status', { cookie, body: { status: 'online' } })).status, 200);
    const token = await citizenToken(p1);
    const handoff = await call(p1, 'POST', '/api/conversations', { token, body: { matterId: desk.matterId } });
    assert.equal(handoff.status, 201, JSON.stringify(handoff.body));
    assert.equal(handoff.body.status, 'assigned');
    const id: string = handoff.body.id;
    const citizenOnP1 = await RtClient.citizen(p1.wsUrl, token);
    const agentOnP2 = await RtClient.staff(p2.wsUrl, cookie);
    sockets.push(citizenOnP1, agentOnP2);
    await Promise.all([citizenOnP1.subscribe(id, 0), agentOnP2.subscribe(id, 0)]);
    const messages = (c: RtClient) => c.about(id).filter((f) => f.type === 'message');
    const acks = (c: RtClient) => c.about(id).filter((f) => f.type === 'ack');

    // Before: a message crosses from P1 to P2 through Redis.
    const hello = randomUUID();
    citizenOnP1.send({ type: 'send', conversationId: id, clientId: hello, body: '群众：您好' });
    await agentOnP2.next((f) => f.type === 'message' && f.clientId === hello, 10_000);
    for (const p of [p1, p2]) assert.deepEqual((await call(p, 'GET', '/healthz')).body, { status: 'ok', checks: { database: 'ok', redis: 'ok' } });

    // The same burst with Redis up, for comparison (timing is printed, not asserted).
    const baseline = burst(citizenOnP1, agentOnP2, id, 'Redis 正常时');
    await baseline.sent;
    await until(() => baseline.ackMs.length === 2 * PER_SIDE, 'acks of the burst before the outage', 10_000);

    await redis.kill();
    for (const p of [p1, p2]) await until(async () => (await call(p, 'GET', '/healthz')).body?.status === 'degraded', 'degraded health', 5_000);
    const health = await call(p1, 'GET', '/healthz');
    assert.equal(health.status, 200, 'a load balancer keeps the process');
    assert.deepEqual(health.body, { status: 'degraded', checks: { database: 'ok', redis: 'down' } });

    // During the outage both sides talk; each ack is timed from its send.
    const outage = burst(citizenOnP1, agentOnP2, id, 'Redis 中断时');
    const { fromCitizen, fromAgent, ackMs } = outage;
    await outage.sent;
    // Acknowledged while Redis is still down (it is started again only below): the ack waits for the commit alone.
    await until(() => ackMs.length === 2 * PER_SIDE, 'acks for every message sent during the outage', 5_000);
    assert.equal((await call(p1, 'GET', '/healthz')).body.checks.redis, 'down', 'Redis was still down when the acks came');
    console.log(`Redis outage: ack p50 ${percentile(ackMs, 50)} ms, p99 ${percentile(ackMs, 99)} ms (${ackMs.length} messages, 2 processes, Redis down); the same burst with Redis up: p50 ${percentile(baseline.ackMs, 50)} ms, p99 ${percentile(baseline.ackMs, 99)} ms`);
    // Each process's own sockets got its messages at once (the local listeners do not wait for Redis).
    await until(() => fromCitizen.every((c) => messages(citizenOnP1).some((m) => m.clientId === c)), 'the citizen on P1 seeing its own messages', 3_000);
    await until(() => fromAgent.every((c) => messages(agentOnP2).some((m) => m.clientId === c)), 'the agent on P2 seeing its own messages', 3_000);

    const restarted = Date.now();
    await redis.start();
    await until(() => fromCitizen.every((c) => messages(agentOnP2).some((m) => m.clientId === c)), 'the agent on P2 receiving what the citizen sent on P1 during the outage', 15_000);
    await until(() => fromAgent.every((c) => messages(citizenOnP1).some((m) => m.clientId === c)), 'the citizen on P1 receiving what the agent sent on P2 during the outage', 15_000);
    console.log(`Redis outage: the other process had every message ${Date.now() - restarted} ms after Redis was started again`);
    for (const p of [p1, p2]) await until(async () => (await call(p, 'GET', '/healthz')).body?.status === 'ok', 'ok health again', 10_000);

    // A message after the outage crosses as before.
    const later = randomUUID();
    citizenOnP1.send({ type: 'send', conversationId: id, clientId: later, body: '群众：恢复了吗？' });
    await agentOnP2.next((f) => f.type === 'message' && f.clientId === later, 10_000);

    // 0 lost, 0 duplicated: each socket received the stored chat exactly once, in seq order.
    const res = await call(p1, 'GET', `/api/conversations/${id}/messages?after=0`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const stored = res.body.items as { seq: number; clientId: string | null }[];
    for (const clientId of [hello, ...fromCitizen, ...fromAgent, later]) assert.equal(stored.filter((m) => m.clientId === clientId).length, 1, `${clientId} stored once`);
    for (const [name, c] of [
      ['citizen', citizenOnP1],
      ['agent', agentOnP2],
    ] as const) {
      await until(() => messages(c).at(-1)?.seq === stored.at(-1)!.seq, `the ${name} receiving the last message`, 5_000);
      assert.deepEqual(
        messages(c).map((m) => m.seq),
        stored.map((m) => m.seq),
        `the ${name} received every message once, in order`,
      );
    }
    assert.equal(acks(citizenOnP1).length, 2 * PER_SIDE + 2);
    assert.doesNotMatch(p1.output() + p2.output(), /Unhandled error event/);
  });
});
