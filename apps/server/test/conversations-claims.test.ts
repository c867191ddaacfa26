import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';
import { citizenClient, createMatter } from './support/kb-factory.ts';

// On PostgreSQL (TEST_DATABASE_URL) these requests really run at once over the pool; on PGlite they are
// serialised by its single connection and the same invariants must hold.
const clock = fixedClock(new Date('2026-03-03T02:00:00Z')); // Tuesday 10:00, working hours
const AGENTS = 24;
const CAPACITY = 2;
let s: TestServer;
let group: string;
let matter: string;
let agents: Caller[];
let c: ReturnType<typeof citizenClient>;

before(async () => {
  s = await startTestServer({ clock });
  const units = await s.seedOrg();
  const dept = (await s.ctx.db.insertInto('org_units').values({ parent_id: units.district, kind: 'department', name: unique('并发测试局'), tags: '[]', working_hours: 'null' }).returning('id').executeTakeFirstOrThrow()).id;
  group = (await s.ctx.db.insertInto('org_units').values({ parent_id: dept, kind: 'agent_group', name: unique('并发帮办组'), tags: '[]', working_hours: 'null', max_concurrent_chats: CAPACITY }).returning('id').executeTakeFirstOrThrow()).id;
  await s.ctx.org.reload();
  matter = await createMatter(s.ctx, { code: unique('BF-'), name: '并发测试事项', departmentId: dept });
  c = citizenClient(s.app);
  agents = [];
  for (let i = 0; i < AGENTS; i++) agents.push(await s.as('agent', group));
});
after(() => s.close());

async function queued(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await c.call(await c.newCitizen(), 'POST', '/api/conversations', { matterId: matter });
    assert.equal(res.body.status, 'queued');
    ids.push(res.body.id);
  }
  return ids;
}

/** Each conversation has exactly one agent, recorded by exactly one assignment, and nobody is over capacity. */
async function assertOneAgentEach(ids: string[]) {
  const rows = await s.ctx.db.selectFrom('conversations').select(['id', 'status', 'agent_id']).where('id', 'in', ids).execute();
  for (const r of rows) {
    assert.equal(r.status, 'assigned', r.id);
    assert.ok(r.agent_id);
  }
  const assigned = await s.ctx.db.selectFrom('audit_events').select('subject_id').where('action', '=', 'conversation.assigned').where('subject_id', 'in', ids).execute();
  assert.equal(assigned.length, ids.length, 'one assignment per conversation, never a second one over it');
  const systemNotes = await s.ctx.db.selectFrom('conversation_messages').select('conversation_id').where('conversation_id', 'in', ids).where('sender', '=', 'system').execute();
  assert.equal(systemNotes.length, ids.length);
  const loads = await s.ctx.db.selectFrom('conversations').select(['agent_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'assigned').where('group_id', '=', group).groupBy('agent_id').execute();
  for (const l of loads) assert.ok(Number(l.n) <= CAPACITY, `agent ${l.agent_id} holds ${l.n} chats`);
}

describe('never two agents on one chat', () => {
  test(`${AGENTS} agents each claim the same 8 queued chats at once: each chat gets exactly one agent, nobody exceeds ${CAPACITY}`, async () => {
    for (const a of agents) assert.equal((await a.put('/api/agent/status', { status: 'busy' })).status, 200);
    const ids = await queued(8);
    const claims = agents.flatMap((a) => ids.map((id) => a.post(`/api/conversations/${id}/claim`)));
    assert.ok(claims.length >= 20);
    const results = await Promise.all(claims);
    const won = results.filter((r) => r.status === 200);
    assert.equal(won.length, ids.length, 'one winning claim per chat');
    for (const r of results.filter((x) => x.status !== 200)) {
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.ok(['CONVERSATION_TAKEN', 'AGENT_AT_CAPACITY'].includes(r.body.error.code), r.body.error.code);
    }
    await assertOneAgentEach(ids);
  });

  test('agents going online together pull from one queue while others claim by hand: still one agent per chat, within capacity', async () => {
    const ids = await queued(12);
    const pulls = agents.slice(0, 16).map((a) => a.put('/api/agent/status', { status: 'online' }));
    const claims = agents.slice(16).flatMap((a) => ids.slice(0, 6).map((id) => a.post(`/api/conversations/${id}/claim`)));
    const results = await Promise.all([...pulls, ...claims]);
    for (const r of results) assert.ok(r.status === 200 || r.status === 409, JSON.stringify(r.body));
    await assertOneAgentEach(ids);
  });
});
