import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import type { TestServer } from './support/harness.ts';
import { ambiguousQuestion, citizenClient, createMatter, seedAssistantKb, startAssistantServer } from './support/kb-factory.ts';

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

describe('小申: starting a conversation', () => {
  test('greets in plain words and says that human help is at work now, with the default hours', async () => {
    const body = await start(await citizen());
    assert.match(body.greeting, /^您好，我是小申/);
    assert.equal(body.matter, null);
    assert.deepEqual(body.humanHelp, { availableNow: true, opensAt: WORKING_MORNING.toISOString(), opensAtText: '现在就是上班时间', hoursText: '工作日 9:00–12:00、13:30–17:30' });
  });

  test('on a matter page (by code) the session carries the matter card and the hours of the unit leading its help', async () => {
    const body = await start(await citizen(), { matterCode: disabilityCode, pageUrl: 'https://zwdt.example/matter' });
    assert.equal(body.matter.id, ids.disability);
    assert.deepEqual(body.matter.materials, ['身份证', '残疾人证']);
    assert.equal(body.matter.consultPhone, '021-12345678');
    assert.match(body.greeting, /“残疾人两项补贴申领”/);
    assert.equal(body.humanHelp.hoursText, '工作日 8:30–11:30、13:00–17:00');
  });

  test('an unknown matter is refused in plain Chinese; no token is refused too', async () => {
    const res = await call(await citizen(), 'POST', '/api/assistant/sessions', { channel: 'page', matterCode: 'NO-SUCH-CODE' });
    assert.equal(res.status, 404);
    assert.deepEqual(res.body.error, { code: 'MATTER_NOT_FOUND', message: '找不到该事项。' });
    const anon = await call(undefined, 'POST', '/api/assistant/sessions', { channel: 'widget' });
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error.code, 'CITIZEN_TOKEN_INVALID');
  });
});

describe('小申: asking', () => {
  test('a greeting gets a short friendly reply and is not counted as a question', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const res = await ask(token, sessionId, '你好');
    assert.equal(res.status, 200);
    assert.equal(res.body.outcome, 'smalltalk');
    assert.match(res.body.reply, /小申/);
    assert.equal(res.body.answer, null);
    assert.equal(res.body.askFeedback, false);
    const row = await s.ctx.db.selectFrom('assistant_sessions').select('question_count').where('id', '=', sessionId).executeTakeFirstOrThrow();
    assert.equal(row.question_count, 0);
  });

  test('a complaint is pointed to 12345 and never answered from the KB; a lawsuit to the legal channels', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const complaint = await ask(token, sessionId, '我要投诉，办居住证的窗口工作人员态度恶劣');
    assert.equal(complaint.body.outcome, 'scope');
    assert.deepEqual(complaint.body.scope, { intent: 'complaint', channel: '12345 市民服务热线' });
    assert.match(complaint.body.reply, /12345/);
    assert.equal(complaint.body.answer, null);
    assert.deepEqual(complaint.body.suggestions, []);
    const legal = await ask(token, sessionId, '我要起诉我的房东');
    assert.equal(legal.body.outcome, 'scope');
    assert.equal(legal.body.scope.intent, 'legal');
    assert.match(legal.body.reply, /12348/);
    const turns = await s.ctx.db.selectFrom('assistant_turns').selectAll().where('session_id', '=', sessionId).orderBy('seq').execute();
    assert.deepEqual(turns.map((t) => [t.seq, t.intent, t.outcome, t.entry_id]), [[1, 'complaint', 'scope', null], [2, 'legal', 'scope', null]]);
  });

  test('on a matter page, "要带什么材料" means that matter; a question clearly about something else is not bent to it', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.disability });
    const res = await ask(token, sessionId, '要带什么材料');
    assert.equal(res.body.outcome, 'answer');
    assert.equal(res.body.answer.entryId, `matter:${ids.disability}`);
    const other = await ask(token, sessionId, '宝宝刚出生怎么上户口');
    assert.equal(other.body.answer.entryId, ids.newborn);
    const unrelated = await ask(token, sessionId, '我家的狗不吃饭了怎么办');
    assert.notEqual(unrelated.body.answer?.entryId, `matter:${ids.disability}`);
  });

  test('everyday words on a matter page find the matter: its card is the answer', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.disability });
    const res = await ask(token, sessionId, '我想给残疾的儿子领补贴，要带什么');
    assert.equal(res.body.outcome, 'answer');
    assert.match(res.body.reply, /^您问的是不是这个事项/);
    assert.equal(res.body.answer.entryId, `matter:${ids.disability}`);
    assert.equal(res.body.answer.matterCards[0].id, ids.disability);
    assert.match(res.body.answer.answer, /1\. 身份证\n2\. 残疾人证/);
    assert.equal(res.body.askFeedback, true);
    const turn = await s.ctx.db.selectFrom('assistant_turns').selectAll().where('id', '=', res.body.turnId).executeTakeFirstOrThrow();
    assert.equal(turn.matter_id, ids.disability);
    assert.equal(turn.department_id, units.civil);
    assert.equal(turn.entry_id, null);
  });

  test('a KB question is answered with the published Markdown, related entries and the stored turn', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const res = await ask(token, sessionId, '宝宝刚出生怎么上户口');
    assert.equal(res.body.outcome, 'answer');
    assert.equal(res.body.answer.entryId, ids.newborn);
    assert.equal(res.body.answer.answer, '出生一个月内，由父母持**出生医学证明**、户口簿到派出所办理。');
    assert.deepEqual(res.body.answer.related, [{ entryId: ids.residence, question: '居住证到期了怎么续签？' }]);
    assert.equal(res.body.reply, '关于“新生儿怎么办理户口登记？”，答复如下：');
    assert.equal(res.body.offerHuman, false);
    const turn = await s.ctx.db.selectFrom('assistant_turns').selectAll().where('id', '=', res.body.turnId).executeTakeFirstOrThrow();
    assert.equal(turn.entry_id, ids.newborn);
    assert.equal(turn.entry_version, 1);
    assert.equal(turn.outcome, 'answer');
    assert.equal(turn.department_id, units.other);
    assert.ok(turn.confidence! > 0.3);
    assert.ok(turn.latency_ms! >= 0);
    assert.equal((turn.candidates[0] as { entryId: string }).entryId, ids.newborn);
  });

  test('an unclear question gets up to three "您是不是想问"; clicking one answers that entry directly', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const { question, suggested } = ambiguousQuestion(s.ctx);
    const res = await ask(token, sessionId, question);
    assert.equal(res.body.outcome, 'suggest');
    assert.equal(res.body.reply, '小申不太确定您想问的是哪一个，您是不是想问：');
    assert.deepEqual(res.body.suggestions.map((x: { entryId: string }) => x.entryId), suggested);
    assert.ok(suggested.length >= 1 && suggested.length <= 3);
    const entry = res.body.suggestions.find((x: { entryId: string }) => !x.entryId.startsWith('matter:'));
    assert.ok(entry, 'at least one suggestion is a KB entry');
    assert.equal(entry.question, s.ctx.knowledge.doc(entry.entryId)!.question);
    const chosen = await ask(token, sessionId, entry.question, entry.entryId);
    assert.equal(chosen.body.outcome, 'answer');
    assert.equal(chosen.body.answer.entryId, entry.entryId);
    assert.equal(chosen.body.seq, 2);
  });

  test('two suggestions that read the same say whose they are (the province\'s and the city\'s matter)', async () => {
    const name = '律师事务所设立许可';
    const civil = await createMatter(s.ctx, { code: 'LS-SAME-1', name, departmentId: units.civil });
    const other = await createMatter(s.ctx, { code: 'LS-SAME-2', name, departmentId: units.other });
    const token = await citizen();
    const { sessionId } = await start(token);
    const res = await ask(token, sessionId, name);
    assert.equal(res.body.outcome, 'suggest', 'identical titles are a tie: offered, not answered at random');
    const byId = new Map(res.body.suggestions.map((x: { entryId: string }) => [x.entryId, x]));
    assert.deepEqual(byId.get(`matter:${civil}`), { entryId: `matter:${civil}`, question: name, department: s.ctx.org.get(units.civil)!.name });
    assert.deepEqual(byId.get(`matter:${other}`), { entryId: `matter:${other}`, question: name, department: s.ctx.org.get(units.other)!.name });
    for (const x of res.body.suggestions as { question: string; department?: string }[]) {
      if (x.question !== name) assert.equal(x.department, undefined, 'a suggestion with its own wording needs no department');
    }
    const transcript = await call(token, 'GET', `/api/assistant/sessions/${sessionId}`);
    assert.deepEqual(transcript.body.turns[0].suggestions, res.body.suggestions, 'the same labels when the chat is reopened');
  });

  test('a question nobody can answer says so honestly, offers a human and becomes one gap that counts repeats', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.disability });
    const question = '我家的猫不吃饭怎么办';
    const first = await ask(token, sessionId, question);
    assert.equal(first.body.outcome, 'none');
    assert.equal(first.body.offerHuman, true);
    assert.match(first.body.reply, /暂时还答不上来/);
    let gaps = await gapsFor(question);
    assert.equal(gaps.length, 1);
    assert.deepEqual([gaps[0]!.source, gaps[0]!.occurrences, gaps[0]!.department_id, gaps[0]!.matter_id, gaps[0]!.first_session_id], ['no_match', 1, units.civil, ids.disability, sessionId]);
    await ask(token, sessionId, question);
    gaps = await gapsFor(question);
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0]!.occurrences, 2);
  });

  test('a double tap: asks sent at once in one session each get their own next seq, and each counts', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    // On PostgreSQL these run on separate connections at the same time and race for the same next seq.
    const replies = await Promise.all(Array.from({ length: 6 }, () => ask(token, sessionId, '宝宝刚出生怎么上户口')));
    assert.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
    assert.deepEqual(replies.map((r) => r.body.seq as number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
    const session = await s.ctx.db.selectFrom('assistant_sessions').select('question_count').where('id', '=', sessionId).executeTakeFirstOrThrow();
    assert.equal(session.question_count, 6);
    const turns = await s.ctx.db.selectFrom('assistant_turns').select('seq').where('session_id', '=', sessionId).orderBy('seq').execute();
    assert.deepEqual(turns.map((t) => t.seq), [1, 2, 3, 4, 5, 6]);
  });
});
