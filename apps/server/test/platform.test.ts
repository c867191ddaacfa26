import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import pg from 'pg';
import { startTestServer, type TestServer } from './support/harness.ts';

async function runOn(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(statement);
  await client.end();
}

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('platform', () => {
  test('/healthz answers ok when the database is reachable', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', checks: { database: 'ok' } });
  });

  test('the OpenAPI document lists the API and the docs page is served', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/docs/json' })).json();
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/api/auth/login', '/api/matters', '/api/matters/import', '/api/org-units', '/api/calendar/days', '/api/audit', '/healthz']) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    const page = await s.app.inject({ method: 'GET', url: '/docs' });
    assert.ok([200, 302].includes(page.statusCode));
  });

  test('unknown API routes and malformed JSON get coded errors in Chinese, or English on request', async () => {
    const missing = await s.app.inject({ method: 'GET', url: '/api/nope' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'ROUTE_NOT_FOUND');
    const broken = await s.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'VALIDATION_FAILED');
    const english = await s.app.inject({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    assert.equal(english.json().error.message, 'Please sign in.');
  });

  test('a bad configuration value stops the start, naming the variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (err: unknown) => err instanceof ConfigError && /PORT="eighty"/.test(err.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ SEED_DEMO: 'maybe' }), /SEED_DEMO/);
    const ok = loadConfig({ PORT: '9000', DATA_DIR: '/tmp/bb' });
    assert.equal(ok.port, 9000);
    assert.equal(ok.dataDir, '/tmp/bb');
  });

  test('migrations are reversible', async () => {
    const { openDatabase } = await import('../src/db/database.ts');
    const { migrateDownAll, migrateToLatest, migrationNames } = await import('../src/db/migrate.ts');
    const all = migrationNames();
    assert.ok(all.length >= 2 && all[0] === '0001-foundation');
    const url = process.env.TEST_DATABASE_URL;
    const schema = `mig_${process.pid}`;
    if (url) await runOn(url, `create schema ${schema}`);
    const h = await openDatabase({ url, schema });
    assert.deepEqual(await migrateToLatest(h.db, h.schema), all);
    await migrateDownAll(h.db, h.schema);
    assert.deepEqual(await migrateToLatest(h.db, h.schema), all);
    await h.close();
    if (url) await runOn(url, `drop schema ${schema} cascade`);
  });
});

describe('the embedded database directory', () => {
  test('a second process cannot open a data directory in use; a stale lock is taken over', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase, DataDirInUseError } = await import('../src/db/database.ts');
    const dir = mkdtempSync(join(tmpdir(), 'bb-lock-'));
    // Another live process (our parent, the test runner) holds the lock.
    writeFileSync(join(dir, 'bangban.lock'), String(process.ppid));
    await assert.rejects(openDatabase({ dataDir: dir }), (err: unknown) => err instanceof DataDirInUseError && /正被另一个帮办进程/.test(err.message));
    // A crashed process leaves its lock behind: a pid that no longer exists.
    writeFileSync(join(dir, 'bangban.lock'), '999999');
    const h = await openDatabase({ dataDir: dir });
    assert.equal(readFileSync(join(dir, 'bangban.lock'), 'utf8'), String(process.pid));
    await h.close();
  });
});
