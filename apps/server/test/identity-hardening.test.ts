import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { PASSWORD, startTestServer, unique, type TestServer } from './support/harness.ts';

// 等保 2.0 level 3 findings of the 2026-12-02 security measurement (items 3 and 10): lockout under parallel
// guesses, X-Forwarded-For from anyone, unknown-user audit flooding, password policy, forced change, production defaults.

const clock = fixedClock(new Date('2026-03-02T01:00:00Z'));
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
});
after(() => s.close());

const login = (srv: TestServer, username: string, password: string, headers: Record<string, string> = {}) =>
  srv.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username, password } });

const failedLogins = async (userId: string) =>
  (await s.ctx.db.selectFrom('audit_events').select('action').where('subject_id', '=', userId).execute()).filter((a) => a.action === 'auth.login_failed').length;

describe('lockout under parallel guesses', () => {
  test('100 parallel wrong passwords: only 5 are checked, the other 95 are refused as locked', async () => {
    const user = await s.createUser('admin', units.district);
    const results = await Promise.all(Array.from({ length: 100 }, () => login(s, user.username, 'Wrong-pass-2026')));
    const codes = results.map((r) => r.json().error.code as string);
    assert.equal(codes.filter((c) => c === 'AUTH_INVALID_CREDENTIALS').length, 4);
    assert.equal(codes.filter((c) => c === 'AUTH_LOCKED').length, 96);
    assert.equal(await failedLogins(user.id), 5, 'five guesses evaluated and audited, no more');
    assert.equal((await login(s, user.username, PASSWORD)).statusCode, 423, 'the right password waits for the lock to end');
  });

  test('the right password hidden among 40 parallel guesses does not get through once the lock is set', async () => {
    const user = await s.createUser('agent', units.group);
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 39 ? PASSWORD : `Wrong-pass-${i}x`));
    const results = await Promise.all(guesses.map((p) => login(s, user.username, p)));
    const evaluated = results.filter((r) => r.statusCode !== 423).length;
    assert.ok(evaluated <= 5, `at most 5 evaluated, got ${evaluated}`);
  });

  test('after the lock runs out the count starts again from one', async () => {
    const user = await s.createUser('agent', units.group);
    for (let i = 0; i < 5; i++) await login(s, user.username, 'Wrong-pass-2026');
    clock.advance(15 * 60_000 + 1000);
    assert.equal((await login(s, user.username, 'Wrong-pass-2026')).statusCode, 401);
    const row = await s.ctx.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(row.failed_logins, 1);
    assert.equal(row.locked_until, null);
    assert.equal((await login(s, user.username, PASSWORD)).statusCode, 200);
  });
});

describe('unknown user names', () => {
  test('a burst from one IP writes one audit row and one counted window with a short sample of names', async () => {
    const long = 'x'.repeat(60); // the schema allows 64 characters; the window keeps 32
    const before = await s.ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'auth.login_failed').where('subject_id', 'is', null).execute();
    for (let i = 0; i < 30; i++) await login(s, `${long}${i}`, 'Wrong-pass-2026', {});
    const rows = await s.ctx.db.selectFrom('audit_events').select(['summary']).where('action', '=', 'auth.login_failed').where('subject_id', 'is', null).execute();
    assert.equal(rows.length - before.length, 1);
    assert.ok(rows.every((r) => !(r.summary ?? '').includes('xxxxxxxxxx')), 'no attacker text in the audit trail');
    const window = await s.ctx.db.selectFrom('login_unknown_windows').selectAll().orderBy('last_seen_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(window.attempts, 30);
    const sample = window.sample_names as unknown as string[];
    assert.ok(sample.length <= 5, `sample bounded, got ${sample.length}`);
    assert.ok(sample.every((n) => n.length <= 32));
  });
});

describe('password policy and the current-password check', () => {
  test('weak, user-name, common and unchanged passwords are refused with the rule named in Chinese', async () => {
    const user = await s.createUser('agent', units.group, unique('zhangsan'));
    const cookie = await s.login(user.username);
    const change = (newPassword: string, currentPassword = PASSWORD) =>
      s.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword, newPassword } });
    const cases: [string, RegExp][] = [
      ['password12', /四类中至少包含 3 类/],
      ['aaaaaaaaa1', /四类中至少包含 3 类/],
      [`X-${user.username}-9`, /不能包含用户名/],
      ['Password123', /常见密码/],
      ['Bangban@2026', /常见密码/],
      [PASSWORD, /不能与原密码相同/],
      ['Ab1!', /至少 10 位/],
    ];
    for (const [pw, message] of cases) {
      const res = await change(pw);
      assert.equal(res.statusCode, 400, pw);
      assert.equal(res.json().error.code, 'PASSWORD_TOO_WEAK', pw);
      assert.match(res.json().error.message, message, pw);
    }
    assert.equal((await change('Harbour-lamp-2027')).statusCode, 204);
  });

  test('wrong current passwords count toward the lock; the fifth locks the account and ends its sessions', async () => {
    const user = await s.createUser('agent', units.group);
    const cookie = await s.login(user.username);
    const change = () => s.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: 'Wrong-pass-2026', newPassword: 'Harbour-lamp-2027' } });
    for (let i = 0; i < 4; i++) assert.equal((await change()).statusCode, 401);
    const fifth = await change();
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.json().error.code, 'AUTH_LOCKED');
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 401, 'the session ended');
    assert.equal((await login(s, user.username, PASSWORD)).statusCode, 423);
  });
});

describe('forced password change', () => {
  test('a flagged account may only read /api/me, change its password and log out until it has changed it', async () => {
    const user = await s.createUser('admin', units.district);
    await s.ctx.db.updateTable('users').set({ must_change_password: true }).where('id', '=', user.id).execute();
    const cookie = await s.login(user.username);
    const me = await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.json().mustChangePassword, true);
    const users = await s.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    assert.equal(users.statusCode, 403);
    assert.equal(users.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
    assert.match(users.json().error.message, /请先修改密码/);
    const changed = await s.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: PASSWORD, newPassword: 'Harbour-lamp-2027' } });
    assert.equal(changed.statusCode, 204);
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } })).statusCode, 200);
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().mustChangePassword, false);
  });

  test('a password reset by an administrator must be replaced at the next sign-in', async () => {
    const admin = await s.as('admin', units.district);
    const user = await s.createUser('agent', units.group);
    assert.equal((await admin.post(`/api/users/${user.id}/reset-password`, { password: 'Reset-lamp-2027' })).status, 204);
    const cookie = await s.login(user.username, 'Reset-lamp-2027');
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().mustChangePassword, true);
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/canned-answers', headers: { cookie } })).json().error.code, 'PASSWORD_CHANGE_REQUIRED');
  });
});

describe('client address: X-Forwarded-For only from TRUST_PROXY', () => {
  test('by default nobody is trusted: rotating X-Forwarded-For does not escape the login limit, and the audit keeps the peer', async () => {
    const srv = await startTestServer({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const orgs = await srv.seedOrg();
      const user = await srv.createUser('agent', orgs.group);
      await loginCookie(srv, user.username, '203.0.113.66');
      const ips = await srv.ctx.db.selectFrom('audit_events').select('ip').where('subject_id', '=', user.id).execute();
      assert.deepEqual(ips.map((r) => r.ip), ['127.0.0.1'], 'the claimed address is not recorded');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await login(srv, unique('nobody'), 'Wrong-pass-2026', { 'x-forwarded-for': `203.0.113.${i + 1}` })).statusCode);
      assert.deepEqual(statuses, [401, 401, 429, 429], 'one login above, two more, then the limit of 3 a minute');
    } finally {
      await srv.close();
    }
  });

  test('from a trusted proxy the forwarded address is the client: its own limit and its own audit IP', async () => {
    const srv = await startTestServer({ env: { LOGIN_RATE_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1,10.0.0.0/8' } });
    try {
      const orgs = await srv.seedOrg();
      const user = await srv.createUser('agent', orgs.group);
      await loginCookie(srv, user.username, '203.0.113.66');
      const ips = await srv.ctx.db.selectFrom('audit_events').select('ip').where('subject_id', '=', user.id).execute();
      assert.deepEqual(ips.map((r) => r.ip), ['203.0.113.66']);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await login(srv, unique('nobody'), 'Wrong-pass-2026', { 'x-forwarded-for': `203.0.113.${i + 1}` })).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 401], 'each forwarded client has its own limit');
      const same = [];
      for (let i = 0; i < 4; i++) same.push((await login(srv, unique('nobody'), 'Wrong-pass-2026', { 'x-forwarded-for': '198.51.100.9' })).statusCode);
      assert.deepEqual(same, [401, 401, 401, 429], 'one forwarded client is limited on its own');
    } finally {
      await srv.close();
    }
  });

  test('TRUST_PROXY takes addresses and CIDR ranges only', () => {
    assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
    assert.deepEqual(loadConfig({}).trustProxy, []);
    for (const bad of ['true', '*', 'loopback', '10.0.0.0/33', 'nginx.local']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (e: unknown) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message), bad);
    }
  });
});

async function loginCookie(srv: TestServer, username: string, xff: string): Promise<string> {
  const res = await login(srv, username, PASSWORD, { 'x-forwarded-for': xff });
  assert.equal(res.statusCode, 200, res.body);
  return `bb_session=${res.cookies.find((c) => c.name === 'bb_session')!.value}`;
}

describe('production defaults', () => {
  const safe = { NODE_ENV: 'production', SEED_DEMO: 'false', SSO_DEMO: 'false', COOKIE_SECURE: 'true' };

  test('NODE_ENV=production refuses the demo password, the demo real-name provider and unset cookie security, naming each', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: unknown) => e instanceof ConfigError && /SEED_DEMO=true with the published DEMO_PASSWORD/.test(e.message) && /SSO_DEMO=true/.test(e.message) && /COOKIE_SECURE is not set/.test(e.message),
    );
    assert.throws(() => loadConfig({ ...safe, SSO_DEMO: 'true' }), /SSO_DEMO=true/);
    assert.throws(() => loadConfig({ ...safe, SEED_DEMO: 'true' }), /DEMO_PASSWORD/);
    assert.throws(() => loadConfig({ ...safe, COOKIE_SECURE: undefined }), /COOKIE_SECURE/);
  });

  test('safe settings start; a demo copy starts with ALLOW_DEMO_IN_PRODUCTION=true; other modes keep the demo defaults', () => {
    assert.equal(loadConfig(safe).env, 'production');
    assert.equal(loadConfig({ ...safe, SEED_DEMO: 'true', DEMO_PASSWORD: 'Our-own-demo-2027' }).seedDemo, true);
    assert.equal(loadConfig({ ...safe, COOKIE_SECURE: 'false' }).session.cookieSecure, false, 'an explicit choice');
    assert.equal(loadConfig({ NODE_ENV: 'production', ALLOW_DEMO_IN_PRODUCTION: 'true' }).sso.demo, true);
    assert.equal(loadConfig({ NODE_ENV: 'development' }).sso.demo, true);
  });
});

describe('/healthz', () => {
  test('with the database gone it answers 503 with the status words only, no error text', async () => {
    const srv = await startTestServer();
    await srv.runtime.close();
    srv.runtime.close = async () => undefined; // closed above; srv.close() still drops the test schema
    try {
      const res = await srv.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { status: 'unavailable', checks: { database: 'down' } });
      assert.doesNotMatch(res.body, /error|closed|ECONN|terminat/i);
    } finally {
      await srv.close();
    }
  });
});
