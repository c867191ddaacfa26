import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, type Caller, type TestServer } from './support/harness.ts';
import { liveDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl } from './support/realtime-client.ts';

// Who gets each kind of realtime frame of a chat, and who must not: the chat's citizen, its assigned agent
// and district supervisors get it; another citizen, an agent of another department and an agent of the same
// group who is not on the chat get nothing about it.
let s: TestServer;
let url: string;
let desk: Awaited<ReturnType<typeof liveDesk>>;
let agentA: Caller;
let agentC: Caller;
let conv: { token: string; id: string };
const sockets: Record<'citizen' | 'agentA' | 'agentB' | 'agentC' | 'coordinator' | 'stranger' | 'otherDept', RtClient> = {} as any;
const quiet = ['agentB', 'stranger', 'otherDept'] as const;

before(async () => {
  s = await startTestServer({ clock: fixedClock(TUESDAY_10) });
  const units = await s.seedOrg();
  url = await realtimeUrl(s.app);
  desk = await liveDesk(s, units.district);
  agentA = await desk.agent(true);
  const agentB = await desk.agent(false);
  agentC = await desk.agent(false);
  const other = await liveDesk(s, units.district);
  const otherAgent = await other.agent(true);
  const coordinator = await s.as('coordinator', units.office);
  sockets.coordinator = await RtClient.staff(url, coordinator.cookie);
  conv = await desk.chat();
  assert.equal((await s.ctx.db.selectFrom('conversations').select('agent_id').where('id', '=', conv.id).executeTakeFirstOrThrow()).agent_id, agentA.userId);
  sockets.citizen = await RtClient.citizen(url, conv.token);
  sockets.stranger = await RtClient.citizen(url, await desk.newCitizen());
  sockets.agentA = await RtClient.staff(url, agentA.cookie);
  sockets.agentB = await RtClient.staff(url, agentB.cookie);
  sockets.agentC = await RtClient.staff(url, agentC.cookie);
  sockets.otherDept = await RtClient.staff(url, otherAgent.cookie);
});
after(async () => {
  for (const c of Object.values(sockets)) c.close();
  await s.close();
});

const assertQuiet = () => {
  for (const who of quiet) assert.deepEqual(sockets[who].about(conv.id).filter((f) => f.type !== 'error'), [], `${who} must get nothing about the chat`);
};

describe('realtime recipients (computed on the server)', () => {
  test('a supervisor hears of a new chat; following it is for its citizen, its agent and supervisors only', async () => {
    await sockets.coordinator.next((f) => f.type === 'conversation' && f.conversationId === conv.id && f.change === 'assigned');
    for (const who of ['citizen', 'agentA', 'coordinator'] as const) await sockets[who].subscribe(conv.id);
    const refusals = { stranger: 'CONVERSATION_NOT_FOUND', agentB: 'CONVERSATION_NOT_YOURS', otherDept: 'OUT_OF_SCOPE' } as const;
    for (const [who, code] of Object.entries(refusals)) {
      sockets[who as keyof typeof refusals].send({ type: 'subscribe', conversationId: conv.id, afterSeq: 0 });
      const err = await sockets[who as keyof typeof refusals].next((f) => f.type === 'error');
      assert.equal(err.code, code, who);
      assert.ok(err.message.length > 0);
    }
  });

  test('message: to the citizen (its own echo), the assigned agent and the supervisor', async () => {
    const clientId = randomUUID();
    sockets.citizen.send({ type: 'send', conversationId: conv.id, clientId, body: '请问材料怎么交？' });
    const ack = await sockets.citizen.next((f) => f.type === 'ack' && f.clientId === clientId);
    for (const who of ['citizen', 'agentA', 'coordinator'] as const) {
      const m = await sockets[who].next((f) => f.type === 'message' && f.clientId === clientId);
      assert.deepEqual([m.seq, m.sender, m.text], [ack.seq, 'citizen', '请问材料怎么交？'], who);
    }
    assertQuiet();
  });

  test('typing: from one side to the other side and the supervisor, never back to the typist; observers cannot type', async () => {
    sockets.citizen.send({ type: 'typing', conversationId: conv.id });
    await sockets.agentA.next((f) => f.type === 'typing' && f.from === 'citizen');
    await sockets.coordinator.next((f) => f.type === 'typing' && f.from === 'citizen');
    sockets.agentA.send({ type: 'typing', conversationId: conv.id });
    await sockets.citizen.next((f) => f.type === 'typing' && f.from === 'agent');
    assert.equal(sockets.citizen.frames.filter((f) => f.type === 'typing' && f.from === 'citizen').length, 0);
    assert.equal(sockets.agentA.frames.filter((f) => f.type === 'typing' && f.from === 'agent').length, 0);
    sockets.coordinator.send({ type: 'typing', conversationId: conv.id });
    assert.equal((await sockets.coordinator.next((f) => f.type === 'error' && f.code === 'NOT_ALLOWED')).conversationId, conv.id);
    sockets.agentB.send({ type: 'typing', conversationId: conv.id });
    await sockets.agentB.next((f) => f.type === 'error' && f.code === 'NOT_SUBSCRIBED');
    assertQuiet();
  });

  test('read: the agent\u2019s receipt reaches the citizen and the supervisor', async () => {
    sockets.agentA.send({ type: 'read', conversationId: conv.id, seq: 2 });
    for (const who of ['citizen', 'coordinator'] as const) {
      assert.deepEqual(await sockets[who].next((f) => f.type === 'read'), { type: 'read', conversationId: conv.id, seq: 2, by: 'agent' });
    }
    assert.equal(sockets.agentA.frames.filter((f) => f.type === 'read').length, 0);
    assertQuiet();
  });

  test('state change: a transfer reaches the citizen, the new agent (not yet following), the previous agent (who stops following) and the supervisor', async () => {
    await agentC.put('/api/agent/status', { status: 'online' });
    const res = await agentA.post(`/api/conversations/${conv.id}/transfer`, { agentId: agentC.userId, reason: '需要专人解答' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const change = (who: keyof typeof sockets) => sockets[who].next((f) => f.type === 'conversation' && f.conversationId === conv.id && f.change === 'transferred');
    assert.equal((await change('agentC')).assignedToYou, true);
    assert.equal((await change('agentA')).assignedToYou, false);
    await sockets.agentA.next((f) => f.type === 'unsubscribed' && f.conversationId === conv.id);
    const forCitizen = await change('citizen');
    assert.deepEqual(forCitizen, { type: 'conversation', conversationId: conv.id, change: 'transferred', status: 'assigned', lastSeq: forCitizen.lastSeq }, 'no staff internals for the citizen');
    await change('coordinator');
    assertQuiet();

    // From now on the chat's messages go to the new agent, not the previous one.
    const before = sockets.agentA.seqs(conv.id).length;
    await sockets.agentC.subscribe(conv.id);
    const clientId = randomUUID();
    sockets.citizen.send({ type: 'send', conversationId: conv.id, clientId, body: '好的，谢谢' });
    await sockets.agentC.next((f) => f.type === 'message' && f.clientId === clientId);
    await sockets.coordinator.next((f) => f.type === 'message' && f.clientId === clientId);
    assert.equal(sockets.agentA.seqs(conv.id).length, before);
    assert.deepEqual(sockets.agentC.seqs(conv.id), [...Array(sockets.agentC.seqs(conv.id).length).keys()].map((i) => i + 1), 'the new agent replays the whole chat in order');
  });

  test('state change: closing reaches the citizen, the agent and the supervisor, with the closing notice as a message', async () => {
    assert.equal((await agentC.post(`/api/conversations/${conv.id}/close`, { outcome: 'resolved' })).status, 200);
    for (const who of ['citizen', 'agentC', 'coordinator'] as const) {
      const f = await sockets[who].next((x) => x.type === 'conversation' && x.change === 'closed' && x.conversationId === conv.id);
      assert.equal(f.status, 'closed');
      await sockets[who].next((x) => x.type === 'message' && x.sender === 'system' && x.seq === f.lastSeq);
    }
    assert.equal(sockets.agentA.about(conv.id).filter((f) => f.change === 'closed').length, 0, 'the previous agent is no longer told');
    assertQuiet();
  });
});
