import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import type { TestServer } from './support/harness.ts';
import { ambiguousQuestion, citizenClient, seedAssistantKb, startAssistantServer } from './support/kb-factory.ts';

// Tuesday 2026-03-03 10:00 in Shanghai: a working day, inside working hours.
const WORKING_MORNING = new Date('2026-03-03T02:00:00Z');
const clock = fixedClock(WORKING_MORNING);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let ids: Awaited<ReturnType<typeof seedAssistantKb>>['ids'];
let disabilityCode: string;
let c: ReturnType<typeof citizenClient>;
let gapsFor: Awaited<ReturnType<typeof startAssistantServer>>['gapsFor'];

before(async () => {
  ({ s, units, ids, disabilityCode, c, gapsFor } = await startAssistantServer(clock));
});
after(() => s.close());

const citizen = () => c.newCitizen();
const call: ReturnType<typeof citizenClient>['call'] = (...args) => c.call(...args);
const start = (token: string, extra: object = {}): Promise<any> => c.start(token, extra);
const ask = (token: string, sessionId: string, question: string, entryId?: string) => c.ask(token, sessionId, question, entryId);

describe('小申: feedback, human help, transcript', () => {
  test('"not solved" records a gap and offers a human; the citizen may change it and the last answer counts', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const answer = await ask(token, sessionId, '居住证到期续签');
    assert.equal(answer.body.outcome, 'answer');
    const url = `/api/assistant/turns/${answer.body.turnId}/feedback`;
    const no = await call(token, 'POST', url, { feedback: 'not_solved' });
    assert.equal(no.status, 200);
    assert.equal(no.body.offerHuman, true);
    assert.match(no.body.message, /转人工/);
    const gaps = await gapsFor('居住证到期续签');
    assert.deepEqual(gaps.map((g) => [g.source, g.department_id, g.occurrences]), [['not_solved', units.other, 1]]);
    const yes = await call(token, 'POST', url, { feedback: 'solved' });
    assert.equal(yes.body.offerHuman, false);
    const turn = await s.ctx.db.selectFrom('assistant_turns').select('feedback').where('id', '=', answer.body.turnId).executeTakeFirstOrThrow();
    assert.equal(turn.feedback, 'solved');
    const smalltalk = await ask(token, sessionId, '谢谢');
    const refused = await call(token, 'POST', `/api/assistant/turns/${smalltalk.body.turnId}/feedback`, { feedback: 'solved' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'ASSISTANT_FEEDBACK_NOT_APPLICABLE');
  });

  test('转人工 during Spring Festival 2026 opens a ticket for the matter\'s lead unit and names the next opening exactly', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.disability });
    await ask(token, sessionId, '残疾人补贴怎么领');
    clock.set(new Date('2026-02-20T12:00:00Z')); // Friday 20:00, a Spring Festival holiday
    try {
      const res = await call(token, 'POST', '/api/conversations', { assistantSessionId: sessionId, contact: '13800138000' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'ticket');
      assert.equal(res.body.humanHelp.availableNow, false);
      assert.equal(res.body.opensAt, '2026-02-24T00:30:00.000Z');
      assert.equal(res.body.humanHelp.opensAtText, '2月24日（星期二）8:30');
      assert.match(res.body.message, /现在不在上班时间（工作日 8:30–11:30、13:00–17:00），下次上班时间：2月24日（星期二）8:30/);
      assert.match(res.body.message, new RegExp(s.ctx.org.get(units.civil)!.name));
      assert.ok(!JSON.stringify(res.body).includes('13800138000'), 'the contact never comes back');
      const row = await s.ctx.db.selectFrom('conversations').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.status, s.ctx.org.get(row.group_id)!.parentId, row.routed_via, row.matter_id, row.question, row.contact, row.assistant_session_id],
        ['ticket', units.civil, 'lead', ids.disability, '残疾人补贴怎么领', '13800138000', sessionId],
      );
      assert.equal(row.sla_start_at!.toISOString(), '2026-02-24T00:30:00.000Z');
      const audit = await s.ctx.db.selectFrom('audit_events').selectAll().where('subject_id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(audit.action, 'conversation.requested');
      assert.ok(!JSON.stringify(audit).includes('13800138000'));
      const transcript = await call(token, 'GET', `/api/assistant/sessions/${sessionId}`);
      assert.equal(transcript.body.humanRequested, true);
      assert.equal(transcript.body.conversationId, row.id, 'a reload finds the live-help conversation again');
    } finally {
      clock.set(WORKING_MORNING);
    }
  });

  test('without a matter, a Saturday-night request goes to the district office as a ticket; a provisional year is said plainly', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    clock.set(new Date('2026-03-07T14:00:00Z')); // Saturday 22:00
    try {
      const res = await call(token, 'POST', '/api/conversations', { assistantSessionId: sessionId });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'ticket');
      assert.equal(res.body.humanHelp.opensAtText, '3月9日（星期一）9:00');
      assert.match(res.body.message, /如需工作人员联系您，可以留下联系电话/);
      const row = await s.ctx.db.selectFrom('conversations').select(['routed_via']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
      assert.equal(row.routed_via, 'coordinator');
      // 除夕 2027 (Friday 10:00): the notice is not out, so the next opening is computed from the law and says so.
      clock.set(new Date('2027-02-05T02:00:00Z'));
      const status = await call(undefined, 'GET', '/api/assistant/human-help');
      assert.deepEqual(status.body, {
        availableNow: false,
        opensAt: '2027-02-11T01:00:00.000Z',
        opensAtText: '2月11日（星期四）9:00（2027 年节假日安排尚未公布，按法定节假日暂定）',
        hoursText: '工作日 9:00–12:00、13:30–17:30',
        provisional: true,
      });
    } finally {
      clock.set(WORKING_MORNING);
    }
  });

  test('the transcript replays every turn after a reload, with answers and feedback; an ended session takes no more questions', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.pension });
    const a = await ask(token, sessionId, '宝宝刚出生怎么上户口');
    await ask(token, sessionId, ambiguousQuestion(s.ctx, ids.pension).question);
    await call(token, 'POST', `/api/assistant/turns/${a.body.turnId}/feedback`, { feedback: 'solved' });
    const t = await call(token, 'GET', `/api/assistant/sessions/${sessionId}`);
    assert.equal(t.status, 200);
    assert.equal(t.body.matter.id, ids.pension);
    assert.deepEqual(t.body.turns.map((x: { seq: number; outcome: string; feedback: string | null }) => [x.seq, x.outcome, x.feedback]), [[1, 'answer', 'solved'], [2, 'suggest', null]]);
    assert.equal(t.body.turns[0].answer.answer, a.body.answer.answer);
    assert.ok(t.body.turns[1].suggestions.length >= 2);
    assert.equal((await call(token, 'POST', `/api/assistant/sessions/${sessionId}/end`)).status, 204);
    const late = await ask(token, sessionId, '还有一个问题');
    assert.equal(late.status, 409);
    assert.deepEqual(late.body.error, { code: 'ASSISTANT_SESSION_ENDED', message: '这段对话已经结束，请重新开始新的对话。' });
  });
});

describe('小申: boundaries', () => {
  test("another citizen can't read, ask in, or rate someone else's session", async () => {
    const owner = await citizen();
    const other = await citizen();
    const { sessionId } = await start(owner);
    const answer = await ask(owner, sessionId, '宝宝刚出生怎么上户口');
    for (const res of [
      await call(other, 'GET', `/api/assistant/sessions/${sessionId}`),
      await ask(other, sessionId, '宝宝刚出生怎么上户口'),
      await call(other, 'POST', '/api/conversations', { assistantSessionId: sessionId }),
      await call(other, 'POST', `/api/assistant/sessions/${sessionId}/end`),
    ]) {
      assert.equal(res.status, 404);
      assert.deepEqual(res.body.error, { code: 'ASSISTANT_SESSION_NOT_FOUND', message: '找不到这段对话，请重新开始。' });
    }
    const rate = await call(other, 'POST', `/api/assistant/turns/${answer.body.turnId}/feedback`, { feedback: 'solved' });
    assert.equal(rate.status, 404);
    assert.equal(rate.body.error.code, 'ASSISTANT_TURN_NOT_FOUND');
    assert.equal((await call(undefined, 'GET', `/api/assistant/sessions/${sessionId}`)).body.error.code, 'CITIZEN_TOKEN_INVALID');
  });

  test('asking checks the device token in the same read as the session: no or an unknown token is 401, an unknown session 404', async () => {
    const owner = await citizen();
    const { sessionId } = await start(owner);
    for (const token of [undefined, 'not-a-token-anyone-was-given']) {
      const res = await call(token, 'POST', `/api/assistant/sessions/${sessionId}/ask`, { question: '宝宝刚出生怎么上户口' });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'CITIZEN_TOKEN_INVALID');
    }
    const missing = await call(owner, 'POST', '/api/assistant/sessions/00000000-0000-4000-8000-000000000000/ask', { question: '宝宝刚出生怎么上户口' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'ASSISTANT_SESSION_NOT_FOUND');
    // The owner's own ask still answers, on a session opened on no matter page.
    const own = await ask(owner, sessionId, '宝宝刚出生怎么上户口');
    assert.equal(own.status, 200);
    assert.equal(own.body.seq, 1);
  });

  test('bad input is refused with VALIDATION_FAILED in Chinese', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    for (const payload of [{ question: '   ' }, { question: '问'.repeat(501) }, { question: '你好', mood: 'happy' }, { question: '你好', entryId: 'abc' }]) {
      const res = await call(token, 'POST', `/api/assistant/sessions/${sessionId}/ask`, payload);
      assert.equal(res.status, 400, JSON.stringify(payload));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.match(res.body.error.message, /^提交的内容有误：/);
    }
    const badFeedback = await call(token, 'POST', `/api/assistant/turns/${sessionId}/feedback`, { feedback: 'maybe' });
    assert.equal(badFeedback.body.error.code, 'VALIDATION_FAILED');
    const badId = await call(token, 'GET', '/api/assistant/sessions/not-a-uuid');
    assert.equal(badId.status, 400);
  });

  test('matter cards are public, by id or by code', async () => {
    const byId = await call(undefined, 'GET', `/api/assistant/matters/${ids.disability}/card`);
    const byCode = await call(undefined, 'GET', `/api/assistant/matters/card?code=${encodeURIComponent(disabilityCode)}`);
    assert.equal(byId.status, 200);
    assert.deepEqual(byCode.body, byId.body);
    assert.equal(byId.body.promisedTimeLimit, '20个工作日');
    assert.equal((await call(undefined, 'GET', '/api/assistant/matters/card?code=NOPE')).body.error.code, 'MATTER_NOT_FOUND');
  });

  test('asking is rate-limited per citizen, in plain Chinese', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await ask(token, sessionId, '你好')).status);
    assert.deepEqual(statuses.slice(0, 29), Array(29).fill(200));
    const limited = await ask(token, sessionId, '你好');
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body.error, { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试。' });
    const other = await citizen();
    const fresh = await start(other);
    assert.equal((await ask(other, fresh.sessionId, '你好')).status, 200, 'another citizen is not held back');
  });
});
