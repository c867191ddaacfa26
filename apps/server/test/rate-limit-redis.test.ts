import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOwnRedis, type OwnRedis } from './support/fault-services.ts';
import { buildApp } from '../src/app.ts';
import { startTestServer, unique, type TestServer } from './support/harness.ts';

// Measured 2026-12-02 (finding 5): the rate-limit store was per process, so N processes allowed N × the limit.
// With REDIS_URL the count lives in Redis; a Redis outage lets requests through rather than locking staff out.

let redis: OwnRedis;
let a: TestServer;
let b: TestServer;

before(async () => {
  redis = await startOwnRedis();
  const env = { REDIS_URL: redis.url, LOGIN_RATE_PER_MINUTE: '4' };
  [a, b] = await Promise.all([startTestServer({ env }), startTestServer({ env })]);
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.kill();
});

const wrongLogin = (s: TestServer) =>
  s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: unique('nobody'), password: 'Wrong-pass-2026' } });

describe('rate limits with REDIS_URL', () => {
  test('two processes sharing Redis allow the login limit once between them, not once each', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await wrongLogin(i % 2 === 0 ? a : b)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429, 429, 429]);
  });

  test('with Redis down a login is answered (not refused, not a 500): the limiter steps aside', async () => {
    await redis.kill();
    try {
      const res = await wrongLogin(a);
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().error.code, 'AUTH_INVALID_CREDENTIALS');
    } finally {
      await redis.start(); // back, as after a real outage
    }
  });

  test('an app built with an unreachable REDIS_URL starts and answers logins', async () => {
    const ctx = { ...a.ctx, config: { ...a.ctx.config, redisUrl: 'redis://127.0.0.1:1' } };
    const app = await buildApp(ctx, { serveWeb: false });
    try {
      await app.ready();
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: unique('nobody'), password: 'Wrong-pass-2026' } });
      assert.equal(res.statusCode, 401, res.body);
    } finally {
      await app.close();
    }
  });
});
