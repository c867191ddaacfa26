import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { seedDemoDistrict } from '../src/seed/demo-district.ts';
import { Caller, startTestServer, type TestServer } from './support/harness.ts';
import { citizenClient } from './support/kb-factory.ts';

// README.md "Live help", exactly as written, on the seeded demo district: `agent` sets 在线 on the desk, a citizen
// on the demo matter page asks 小申 and presses 转人工, and the chat reaches `agent`. At night the same page's
// 转人工 says when the 留言 will be picked up.
const DEMO_PASSWORD = 'Bangban@2026';
const TUESDAY_10 = new Date('2026-12-01T02:00:00Z');
const TUESDAY_20 = new Date('2026-12-01T12:00:00Z');
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let c: ReturnType<typeof citizenClient>;

// The matter of the demo page the README points to, read from the page itself.
const page = readFileSync(new URL('../../web/public/demo/matter-page.html', import.meta.url), 'utf8');
const MATTER_CODE = /<script src="\/widget\.js" data-matter="([^"]+)"/.exec(page)![1]!;

before(async () => {
  s = await startTestServer({ clock });
  await seedDemoDistrict(s.ctx, DEMO_PASSWORD);
  c = citizenClient(s.app);
});
after(() => s.close());

async function askOnTheDemoPage() {
  const token = await c.newCitizen();
  const { sessionId, matter } = await c.start(token, { matterCode: MATTER_CODE, pageUrl: '/demo/matter-page.html' });
  assert.ok(matter, 'the demo page\u2019s matter is in the catalogue');
  assert.equal((await c.ask(token, sessionId, '境外驾照怎么换')).status, 200);
  return { token, sessionId };
}

describe('the README live-help journey on the demo district', () => {
  test('in working hours: `agent` sets 在线; 转人工 on the demo matter page says someone is online and reaches `agent`', async () => {
    clock.set(TUESDAY_10);
    const me = await s.ctx.db.selectFrom('users').select(['id', 'org_unit_id']).where('username', '=', 'agent').executeTakeFirstOrThrow();
    const agent = new Caller(s.app, await s.login('agent', DEMO_PASSWORD), me.id);
    const online = await agent.put('/api/agent/status', { status: 'online' });
    assert.equal(online.status, 200, JSON.stringify(online.body));
    assert.equal(online.body.groupId, me.org_unit_id);

    const { token, sessionId } = await askOnTheDemoPage();
    const preview = await c.call(token, 'GET', `/api/conversations/preview?assistantSessionId=${sessionId}`);
    assert.deepEqual([preview.body.mode, preview.body.groupName, preview.body.agentsOnline], ['live', '区行政服务中心帮办组', 1]);
    const res = await c.call(token, 'POST', '/api/conversations', { assistantSessionId: sessionId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.status, res.body.agentName], ['assigned', '李帮办']);
    const row = await s.ctx.db.selectFrom('conversations').select(['agent_id', 'routed_via']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.agent_id, row.routed_via], [me.id, 'lead']);
    await agent.put('/api/agent/status', { status: 'offline' });
  });

  test('in the evening: the same 转人工 says 留言 and tomorrow morning, and the ticket opens then', async () => {
    clock.set(TUESDAY_20);
    try {
      const { token, sessionId } = await askOnTheDemoPage();
      const preview = await c.call(token, 'GET', `/api/conversations/preview?assistantSessionId=${sessionId}`);
      assert.equal(preview.body.mode, 'ticket');
      assert.match(preview.body.text, /明天（周三）上午 9:00 有人接待，您的留言会在那时处理。/);
      const res = await c.call(token, 'POST', '/api/conversations', { assistantSessionId: sessionId });
      assert.deepEqual([res.body.status, res.body.opensAt], ['ticket', '2026-12-02T01:00:00.000Z']);
    } finally {
      clock.set(TUESDAY_10);
    }
  });
});
