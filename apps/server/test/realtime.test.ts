import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, type Caller, type TestServer } from './support/harness.ts';
import { liveDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl, until } from './support/realtime-client.ts';

// Heartbeat every 0.3 s so that a dead socket is found within a test; live sockets answer pings by themselves.
const ENV = { REALTIME_HEARTBEAT_SECONDS: '0.3' };
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let url: string;
let desk: Awaited<ReturnType<typeof liveDesk>>;
let agent: Caller;
const open: RtClient[] = [];
const track = <T extends RtClient>(c: T) => (open.push(c), c);

before(async () => {
  s = await startTestServer({ clock, env: ENV });
  const units = await s.seedOrg();
  url = await realtimeUrl(s.app);
  desk = await liveDesk(s, units.district);
  agent = await desk.agent(true);
});
after(async () => {
  for (const c of open) c.close();
  await s.close();
});

const stored = (id: string) => s.ctx.db.selectFrom('conversation_messages').select(['seq', 'client_id']).where('conversation_id', '=', id).orderBy('seq').execute();
const agentSays = (id: string, text: string) => agent.post(`/api/conversations/${id}/messages`, { clientId: randomUUID(), text });

describe('realtime: the socket', () => {
  test('citizens authenticate by the first frame or the query, staff by the session cookie; a bad token closes with 4401', async () => {
    const { token } = await desk.chat();
    const byFrame = track(await RtClient.open(url));
    byFrame.send({ type: 'subscribe', conversationId: randomUUID(), afterSeq: 0 });
    assert.equal((await byFrame.next((f) => f.type === 'error')).code, 'NOT_AUTHENTICATED');
    byFrame.send({ type: 'auth', token });
    assert.equal((await byFrame.next((f) => f.type === 'ready')).as, 'citizen');
    const byQuery = track(await RtClient.open(url, { token }));
    assert.deepEqual(await byQuery.next((f) => f.type === 'ready'), { type: 'ready', as: 'citizen', heartbeatSeconds: 0.3 });
    const staff = track(await RtClient.staff(url, agent.cookie));
    assert.equal((await staff.next((f) => f.type === 'ready')).as, 'staff');

    const bad = track(await RtClient.open(url));
    bad.send({ type: 'auth', token: 'not-a-token' });
    assert.equal((await bad.next((f) => f.type === 'error')).code, 'CITIZEN_TOKEN_INVALID');
    assert.equal(await bad.closed, 4401);
    const kb = await s.as('kb_operator', desk.department);
    const forbidden = track(await RtClient.open(url, { cookie: kb.cookie }));
    assert.equal(await forbidden.closed, 4403, 'staff without live-help rights are turned away');
  });

  test('bad frames get a plain error and the socket carries on; ping gets pong', async () => {
    const { token } = await desk.chat();
    const c = track(await RtClient.citizen(url, token));
    for (const frame of ['not json', '{"type":"nope"}', '{"type":"send","conversationId":"x"}', JSON.stringify({ type: 'ping', extra: 1 }), Buffer.from([1, 2, 3])]) {
      const before = c.frames.length;
      c.ws.send(frame);
      await until(() => c.frames.length > before, 'an answer');
      assert.deepEqual(c.frames.at(-1), { type: 'error', code: 'BAD_FRAME', message: '消息格式不正确，请刷新页面后重试。' });
    }
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
  });

  test('send is stored before it is acknowledged; a retry with the same clientId gets the same seq and no copy', async () => {
    const conv = await desk.chat();
    const c = track(await RtClient.citizen(url, conv.token));
    await c.subscribe(conv.id);
    const clientId = randomUUID();
    c.send({ type: 'send', conversationId: conv.id, clientId, body: '您好，我想问一下' });
    const ack = await c.next((f) => f.type === 'ack' && f.clientId === clientId);
    assert.ok((await stored(conv.id)).some((m) => m.client_id === clientId && m.seq === ack.seq));
    c.send({ type: 'send', conversationId: conv.id, clientId, body: '您好，我想问一下' });
    await until(() => c.frames.filter((f) => f.type === 'ack').length === 2, 'the second ack');
    assert.deepEqual(c.frames.filter((f) => f.type === 'ack').map((f) => f.seq), [ack.seq, ack.seq]);
    assert.equal((await stored(conv.id)).filter((m) => m.client_id === clientId).length, 1);
    await until(() => c.seqs(conv.id).includes(ack.seq), 'the echo');
    assert.equal(c.seqs(conv.id).filter((q) => q === ack.seq).length, 1);
    c.send({ type: 'send', conversationId: randomUUID(), clientId: randomUUID(), body: '发到别人的会话' });
    assert.equal((await c.next((f) => f.type === 'error' && f.clientId)).code, 'CONVERSATION_NOT_FOUND');
  });

  test('reconnecting mid-stream: what was missed, then what is live, each exactly once and in order', async () => {
    const conv = await desk.chat();
    const first = track(await RtClient.citizen(url, conv.token));
    await first.subscribe(conv.id);
    for (let i = 0; i < 5; i++) await agentSays(conv.id, `第${i}条`);
    await until(() => first.seqs(conv.id).length >= 4, 'the first messages');
    first.ws.terminate(); // the network drops
    const lastSeen = Math.max(...first.seqs(conv.id));
    // The agent keeps writing while the citizen reconnects: some commit during the replay.
    const writing = (async () => {
      for (let i = 5; i < 40; i++) await agentSays(conv.id, `第${i}条`);
    })();
    for (let i = 0; i < 10; i++) await agentSays(conv.id, `断线期间${i}`);
    const second = track(await RtClient.citizen(url, conv.token));
    second.send({ type: 'subscribe', conversationId: conv.id, afterSeq: lastSeen });
    await writing;
    const last = (await stored(conv.id)).at(-1)!.seq;
    await until(() => second.seqs(conv.id).at(-1) === last, 'the last message');
    const expected = Array.from({ length: last - lastSeen }, (_, i) => lastSeen + 1 + i);
    assert.deepEqual(second.seqs(conv.id), expected);
    assert.deepEqual([...first.seqs(conv.id), ...second.seqs(conv.id)], Array.from({ length: last }, (_, i) => i + 1));
  });

  test('heartbeat: a socket that stops answering pings is closed; one that answers stays', async () => {
    const { token } = await desk.chat();
    const silent = track(await RtClient.open(url, { token, autoPong: false }));
    const alive = track(await RtClient.open(url, { token }));
    const start = Date.now();
    await silent.closed;
    assert.ok(Date.now() - start < 2000);
    assert.equal(alive.closeCode, undefined);
    alive.send({ type: 'ping' });
    await alive.next((f) => f.type === 'pong');
  });
});

describe('realtime: crash safety (in-process: a second app on the same database is killed and replaced)', () => {
  test('messages acknowledged before the server dies are there after the restart, exactly once, in order', async () => {
    const conv = await desk.chat();
    const handle = { db: s.ctx.db, kind: s.ctx.dbKind, close: async () => {} };
    const doomed = await startTestServer({ clock, env: ENV, handle });
    const c = await RtClient.citizen(await realtimeUrl(doomed.app), conv.token);
    await c.subscribe(conv.id);
    const ids = Array.from({ length: 20 }, () => randomUUID());
    // Kill right after the 5th message commits, before its ack goes out: every socket cut at once, frames in
    // flight lost, then the app torn down (its remaining work finds no socket to answer).
    let killed: Promise<void> | undefined;
    let committed = 0;
    doomed.ctx.bus.on('conversation.message_sent', () => {
      if (++committed !== 5) return;
      for (const client of doomed.app.websocketServer.clients) client.terminate();
      killed = doomed.close();
    });
    for (const [i, clientId] of ids.entries()) c.send({ type: 'send', conversationId: conv.id, clientId, body: `消息${i}` });
    await until(() => killed !== undefined, 'the kill');
    await killed;
    const acked = new Map(c.frames.filter((f) => f.type === 'ack').map((f) => [f.clientId, f.seq]));
    assert.ok(acked.size < 5, `killed mid-stream (${acked.size} of ${ids.length} acknowledged)`);

    const reborn = await startTestServer({ clock, env: ENV, handle });
    try {
      const again = await RtClient.citizen(await realtimeUrl(reborn.app), conv.token);
      const lastSeen = Math.max(0, ...c.seqs(conv.id));
      await again.subscribe(conv.id, lastSeen);
      // The client sends again whatever it has no ack for, with the same clientIds.
      for (const [i, clientId] of ids.entries()) if (!acked.has(clientId)) again.send({ type: 'send', conversationId: conv.id, clientId, body: `消息${i}` });
      await until(() => again.frames.filter((f) => f.type === 'ack').length === ids.length - acked.size, 'acks for the rest');
      const rows = await stored(conv.id);
      await until(() => c.seqs(conv.id).length + again.seqs(conv.id).length >= rows.length, 'the stream to catch up');
      for (const clientId of ids) assert.equal(rows.filter((m) => m.client_id === clientId).length, 1, 'stored once');
      for (const [clientId, seq] of acked) assert.equal(rows.find((m) => m.client_id === clientId)?.seq, seq, 'an acked message keeps its seq');
      assert.deepEqual([...c.seqs(conv.id), ...again.seqs(conv.id)], rows.map((m) => m.seq), 'every message delivered once, in order, across the restart');
      again.close();
    } finally {
      await reborn.close();
    }
  });
});
