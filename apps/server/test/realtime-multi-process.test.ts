import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, type Caller, type TestServer } from './support/harness.ts';
import { liveDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl } from './support/realtime-client.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two server processes of one deployment (in one test process so that they can share PGlite): separate buses,
// hubs and HTTP ports, one database, joined by Redis. The citizen is on A, the agent on B.
const clock = fixedClock(TUESDAY_10);
let a: TestServer;
let b: TestServer;
let agent: Caller;
let conv: { token: string; id: string };
let citizenOnA: RtClient;
let agentOnB: RtClient;

before(async () => {
  a = await startTestServer({ clock, env: { REDIS_URL } });
  b = await startTestServer({ clock, env: { REDIS_URL }, handle: { db: a.ctx.db, kind: a.ctx.dbKind, close: async () => {} } });
  const units = await a.seedOrg();
  const desk = await liveDesk(a, units.district);
  await b.ctx.org.reload();
  agent = await desk.agent(true);
  conv = await desk.chat();
  citizenOnA = await RtClient.citizen(await realtimeUrl(a.app), conv.token);
  agentOnB = await RtClient.staff(await realtimeUrl(b.app), agent.cookie);
  await citizenOnA.subscribe(conv.id);
  await agentOnB.subscribe(conv.id);
});
after(async () => {
  citizenOnA.close();
  agentOnB.close();
  await b.close();
  await a.close();
});

describe('realtime across two server processes joined by Redis', () => {
  test('the citizen on A and the agent on B get each other\u2019s messages, each once and in order', async () => {
    const fromCitizen = randomUUID();
    citizenOnA.send({ type: 'send', conversationId: conv.id, clientId: fromCitizen, body: '我在A进程' });
    const ack = await citizenOnA.next((f) => f.type === 'ack' && f.clientId === fromCitizen);
    assert.equal((await agentOnB.next((f) => f.type === 'message' && f.clientId === fromCitizen)).seq, ack.seq);
    const fromAgent = randomUUID();
    agentOnB.send({ type: 'send', conversationId: conv.id, clientId: fromAgent, body: '我在B进程' });
    const reply = await citizenOnA.next((f) => f.type === 'message' && f.clientId === fromAgent);
    assert.deepEqual([reply.sender, reply.text], ['agent', '我在B进程']);
    for (let i = 0; i < 10; i++) citizenOnA.send({ type: 'send', conversationId: conv.id, clientId: randomUUID(), body: `连发${i}` });
    const last = (await citizenOnA.next((f) => f.type === 'ack' && f.seq >= reply.seq + 10)).seq;
    await agentOnB.next((f) => f.type === 'message' && f.seq === last);
    const all = Array.from({ length: last }, (_, i) => i + 1);
    assert.deepEqual(agentOnB.seqs(conv.id), all);
    assert.deepEqual(citizenOnA.seqs(conv.id), all);
  });

  test('typing and read receipts cross processes over their own channel, not the audit trail', async () => {
    const audited = async () => (await a.ctx.db.selectFrom('audit_events').select('id').where('subject_id', '=', conv.id).execute()).length;
    const before = await audited();
    citizenOnA.send({ type: 'typing', conversationId: conv.id });
    await agentOnB.next((f) => f.type === 'typing' && f.from === 'citizen');
    agentOnB.send({ type: 'read', conversationId: conv.id, seq: 3 });
    assert.deepEqual(await citizenOnA.next((f) => f.type === 'read'), { type: 'read', conversationId: conv.id, seq: 3, by: 'agent' });
    assert.equal(await audited(), before);
  });

  test('a state change on B (the agent closes) reaches the citizen on A with its notice', async () => {
    assert.equal((await agent.post(`/api/conversations/${conv.id}/close`, { outcome: 'resolved' })).status, 200);
    const closed = await citizenOnA.next((f) => f.type === 'conversation' && f.change === 'closed');
    assert.equal(closed.status, 'closed');
    await citizenOnA.next((f) => f.type === 'message' && f.seq === closed.lastSeq && f.sender === 'system');
  });
});
