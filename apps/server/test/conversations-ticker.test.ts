import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startQueueTicker } from '../src/modules/conversations/queue-ticker.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { createDesk } from './support/live-help.ts';
import { citizenClient } from './support/kb-factory.ts';

// Friday 2026-03-06 18:00 in Shanghai: after hours, so a 转人工 becomes a ticket for Monday 09:00.
const clock = fixedClock(new Date('2026-03-06T10:00:00Z'));
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
});
after(() => s.close());

const statusOf = async (id: string) => (await s.ctx.db.selectFrom('conversations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('the live-help queue ticker (scheduled, not on reads)', () => {
  test('a ticket stays a ticket when staff only read; the ticker queues it once the group has opened', async () => {
    const d = await createDesk(s, units.district);
    const c = citizenClient(s.app);
    const token = await c.newCitizen();
    const res = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter });
    assert.equal(res.body.status, 'ticket');
    const id = res.body.id as string;

    clock.set(new Date('2026-03-09T01:00:05Z')); // Monday 09:00:05
    const reader = await s.as('coordinator', units.office);
    assert.equal((await reader.get('/api/conversations')).status, 200);
    assert.equal((await c.call(token, 'GET', `/api/conversations/${id}`)).status, 200);
    assert.equal(await statusOf(id), 'ticket', 'reading writes nothing');

    const stop = startQueueTicker(s.ctx, 20);
    try {
      const deadline = Date.now() + 5000;
      while ((await statusOf(id)) === 'ticket' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      stop();
    }
    assert.equal(await statusOf(id), 'queued');
    const row = await s.ctx.db.selectFrom('conversations').select('sla_start_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.sla_start_at?.toISOString(), '2026-03-09T01:00:00.000Z', 'the clock starts at the opening, not at the tick');
  });
});
