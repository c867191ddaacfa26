import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { PASSWORD, startTestServer, type TestServer } from './support/harness.ts';

const clock = fixedClock(new Date('2026-03-02T01:00:00Z'));
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
});
after(() => s.close());

describe('staff login', () => {
  test('stores an argon2id hash, never the password', async () => {
    const user = await s.createUser('agent', units.group);
    assert.match(user.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(!user.password_hash.includes(PASSWORD));
  });

  test('a good password opens a session; /api/me returns the role, unit and permissions', async () => {
    const user = await s.createUser('kb_operator', units.civil);
    const cookie = await s.login(user.username);
    const me = await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    const body = me.json();
    assert.equal(body.user.role, 'kb_operator');
    assert.equal(body.user.orgUnit.id, units.civil);
    assert.ok(body.permissions.includes('matter.write'));
    assert.ok(!body.permissions.includes('user.write'));
  });

  test('a wrong password says so in plain Chinese and does not reveal whether the user exists', async () => {
    const user = await s.createUser('agent', units.group);
    const wrong = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'nope-12345' } });
    const unknown = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'nope-12345' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'AUTH_INVALID_CREDENTIALS');
    assert.equal(wrong.json().error.message, '用户名或密码不正确。');
  });

  test('five failures lock the account for 15 minutes, even with the right password; then it opens again', async () => {
    const user = await s.createUser('agent', units.group);
    const attempt = (password: string) => s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password } });
    for (let i = 0; i < 4; i++) assert.equal((await attempt('wrong-pass-1')).statusCode, 401);
    const fifth = await attempt('wrong-pass-1');
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.json().error.code, 'AUTH_LOCKED');
    assert.match(fifth.json().error.message, /账号已锁定/);
    assert.equal((await attempt(PASSWORD)).statusCode, 423);
    clock.advance(15 * 60_000 + 1000);
    assert.equal((await attempt(PASSWORD)).statusCode, 200);
    const audit = await s.ctx.db.selectFrom('audit_events').select('action').where('subject_id', '=', user.id).execute();
    assert.equal(audit.filter((a) => a.action === 'auth.login_failed').length, 5);
    assert.equal(audit.filter((a) => a.action === 'auth.locked').length, 1);
  });

  test('sessions expire after the idle limit and after the absolute limit', async () => {
    const user = await s.createUser('agent', units.group);
    const cookie = await s.login(user.username);
    const me = () => s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    clock.advance(119 * 60_000);
    assert.equal((await me()).statusCode, 200, 'active use slides the idle expiry');
    clock.advance(119 * 60_000);
    assert.equal((await me()).statusCode, 200);
    clock.advance(121 * 60_000);
    const idle = await me();
    assert.equal(idle.statusCode, 401);
    assert.equal(idle.json().error.code, 'AUTH_SESSION_EXPIRED');

    const cookie2 = await s.login(user.username);
    for (let h = 0; h < 12; h++) {
      clock.advance(60 * 60_000);
      const res = await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie2 } });
      assert.equal(res.statusCode, h < 11 ? 200 : 401, `hour ${h + 1}`);
    }
  });

  test('logout ends the session', async () => {
    const user = await s.createUser('leader', units.civil);
    const cookie = await s.login(user.username);
    assert.equal((await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode, 204);
    const me = await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
    assert.equal(me.json().error.code, 'AUTH_REQUIRED');
  });

  test('a disabled account cannot log in and its open sessions end', async () => {
    const admin = await s.as('admin', units.district);
    const user = await s.createUser('agent', units.group);
    const cookie = await s.login(user.username);
    assert.equal((await admin.patch(`/api/users/${user.id}`, { disabled: true })).status, 200);
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 401);
    const again = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: PASSWORD } });
    assert.equal(again.json().error.code, 'AUTH_DISABLED');
  });

  test('changing one\'s password needs the current one and a strong new one', async () => {
    const user = await s.createUser('agent', units.group);
    const cookie = await s.login(user.username);
    const change = (payload: object) => s.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload });
    assert.equal((await change({ currentPassword: 'wrong', newPassword: 'Another-2026x' })).statusCode, 401);
    const weak = await change({ currentPassword: PASSWORD, newPassword: 'aaaaaaaaaaaa' });
    assert.equal(weak.json().error.code, 'PASSWORD_TOO_WEAK');
    assert.equal((await change({ currentPassword: PASSWORD, newPassword: 'Another-2026x' })).statusCode, 204);
    await s.login(user.username, 'Another-2026x');
  });
});

describe('citizens', () => {
  test('an anonymous visitor gets a device token that identifies them later', async () => {
    const start = await s.app.inject({ method: 'POST', url: '/api/citizen/session' });
    assert.equal(start.statusCode, 200);
    const { token, citizenId, verified } = start.json();
    assert.equal(verified, false);
    const me = await s.app.inject({ method: 'GET', url: '/api/citizen/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.json().citizenId, citizenId);
    const bad = await s.app.inject({ method: 'GET', url: '/api/citizen/me', headers: { authorization: 'Bearer forged' } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'CITIZEN_TOKEN_INVALID');
    const stored = await s.ctx.db.selectFrom('citizens').select('token_hash').where('id', '=', citizenId).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token, 'only a hash of the token is stored');
  });

  test('real-name login through the SSO adapter verifies the citizen; ID and phone are masked by role', async () => {
    const { token, citizenId } = (await s.app.inject({ method: 'POST', url: '/api/citizen/session' })).json();
    const auth = { authorization: `Bearer ${token}` };
    const started = await s.app.inject({ method: 'POST', url: '/api/citizen/sso/demo/start', headers: auth });
    assert.equal(started.statusCode, 200);
    const redirect = new URL(started.json().redirectUrl);
    const callback = await s.app.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}` });
    assert.equal(callback.statusCode, 200);
    assert.equal(callback.json().verified, true);
    assert.match(callback.json().idNumber, /^3101\*+\d{3}X$/);

    const replay = await s.app.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}` });
    assert.equal(replay.json().error.code, 'SSO_STATE_INVALID', 'a state is single-use');

    // Staff read a citizen who has asked for help in their scope (citizen-pii.test.ts tests the scope itself).
    await s.ctx.db.insertInto('conversations').values({ citizen_id: citizenId, group_id: units.group, routed_via: 'any', status: 'ticket', requested_at: new Date(), assistant_session_id: null, matter_id: null, question: null, contact: null, agent_id: null, sla_start_at: null, queue_since: null, assigned_at: null, first_response_at: null, first_response_by: null, closed_at: null, closed_by: null, outcome: null, close_reason: null, contested_at: null, contest_reason: null }).execute();
    const agent = await s.as('agent', units.group);
    const coordinator = await s.as('coordinator', units.office);
    const admin = await s.as('admin', units.district);
    const seenByAgent = (await agent.get(`/api/citizens/${citizenId}`)).body;
    const seenByCoordinator = (await coordinator.get(`/api/citizens/${citizenId}`)).body;
    assert.match(seenByAgent.idNumber, /\*{6,}/);
    assert.match(seenByAgent.phone, /^139\*{4}\d{4}$/);
    assert.equal(seenByAgent.realName, '张**');
    assert.match(seenByCoordinator.idNumber, /^310104\d{11}X$/);
    assert.match(seenByCoordinator.phone, /^139\d{8}$/);
    assert.equal((await admin.get(`/api/citizens/${citizenId}`)).status, 403, 'platform admins do not need citizens\u2019 data');
  });

  test('an unknown provider is a clear error', async () => {
    const { token } = (await s.app.inject({ method: 'POST', url: '/api/citizen/session' })).json();
    const res = await s.app.inject({ method: 'POST', url: '/api/citizen/sso/wechat/start', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'SSO_PROVIDER_UNKNOWN');
  });
});
