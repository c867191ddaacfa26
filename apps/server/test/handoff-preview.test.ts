import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { openingPhrase } from '../src/modules/assistant/human-help.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { citizenClient } from './support/kb-factory.ts';
import { liveDesk, TUESDAY_10 } from './support/live-help.ts';

// 转人工 says what will happen before it happens: the dialog's preview and the request it then makes agree.
const WEDNESDAY_20 = new Date('2026-03-04T12:00:00Z'); // Wednesday 20:00 in Shanghai
const THURSDAY_9 = '2026-03-05T01:00:00.000Z';
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let district: string;
let c: ReturnType<typeof citizenClient>;

before(async () => {
  s = await startTestServer({ clock });
  district = (await s.seedOrg()).district;
  c = citizenClient(s.app);
});
after(() => s.close());

const conversation = (id: string) => s.ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditCount = async () => Number((await s.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('转人工 preview', () => {
  test('at night: the preview says 留言 and the next opening in plain words, and the handoff makes a ticket opening then', async () => {
    clock.set(WEDNESDAY_20);
    const desk = await liveDesk(s, district);
    await desk.agent(false);
    const token = await desk.newCitizen();
    const before = await auditCount();
    const preview = await c.call(token, 'GET', `/api/conversations/preview?matterId=${desk.matter}`);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body, {
      mode: 'ticket',
      groupName: s.ctx.org.get(desk.group)!.name,
      agentsOnline: 0,
      opensAt: THURSDAY_9,
      provisional: false,
      text: '现在不在上班时间（工作日 9:00–12:00、13:30–17:30）。明天（周四）上午 9:00 有人接待，您的留言会在那时处理。',
    });
    assert.equal(await auditCount(), before, 'a preview writes nothing');
    assert.equal((await c.call(token, 'GET', '/api/conversations/mine')).body.items.length, 0);

    const res = await c.call(token, 'POST', '/api/conversations', { matterId: desk.matter, question: '晚上能办吗？' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const row = await conversation(res.body.id);
    assert.deepEqual([row.status, row.group_id, row.sla_start_at?.toISOString()], ['ticket', desk.group, preview.body.opensAt]);
  });

  test('in working hours with an agent 在线: the preview says so, and the handoff reaches that agent', async () => {
    clock.set(TUESDAY_10);
    const desk = await liveDesk(s, district);
    const token = await desk.newCitizen();
    const empty = await c.call(token, 'GET', `/api/conversations/preview?matterId=${desk.matter}`);
    assert.deepEqual([empty.body.mode, empty.body.agentsOnline, empty.body.opensAt], ['queue', 0, null]);
    assert.match(empty.body.text, /暂时没有工作人员在线.*排队等候/);

    const agent = await desk.agent();
    const preview = await c.call(token, 'GET', `/api/conversations/preview?matterId=${desk.matter}`);
    assert.deepEqual([preview.body.mode, preview.body.agentsOnline], ['live', 1]);
    assert.match(preview.body.text, /^现在有工作人员在线/);
    const res = await c.call(token, 'POST', '/api/conversations', { matterId: desk.matter });
    const row = await conversation(res.body.id);
    assert.deepEqual([row.status, row.group_id, row.agent_id], ['assigned', desk.group, agent.userId]);
  });

  test('the question typed in the dialog is the citizen\u2019s own first message, the one the agent reads first', async () => {
    clock.set(TUESDAY_10);
    const desk = await liveDesk(s, district);
    const agent = await desk.agent();
    const token = await desk.newCitizen();
    const res = await c.call(token, 'POST', '/api/conversations', { matterId: desk.matter, question: '社保卡丢了怎么补办？' });
    const mine = await c.call(token, 'GET', `/api/conversations/${res.body.id}/messages`);
    const first = mine.body.items[0];
    assert.deepEqual([first.seq, first.sender, first.text], [1, 'citizen', '社保卡丢了怎么补办？']);
    const theirs = await agent.get(`/api/conversations/${res.body.id}/messages`);
    assert.deepEqual([theirs.body.items[0].sender, theirs.body.items[0].text], ['citizen', '社保卡丢了怎么补办？']);
    const none = await c.call(token, 'POST', '/api/conversations', { matterId: desk.matter });
    assert.equal(none.body.id, res.body.id, 'the open request, not a second one');
  });

  test('a provisional year is said, and a matterless preview follows the same fallbacks as the request', async () => {
    clock.set(new Date('2027-02-05T02:00:00Z')); // 除夕 2027, Friday 10:00: that year's notice is not out
    try {
      const token = await c.newCitizen();
      const preview = await c.call(token, 'GET', '/api/conversations/preview');
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.deepEqual([preview.body.mode, preview.body.opensAt, preview.body.provisional], ['ticket', '2027-02-11T01:00:00.000Z', true]);
      assert.match(preview.body.text, /2月11日（周四）上午 9:00 有人接待，您的留言会在那时处理。（2027 年节假日安排尚未公布，按法定节假日暂定）$/);
      const res = await c.call(token, 'POST', '/api/conversations', {});
      const row = await conversation(res.body.id);
      assert.equal(row.group_id, (await s.ctx.db.selectFrom('org_units').select('id').where('name', '=', preview.body.groupName).executeTakeFirstOrThrow()).id);
      assert.equal(row.sla_start_at?.toISOString(), preview.body.opensAt);
    } finally {
      clock.set(TUESDAY_10);
    }
  });

  test('the next opening in words: today, tomorrow, the day after, a date; 下午 read on a 12-hour clock', () => {
    const at = (iso: string) => new Date(iso);
    assert.equal(openingPhrase(at('2026-03-04T00:00:00Z'), at('2026-03-04T01:00:00Z')), '今天上午 9:00');
    assert.equal(openingPhrase(at('2026-03-04T04:30:00Z'), at('2026-03-04T05:30:00Z')), '今天下午 1:30');
    assert.equal(openingPhrase(at('2026-03-04T12:00:00Z'), at('2026-03-05T01:00:00Z')), '明天（周四）上午 9:00');
    assert.equal(openingPhrase(at('2026-03-06T12:00:00Z'), at('2026-03-08T01:00:00Z')), '后天（周日）上午 9:00');
    assert.equal(openingPhrase(at('2026-03-06T12:00:00Z'), at('2026-03-09T01:00:00Z')), '3月9日（周一）上午 9:00');
  });
});
