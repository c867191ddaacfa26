import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/env.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { disconnectGraceSeconds, dropSilentAgents } from '../src/modules/conversations/agent-status.command.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { liveDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl, until } from './support/realtime-client.ts';

// An agent's browser drops (reload, Wi-Fi switch, laptop lid) and comes back: within the grace period nothing
// changes; past it the system sets the agent away, their chats go back to the queue, and the desk says so.
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let district: string;

before(async () => {
  s = await startTestServer({ clock });
  district = (await s.seedOrg()).district;
});
after(() => s.close());

const lastSeen = async (userId: string) => (await s.ctx.db.selectFrom('agent_status').select('last_seen_at').where('user_id', '=', userId).executeTakeFirstOrThrow()).last_seen_at?.getTime();
const conversation = (id: string) => s.ctx.db.selectFrom('conversations').select(['status', 'agent_id', 'queue_priority']).where('id', '=', id).executeTakeFirstOrThrow();

describe('the desk after a dropped connection', () => {
  test('back within the grace period: status and chats stay; gone past it: set away once, chats re-queued, the desk says so and 接入 explains', async () => {
    clock.set(TUESDAY_10);
    const desk = await liveDesk(s, district);
    const agent = await desk.agent();
    const chat = await desk.chat();
    assert.equal(chat.status, 'assigned');
    const url = await realtimeUrl(s.app);

    const first = await RtClient.staff(url, agent.cookie);
    await until(async () => (await lastSeen(agent.userId)) === TUESDAY_10.getTime(), 'presence recorded on connect');
    clock.advance(30_000);
    first.close();
    // The grace period counts from the moment the desk went away, not from its last heartbeat.
    await until(async () => (await lastSeen(agent.userId)) === clock.now().getTime(), 'presence recorded on close');
    clock.advance(59_000);
    assert.deepEqual(await dropSilentAgents(s.ctx), [], '59 s after the close: still within the grace period');

    const second = await RtClient.staff(url, agent.cookie);
    await until(async () => (await lastSeen(agent.userId)) === clock.now().getTime(), 'presence recorded on reconnect');
    let status = await agent.get('/api/agent/status');
    assert.deepEqual([status.body.status, status.body.assigned, status.body.dropped], ['online', [chat.id], null], 'back in time: nothing changed');
    assert.deepEqual(await conversation(chat.id), { status: 'assigned', agent_id: agent.userId, queue_priority: 0 });

    second.close();
    await until(async () => (await lastSeen(agent.userId)) === clock.now().getTime(), 'presence recorded on the second close');
    clock.advance(61_000);
    // Every process runs the ticker: two at once set the agent away once.
    const [a, b] = await Promise.all([dropSilentAgents(s.ctx), dropSilentAgents(s.ctx)]);
    assert.deepEqual([...a, ...b], [agent.userId]);
    assert.deepEqual(await dropSilentAgents(s.ctx), []);

    assert.deepEqual(await conversation(chat.id), { status: 'queued', agent_id: null, queue_priority: 1 });
    const events = await s.ctx.db.selectFrom('audit_events').select(['actor_id', 'summary', 'after']).where('action', '=', 'agent.status_changed').where('subject_id', '=', agent.userId).orderBy('occurred_at').execute();
    const drop = events.at(-1)!;
    assert.equal(events.filter((e) => (e.after as { dropped?: unknown }).dropped).length, 1);
    assert.equal(drop.actor_id, null);
    assert.equal(drop.summary, '工作台连接中断超过 60 秒，系统设为离开');

    // Coming back: the desk reads why it is away, in the status it loads first.
    await RtClient.staff(url, agent.cookie).then((c) => c.close());
    status = await agent.get('/api/agent/status');
    assert.equal(status.body.status, 'away');
    assert.deepEqual([status.body.dropped.graceSeconds, status.body.dropped.requeued, status.body.assigned], [60, 1, []]);

    const claim = await agent.post(`/api/conversations/${chat.id}/claim`);
    assert.equal(claim.status, 409);
    assert.equal(claim.body.error.code, 'AGENT_NOT_ONLINE_TO_CLAIM');
    assert.match(claim.body.error.message, /把接待状态改为“在线”，再点“接入”/);

    status = await agent.put('/api/agent/status', { status: 'online' });
    assert.deepEqual([status.body.status, status.body.dropped], ['online', null]);
    assert.equal((await conversation(chat.id)).agent_id, agent.userId, 'online again: the chat comes back to the agent from the queue');
  });

  test('an agent who sets themselves away is not told the system did it', async () => {
    clock.set(TUESDAY_10);
    const desk = await liveDesk(s, district);
    const agent = await desk.agent();
    const status = await agent.put('/api/agent/status', { status: 'away' });
    assert.deepEqual([status.body.status, status.body.dropped], ['away', null]);
  });

  test('the grace period is AGENT_DISCONNECT_GRACE_SECONDS, never shorter than two heartbeats', () => {
    assert.equal(disconnectGraceSeconds(loadConfig({ NODE_ENV: 'test' })), 60);
    assert.equal(disconnectGraceSeconds(loadConfig({ NODE_ENV: 'test', AGENT_DISCONNECT_GRACE_SECONDS: '120' })), 120);
    assert.equal(disconnectGraceSeconds(loadConfig({ NODE_ENV: 'test', AGENT_DISCONNECT_GRACE_SECONDS: '30', REALTIME_HEARTBEAT_SECONDS: '25' })), 50);
    assert.throws(() => loadConfig({ NODE_ENV: 'test', AGENT_DISCONNECT_GRACE_SECONDS: '5' }), /AGENT_DISCONNECT_GRACE_SECONDS/);
  });
});
