import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, unique, type TestServer } from './support/harness.ts';
import { createMatter, publishEntry } from './support/kb-factory.ts';

// Tuesday 2026-03-03 10:00 in Shanghai: a working day, inside working hours.
const WORKING_MORNING = new Date('2026-03-03T02:00:00Z');
const clock = fixedClock(WORKING_MORNING);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
const ids = {} as Record<'disability' | 'pension' | 'newborn' | 'residence' | 'elderly' | 'care', string>;
let disabilityCode: string;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  // The civil affairs bureau's own help group, with hours of its own.
  await s.ctx.db
    .insertInto('org_units')
    .values({ parent_id: units.civil, kind: 'agent_group', name: unique('民政帮办组'), tags: '[]', working_hours: JSON.stringify({ periods: [{ start: '08:30', end: '11:30' }, { start: '13:00', end: '17:00' }] }) })
    .execute();
  await s.ctx.org.reload();
  disabilityCode = unique('CJ-');
  ids.disability = await createMatter(s.ctx, { code: disabilityCode, name: '残疾人两项补贴申领', departmentId: units.civil, location: '居住地社区事务受理服务中心', promisedTimeLimit: '20个工作日', materials: ['身份证', '残疾人证'], consultPhone: '021-12345678' });
  ids.pension = await createMatter(s.ctx, { code: unique('YL-'), name: '城乡居民基本养老保险参保登记', departmentId: units.other });
  ids.residence = await publishEntry(s.ctx, { question: '居住证到期了怎么续签？', similar: ['居住证过期怎么办'], answer: '有效期满前30日内，持**身份证**到社区事务受理服务中心签注。', departmentId: units.other });
  ids.newborn = await publishEntry(s.ctx, {
    question: '新生儿怎么办理户口登记？',
    similar: ['宝宝出生后怎么上户口', '小孩落户要带什么材料'],
    answer: '出生一个月内，由父母持**出生医学证明**、户口簿到派出所办理。',
    departmentId: units.other,
    related: [ids.residence],
  });
  ids.elderly = await publishEntry(s.ctx, { question: '高龄老人津贴怎么申请？', similar: ['老年人补贴在哪里领'], answer: '年满80周岁的老人，可到社区事务受理服务中心申请。', departmentId: units.civil });
  ids.care = await publishEntry(s.ctx, { question: '养老服务补贴怎么申请？', answer: '经评估符合条件的老人，可申请养老服务补贴。', departmentId: units.civil });
});
after(() => s.close());

async function citizen(): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url: '/api/citizen/session' });
  return res.json().token;
}
async function call(token: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await s.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload && { payload }) });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}
async function start(token: string, extra: object = {}) {
  const res = await call(token, 'POST', '/api/assistant/sessions', { channel: 'widget', ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
const ask = (token: string, sessionId: string, question: string, entryId?: string) =>
  call(token, 'POST', `/api/assistant/sessions/${sessionId}/ask`, { question, ...(entryId && { entryId }) });
const gapsFor = (question: string) => s.ctx.db.selectFrom('kb_gaps').selectAll().where('question', '=', question).execute();

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
    assert.equal(turn.intent, 'consult');
    assert.equal(turn.department_id, units.other);
    assert.ok(turn.confidence! > 0.3);
    assert.ok(turn.latency_ms! >= 0);
    assert.equal((turn.candidates[0] as { entryId: string }).entryId, ids.newborn);
  });

  test('an unclear question gets up to three "您是不是想问"; clicking one answers that entry directly', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    const res = await ask(token, sessionId, '补贴');
    assert.equal(res.body.outcome, 'suggest');
    assert.ok(res.body.suggestions.length >= 2 && res.body.suggestions.length <= 3, JSON.stringify(res.body.suggestions));
    const care = res.body.suggestions.find((x: { entryId: string }) => x.entryId === ids.care);
    assert.deepEqual(care, { entryId: ids.care, question: '养老服务补贴怎么申请？' });
    const chosen = await ask(token, sessionId, care.question, care.entryId);
    assert.equal(chosen.body.outcome, 'answer');
    assert.equal(chosen.body.answer.entryId, ids.care);
    assert.equal(chosen.body.seq, 2);
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
});

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

  test('asking for a human during Spring Festival 2026 stores a waiting request and names the next opening exactly', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.disability });
    await ask(token, sessionId, '残疾人补贴怎么领');
    clock.set(new Date('2026-02-20T12:00:00Z')); // Friday 20:00, a Spring Festival holiday
    try {
      const res = await call(token, 'POST', `/api/assistant/sessions/${sessionId}/human`, { contact: '13800138000' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'waiting');
      assert.equal(res.body.humanHelp.availableNow, false);
      assert.equal(res.body.humanHelp.opensAt, '2026-02-24T00:30:00.000Z');
      assert.equal(res.body.humanHelp.opensAtText, '2月24日（星期二）8:30');
      assert.match(res.body.message, /现在不在上班时间（工作日 8:30–11:30、13:00–17:00），下次上班时间：2月24日（星期二）8:30/);
      assert.equal(res.body.leadUnit, s.ctx.org.get(units.civil)!.name);
      assert.ok(!JSON.stringify(res.body).includes('13800138000'), 'the contact never comes back');
      const row = await s.ctx.db.selectFrom('help_requests').selectAll().where('id', '=', res.body.requestId).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.lead_unit_id, row.matter_id, row.question, row.contact], ['waiting', units.civil, ids.disability, '残疾人补贴怎么领', '13800138000']);
      assert.equal(row.opens_at!.toISOString(), '2026-02-24T00:30:00.000Z');
      const audit = await s.ctx.db.selectFrom('audit_events').selectAll().where('subject_id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(audit.action, 'assistant.help_requested');
      assert.ok(!JSON.stringify(audit).includes('13800138000'));
      const transcript = await call(token, 'GET', `/api/assistant/sessions/${sessionId}`);
      assert.equal(transcript.body.humanRequested, true);
    } finally {
      clock.set(WORKING_MORNING);
    }
  });

  test('without a matter, a Saturday-night request uses the default hours; an uncovered year is said plainly', async () => {
    const token = await citizen();
    const { sessionId } = await start(token);
    clock.set(new Date('2026-03-07T14:00:00Z')); // Saturday 22:00
    try {
      const res = await call(token, 'POST', `/api/assistant/sessions/${sessionId}/human`, {});
      assert.equal(res.body.leadUnit, null);
      assert.equal(res.body.humanHelp.opensAtText, '3月9日（星期一）9:00');
      assert.match(res.body.message, /如需工作人员联系您，可以留下联系电话/);
      clock.set(new Date('2027-01-05T02:00:00Z'));
      const status = await call(undefined, 'GET', '/api/assistant/human-help');
      assert.deepEqual(status.body, { availableNow: false, opensAt: '', opensAtText: '2027 年的节假日安排还没有录入，暂时无法确定下次上班时间', hoursText: '工作日 9:00–12:00、13:30–17:30' });
    } finally {
      clock.set(WORKING_MORNING);
    }
  });

  test('the transcript replays every turn after a reload, with answers and feedback; an ended session takes no more questions', async () => {
    const token = await citizen();
    const { sessionId } = await start(token, { matterId: ids.pension });
    const a = await ask(token, sessionId, '宝宝刚出生怎么上户口');
    await ask(token, sessionId, '补贴');
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
      await call(other, 'POST', `/api/assistant/sessions/${sessionId}/human`, {}),
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
