import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two server processes of one deployment: separate event buses, caches and search indexes, one database,
// joined by Redis. (In-process here so they share PGlite; on PostgreSQL they could as well be two hosts.)
let a: TestServer;
let b: TestServer;
let kbOnA: Caller;
let adminOnA: Caller;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;

before(async () => {
  a = await startTestServer({ env: { REDIS_URL } });
  b = await startTestServer({ env: { REDIS_URL }, handle: { db: a.ctx.db, kind: a.ctx.dbKind, close: async () => {} } });
  units = await a.seedOrg();
  await b.ctx.org.reload();
  kbOnA = await a.as('kb_operator', units.civil);
  adminOnA = await a.as('admin', units.district);
});
after(async () => {
  await b.close();
  await a.close();
});

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 5 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('several server processes joined by Redis', () => {
  test('both processes relay through Redis with distinct origins', () => {
    assert.ok(a.runtime.relay && b.runtime.relay);
    assert.notEqual(a.runtime.relay.origin, b.runtime.relay.origin);
  });

  test('publishing an entry on one process makes the other process answer with it; archiving stops it', async () => {
    const question = unique('跨进程发布测试') + '身份证挂失怎么办理';
    const created = await kbOnA.post('/api/kb/entries', { question, answer: '到派出所挂失。' });
    await kbOnA.post(`/api/kb/entries/${created.body.id}/submit`);
    await kbOnA.post(`/api/kb/entries/${created.body.id}/review`, { decision: 'approve' });
    const answers = (s: TestServer) => {
      const d = s.ctx.knowledge.search(question).decision;
      return d.kind === 'answer' && d.entryId === created.body.id;
    };
    assert.ok(answers(a));
    await eventually(() => answers(b), 'process B answering with the entry published on A');
    await kbOnA.post(`/api/kb/entries/${created.body.id}/archive`);
    await eventually(() => !answers(b), 'process B dropping the archived entry');
  });

  test('an organisation change on one process reaches the other\u2019s cached tree and calendar', async () => {
    const name = unique('新设部门');
    const res = await adminOnA.post('/api/org-units', { parentId: units.district, kind: 'department', name });
    await eventually(() => b.ctx.org.get(res.body.id)?.name === name, 'process B seeing the new unit');
    await adminOnA.put('/api/calendar/overrides/2026-07-06', { working: false, name: '跨进程调整' });
    await eventually(() => !b.ctx.calendar.calendar.isWorkingDay('2026-07-06'), 'process B seeing the calendar override');
  });
});
