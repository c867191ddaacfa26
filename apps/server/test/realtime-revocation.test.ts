import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, type Caller, type TestServer } from './support/harness.ts';
import { liveDesk, TUESDAY_10 } from './support/live-help.ts';
import { RtClient, realtimeUrl, until } from './support/realtime-client.ts';

// A staff socket lives no longer than its session (finding 4 of the 2026-12-02 security measurement): logout,
// disable, password change or reset, role change and expiry each close it with 4401, on every process, and a
// frame sent meanwhile is not stored. Two server processes of one deployment share the database and Redis (as
// in realtime-multi-process.test.ts); heartbeat visits every 0.3 s so that expiry is found within a test.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ENV = { REALTIME_HEARTBEAT_SECONDS: '0.3', SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '1', REDIS_URL };
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let b: TestServer;
let url: string;
let urlB: string;
let district: string;
let admin: Caller;
const open: RtClient[] = [];
const track = <T extends RtClient>(c: T) => (open.push(c), c);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  s = await startTestServer({ clock, env: ENV });
  b = await startTestServer({ clock, env: ENV, handle: { db: s.ctx.db, kind: s.ctx.dbKind, close: async () => {} } });
  district = (await s.seedOrg()).district;
  await b.ctx.org.reload();
  url = await realtimeUrl(s.app);
  urlB = await realtimeUrl(b.app);
  admin = await s.as('admin', district);
});
after(async () => {
  for (const c of open) c.close();
  await b.close();
  await s.close();
});

const storedIds = async (id: string) =>
  (await s.ctx.db.selectFrom('conversation_messages').select('client_id').where('conversation_id', '=', id).execute()).map((m) => m.client_id);

/** An agent of a desk of their own, online, with a chat assigned and their socket (on `at`) following it. */
async function agentOnChat(at = url) {
  const desk = await liveDesk(s, district);
  await b.ctx.org.reload();
  const agent = await desk.agent(true);
  const conv = await desk.chat();
  const socket = track(await RtClient.staff(at, agent.cookie));
  await socket.subscribe(conv.id);
  return { desk, agent, conv, socket };
}

/** Sends a message frame on the socket right away (before the server's close reaches us); returns its clientId. */
function sendNow(socket: RtClient, conversationId: string): string {
  const clientId = randomUUID();
  socket.send({ type: 'send', conversationId, clientId, body: '会话结束后发出的消息' });
  return clientId;
}

async function assertClosedFor(socket: RtClient, code: string) {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([socket.closed, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still open after 5 s'), 5000)))]);
  clearTimeout(timer);
  assert.equal(closed, 4401);
  assert.equal((await socket.next((f) => f.type === 'error' && !f.conversationId)).code, code);
}

describe('realtime: a staff socket ends with its session', () => {
  test('logout closes the socket with 4401; a frame sent meanwhile is not stored; the citizen stays connected', async () => {
    const { agent, conv, socket } = await agentOnChat();
    const citizen = track(await RtClient.citizen(url, conv.token));
    await citizen.subscribe(conv.id);
    assert.equal((await agent.post('/api/auth/logout')).status, 204);
    const late = sendNow(socket, conv.id);
    await assertClosedFor(socket, 'AUTH_REQUIRED');
    assert.equal(socket.frames.some((f) => f.type === 'ack'), false);
    assert.ok(!(await storedIds(conv.id)).includes(late));

    // The citizen's socket (visitor token) is not the staff session's: it carries on.
    assert.equal(citizen.closeCode, undefined);
    citizen.send({ type: 'ping' });
    await citizen.next((f) => f.type === 'pong');
  });

  test('an admin disabling the account, resetting its password or changing its role closes its sockets', async () => {
    for (const change of [
      (id: string) => admin.patch(`/api/users/${id}`, { disabled: true }),
      (id: string) => admin.post(`/api/users/${id}/reset-password`, { password: 'Reset-pass-2027' }),
      (id: string) => admin.patch(`/api/users/${id}`, { role: 'leader' }),
    ]) {
      const { agent, conv, socket } = await agentOnChat();
      assert.equal((await change(agent.userId)).status < 300, true);
      const late = sendNow(socket, conv.id);
      await assertClosedFor(socket, 'AUTH_REQUIRED');
      assert.ok(!(await storedIds(conv.id)).includes(late));
    }
  });

  test('a display-name change ends nothing; a password change ends the other sessions\u2019 sockets, not its own', async () => {
    const { agent, conv, socket } = await agentOnChat();
    assert.equal((await admin.patch(`/api/users/${agent.userId}`, { displayName: '改了名字' })).status, 200);
    const kept = randomUUID();
    socket.send({ type: 'send', conversationId: conv.id, clientId: kept, body: '改名后照常' });
    await socket.next((f) => f.type === 'ack' && f.clientId === kept);

    const username = (await s.ctx.db.selectFrom('users').select('username').where('id', '=', agent.userId).executeTakeFirstOrThrow()).username;
    const second = await s.login(username);
    const own = track(await RtClient.staff(url, second));
    const res = await s.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie: second }, payload: { currentPassword: 'Test-pass-2026', newPassword: 'Changed-pass-2027' } });
    assert.equal(res.statusCode, 204);
    const late = sendNow(socket, conv.id);
    await assertClosedFor(socket, 'AUTH_REQUIRED');
    assert.ok(!(await storedIds(conv.id)).includes(late));
    own.send({ type: 'ping' });
    await own.next((f) => f.type === 'pong');
    assert.equal(own.closeCode, undefined, 'the session the password was changed in keeps its socket');
  });

  test('a session revoked without an event reaching this process is caught before the next write', async () => {
    const { agent, conv, socket } = await agentOnChat();
    // As if the event had been lost (Redis away): only the row says so.
    await s.ctx.db.updateTable('sessions').set({ revoked_at: clock.now() }).where('user_id', '=', agent.userId).execute();
    await sleep(1100);
    const late = sendNow(socket, conv.id);
    await assertClosedFor(socket, 'AUTH_REQUIRED');
    assert.ok(!(await storedIds(conv.id)).includes(late));
  });

  test('idle expiry closes the socket; heartbeats do not keep a session alive', async () => {
    try {
      const { socket } = await agentOnChat();
      socket.send({ type: 'ping' });
      await socket.next((f) => f.type === 'pong');
      clock.advance(31 * 60_000);
      await assertClosedFor(socket, 'AUTH_SESSION_EXPIRED');
    } finally {
      clock.set(TUESDAY_10);
    }
  });

  test('frames the user sends slide the idle expiry as REST does, up to the absolute expiry, which closes the socket', async () => {
    try {
      const { conv, socket } = await agentOnChat();
      for (let i = 0; i < 2; i++) {
        clock.advance(20 * 60_000);
        await sleep(1100); // past the per-socket confirmation interval, so this frame confirms (and slides) the session
        const id = randomUUID();
        socket.send({ type: 'send', conversationId: conv.id, clientId: id, body: `第${i}条` });
        await socket.next((f) => f.type === 'ack' && f.clientId === id);
      }
      // 40 min after login, past the first idle expiry (30 min): still open, because the user was active.
      await sleep(400);
      assert.equal(socket.closeCode, undefined);
      clock.advance(21 * 60_000); // 61 min: past the 1-hour absolute expiry
      await assertClosedFor(socket, 'AUTH_SESSION_EXPIRED');
    } finally {
      clock.set(TUESDAY_10);
    }
  });
});

describe('realtime: revocation on another process', () => {
  test('logout and disable on process A close the socket on process B; a frame sent meanwhile is not stored', async () => {
    for (const end of [(agent: Caller) => agent.post('/api/auth/logout'), (agent: Caller) => admin.patch(`/api/users/${agent.userId}`, { disabled: true })]) {
      const { agent, conv, socket } = await agentOnChat(urlB);
      await sleep(1100);
      assert.ok((await end(agent)).status < 300);
      const late = sendNow(socket, conv.id);
      await assertClosedFor(socket, 'AUTH_REQUIRED');
      assert.ok(!(await storedIds(conv.id)).includes(late));
    }
  });

  test('B closes its socket on A\u2019s event alone, without a frame from the socket', async () => {
    const { agent, socket } = await agentOnChat(urlB);
    assert.equal((await agent.post('/api/auth/logout')).status, 204);
    await until(() => socket.closeCode === 4401, 'the close on B', 3000);
  });
});

describe('realtime: the upgrade checks the page\u2019s origin', () => {
  test('the own origin and no Origin are accepted; another origin of the same site is refused with 403', async () => {
    const { agent } = await agentOnChat();
    const own = new URL(url.replace('ws:', 'http:')).origin;
    assert.equal((await track(await RtClient.staff(url, agent.cookie, own)).next((f) => f.type === 'ready')).as, 'staff');
    assert.equal((await track(await RtClient.staff(url, agent.cookie)).next((f) => f.type === 'ready')).as, 'staff');
    const port = Number(new URL(own).port);
    for (const origin of [`http://127.0.0.1:${port + 1}`, 'http://localhost.evil.example', 'null', 'https://127.0.0.1:' + port]) {
      await assert.rejects(RtClient.open(url, { cookie: agent.cookie, origin }), /403/, origin);
    }
    // Plain HTTP shows the refusal's body.
    const res = await s.app.inject({ method: 'GET', url: '/api/realtime', headers: { origin: `http://127.0.0.1:${port + 1}`, cookie: agent.cookie, connection: 'upgrade', upgrade: 'websocket' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'CSRF_REFUSED');
  });

  test('PUBLIC_URL and ALLOWED_ORIGINS add origins', async () => {
    const other = await startTestServer({ env: { PUBLIC_URL: 'https://bangban.example.gov.cn/', ALLOWED_ORIGINS: 'https://bb2.example.gov.cn, http://10.0.0.5:8080' } });
    try {
      const otherUrl = await realtimeUrl(other.app);
      for (const origin of ['https://bangban.example.gov.cn', 'https://bb2.example.gov.cn', 'http://10.0.0.5:8080']) {
        const c = track(await RtClient.open(otherUrl, { origin }));
        c.send({ type: 'ping' });
        await c.next((f) => f.type === 'pong');
      }
      await assert.rejects(RtClient.open(otherUrl, { origin: 'https://bb3.example.gov.cn' }), /403/);
    } finally {
      await other.close();
    }
  });
});
