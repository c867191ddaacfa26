import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { isOffDomain, recogniseUnclear, UNCLEAR_EXAMPLES } from '../src/modules/assistant/off-topic.ts';
import type { TestServer } from './support/harness.ts';
import { citizenClient, startAssistantServer } from './support/kb-factory.ts';

// Tuesday 2026-03-03 10:00 in Shanghai: a working day.
const clock = fixedClock(new Date('2026-03-03T02:00:00Z'));
let s: TestServer;
let ids: Awaited<ReturnType<typeof startAssistantServer>>['ids'];
let c: ReturnType<typeof citizenClient>;
let gapsFor: Awaited<ReturnType<typeof startAssistantServer>>['gapsFor'];

before(async () => {
  ({ s, ids, c, gapsFor } = await startAssistantServer(clock));
});
after(() => s.close());

async function askOnce(question: string) {
  const token = await c.newCitizen();
  const { sessionId } = await c.start(token);
  const res = await c.ask(token, sessionId, question);
  assert.equal(res.status, 200);
  return { body: res.body, sessionId };
}

async function assertUnclear(question: string, kind: 'nonsense' | 'offtopic' | 'english') {
  const { body, sessionId } = await askOnce(question);
  assert.equal(body.outcome, 'smalltalk', question);
  assert.deepEqual(body.unclear, { kind, examples: [...UNCLEAR_EXAMPLES] }, question);
  assert.equal(body.answer, null);
  assert.deepEqual(body.suggestions, []);
  assert.equal(body.scope, null);
  assert.doesNotMatch(body.reply, /12345/, question);
  assert.equal(body.askFeedback, false);
  assert.deepEqual(await gapsFor(question), [], `no gap for ${question}`);
  // Not a question: the session's count of real questions stays at zero.
  const row = await s.ctx.db.selectFrom('assistant_sessions').select('question_count').where('id', '=', sessionId).executeTakeFirstOrThrow();
  assert.equal(row.question_count, 0);
  return body;
}

describe('小申: messages that are no service question', () => {
  test('emoji only gets a friendly "没看懂" with examples, no gap, no 12345', async () => {
    for (const q of ['😂😂😂', '👍', '🙏🏻', '？？？']) {
      const body = await assertUnclear(q, 'nonsense');
      assert.match(body.reply, /没看懂/);
      assert.equal(body.offerHuman, false);
    }
  });

  test('gibberish and keyboard mash likewise', async () => {
    for (const q of ['asdfghjkl', 'sdfsdf ds', '哈哈哈哈哈', '。。。 ...']) await assertUnclear(q, 'nonsense');
  });

  test('off-domain chatter (the weather, a joke, the stock market) is "没看懂", not a gap', async () => {
    for (const q of ['今天天气怎么样', '给我讲个笑话', '明天股票会涨吗']) {
      const body = await assertUnclear(q, 'offtopic');
      assert.match(body.reply, /没看懂/);
    }
  });

  test('a question in English gets an honest answer in Chinese and English that 小申 works in Chinese', async () => {
    for (const q of ['How do I renew my residence permit?', 'Hello, can you speak English?']) {
      const body = await assertUnclear(q, 'english');
      assert.match(body.reply, /只能用中文/);
      assert.match(body.reply, /only works in Chinese/);
      assert.equal(body.offerHuman, true);
    }
  });

  test('a real question with an emoji or a little English is still answered normally', async () => {
    for (const q of ['社保卡丢了怎么补办？😭', '社保卡丢了 how 补办']) {
      const { body } = await askOnce(q);
      assert.equal(body.outcome, 'answer', q);
      assert.equal(body.answer.entryId, ids.socialCard, q);
      assert.equal(body.unclear, null);
    }
  });

  test('a question about a service that mentions the weather is a service question', () => {
    assert.equal(isOffDomain('高温天气有没有补贴'), false);
    assert.equal(isOffDomain('开饭店要办什么许可证，推荐一下'), false);
    assert.equal(isOffDomain('今天天气怎么样'), true);
  });

  test('abbreviations and other scripts are left to retrieval, not called gibberish', () => {
    assert.equal(recogniseUnclear('ETC'), null);
    assert.equal(recogniseUnclear('办ETC'), null);
    assert.equal(recogniseUnclear('паспорт'), null);
    assert.equal(recogniseUnclear('hello'), 'english');
  });

  test('a stored unclear turn reads back the same in the transcript', async () => {
    const token = await c.newCitizen();
    const { sessionId } = await c.start(token);
    await c.ask(token, sessionId, '🤔🤔');
    const transcript = await c.call(token, 'GET', `/api/assistant/sessions/${sessionId}`);
    assert.equal(transcript.status, 200);
    assert.deepEqual(transcript.body.turns[0].unclear, { kind: 'nonsense', examples: [...UNCLEAR_EXAMPLES] });
  });
});
