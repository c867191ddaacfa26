import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';
import { createMatter, publishEntry } from './support/kb-factory.ts';

// Sessions start at 10:00 Shanghai time on Tuesday 2026-03-03.
const DAY = new Date('2026-03-03T02:00:00Z');
const clock = fixedClock(DAY);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let coordinator: Caller;
const entries = {} as Record<'newborn' | 'residence' | 'elderly' | 'care', string>;
const QUESTIONS: Record<keyof typeof entries, string> = {
  newborn: '新生儿怎么办理户口登记？',
  residence: '居住证到期了怎么续签？',
  elderly: '高龄老人津贴怎么申请？',
  care: '养老服务补贴怎么申请？',
};
let disability: string;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  coordinator = await s.as('coordinator', units.office);
  disability = await createMatter(s.ctx, { code: unique('CJ-'), name: '残疾人两项补贴申领', departmentId: units.civil });
  entries.newborn = await publishEntry(s.ctx, { question: QUESTIONS.newborn, answer: '到派出所办理。', departmentId: units.other });
  entries.residence = await publishEntry(s.ctx, { question: QUESTIONS.residence, answer: '到社区事务受理服务中心签注。', departmentId: units.other });
  entries.elderly = await publishEntry(s.ctx, { question: QUESTIONS.elderly, answer: '到社区事务受理服务中心申请。', departmentId: units.civil });
  entries.care = await publishEntry(s.ctx, { question: QUESTIONS.care, answer: '经评估符合条件的可以申请。', departmentId: units.civil });
});
after(() => s.close());

async function call(token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await s.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload && { payload }) });
  return res.body ? res.json() : undefined;
}

/** A citizen's session; `asks` are entry keys (answered directly, as a clicked suggestion) or free text. */
async function session(opts: { matterId?: string; asks?: (keyof typeof entries | { text: string })[]; feedback?: 'solved' | 'not_solved'; human?: boolean; end?: boolean }) {
  const token = (await s.app.inject({ method: 'POST', url: '/api/citizen/session' })).json().token as string;
  const { sessionId } = await call(token, 'POST', '/api/assistant/sessions', { channel: 'page', ...(opts.matterId && { matterId: opts.matterId }) });
  let lastTurn: string | undefined;
  for (const a of opts.asks ?? []) {
    const body = typeof a === 'string' ? { question: QUESTIONS[a], entryId: entries[a] } : { question: a.text };
    const reply = await call(token, 'POST', `/api/assistant/sessions/${sessionId}/ask`, body);
    if (typeof a === 'string') assert.equal(reply.outcome, 'answer');
    lastTurn = reply.turnId;
  }
  if (opts.feedback) await call(token, 'POST', `/api/assistant/turns/${lastTurn}/feedback`, { feedback: opts.feedback });
  if (opts.human) await call(token, 'POST', '/api/conversations', { assistantSessionId: sessionId });
  if (opts.end) await call(token, 'POST', `/api/assistant/sessions/${sessionId}/end`);
  return sessionId;
}

const metrics = (caller: Caller, query: string) => caller.get(`/api/assistant/metrics?${query}`);
const name = (id: string) => s.ctx.org.get(id)!.name;

describe('assistant resolution rate (DOMAIN.md)', () => {
  before(async () => {
    await session({ asks: ['newborn'], feedback: 'solved' }); // explicit
    await session({ matterId: disability, asks: ['elderly'], feedback: 'solved' }); // explicit
    await session({ asks: ['residence'], end: true }); // implicit: ended, no human, no "not solved"
    await session({ asks: ['care'], feedback: 'not_solved' }); // not resolved
    await session({ asks: [{ text: '我家的猫不吃饭怎么办' }, { text: '我家的猫不吃饭怎么办？' }, 'newborn'], human: true }); // not resolved
    await session({ asks: [{ text: '你好' }] }); // small talk only: no question
    await session({}); // opened and left
    clock.set(new Date('2026-03-03T02:10:00Z'));
  });

  test('5 sessions with questions: 2 said solved, 1 ended quietly, 1 not solved, 1 asked for a human → 60.0, explicit 40.0', async () => {
    const res = await metrics(coordinator, 'from=2026-03-03&to=2026-03-03');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.overall, {
      sessions: 5,
      resolved: 3,
      resolvedExplicit: 2,
      rate: 60,
      explicitRate: 40,
      humanRequested: 1,
      notSolved: 1,
      questions: 7,
      answered: 5,
    });
    assert.equal(res.body.target, 50);
  });

  test('by department of the answering entry; by matter of the page, else "未关联事项"', async () => {
    const { body } = await metrics(coordinator, 'from=2026-03-03&to=2026-03-03');
    assert.deepEqual(body.byDepartment, [
      { id: units.other, name: name(units.other), sessions: 3, resolved: 2, resolvedExplicit: 1, rate: 66.7, explicitRate: 33.3 },
      { id: units.civil, name: name(units.civil), sessions: 2, resolved: 1, resolvedExplicit: 1, rate: 50, explicitRate: 50 },
    ]);
    assert.deepEqual(body.byMatter, [
      { id: null, name: '未关联事项', sessions: 4, resolved: 2, resolvedExplicit: 1, rate: 50, explicitRate: 25 },
      { id: disability, name: '残疾人两项补贴申领', sessions: 1, resolved: 1, resolvedExplicit: 1, rate: 100, explicitRate: 100 },
    ]);
  });

  test('top unanswered questions come from the gaps, most asked first', async () => {
    const { body } = await metrics(coordinator, 'from=2026-03-03&to=2026-03-03');
    assert.deepEqual(
      body.topUnanswered.map((g: { question: string; occurrences: number; status: string }) => [g.question, g.occurrences, g.status]),
      [
        ['我家的猫不吃饭怎么办', 2, 'open'],
        ['养老服务补贴怎么申请？', 1, 'open'],
      ],
    );
    assert.equal(body.topUnanswered[1].department, name(units.civil));
  });

  test("a department's own staff see their department only; another department is out of their scope", async () => {
    const kb = await s.as('kb_operator', units.civil);
    const own = await metrics(kb, 'from=2026-03-03&to=2026-03-03');
    assert.equal(own.status, 200);
    assert.deepEqual([own.body.overall.sessions, own.body.overall.resolved, own.body.overall.resolvedExplicit, own.body.overall.rate], [2, 1, 1, 50]);
    assert.deepEqual(own.body.byDepartment.map((d: { id: string }) => d.id), [units.civil]);
    assert.ok(own.body.topUnanswered.every((g: { department: string }) => g.department === name(units.civil)));
    const other = await metrics(kb, `from=2026-03-03&to=2026-03-03&departmentId=${units.other}`);
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'OUT_OF_SCOPE');
    const picked = await metrics(coordinator, `from=2026-03-03&to=2026-03-03&departmentId=${units.other}`);
    assert.deepEqual([picked.body.overall.sessions, picked.body.overall.rate, picked.body.overall.explicitRate], [3, 66.7, 33.3]);
    const agent = await s.as('agent', units.group);
    assert.equal((await metrics(agent, 'from=2026-03-03&to=2026-03-03')).body.error.code, 'FORBIDDEN');
  });

  test('dates are Shanghai calendar dates; bad ranges are refused', async () => {
    clock.set(new Date('2026-03-03T16:30:00Z')); // 00:30 on 2026-03-04 in Shanghai
    await session({ asks: ['newborn'], feedback: 'solved' });
    coordinator = await s.as('coordinator', units.office); // the staff session idled out while the clock moved
    assert.equal((await metrics(coordinator, 'from=2026-03-03&to=2026-03-03')).body.overall.sessions, 5);
    assert.equal((await metrics(coordinator, 'from=2026-03-04&to=2026-03-04')).body.overall.sessions, 1);
    assert.equal((await metrics(coordinator, 'from=2026-03-01&to=2026-03-31')).body.overall.sessions, 6);
    const reversed = await metrics(coordinator, 'from=2026-03-05&to=2026-03-01');
    assert.equal(reversed.status, 400);
    assert.equal(reversed.body.error.code, 'VALIDATION_FAILED');
    assert.equal((await metrics(coordinator, 'from=2026-3-1&to=2026-03-31')).body.error.code, 'VALIDATION_FAILED');
    const empty = await metrics(coordinator, 'from=2025-01-01&to=2025-01-31');
    assert.deepEqual([empty.body.overall.sessions, empty.body.overall.rate], [0, null]);
  });

  test('a session left idle for 30 minutes counts as ended: resolved unless the citizen said otherwise', async () => {
    clock.set(new Date('2026-03-05T02:00:00Z'));
    await session({ asks: ['residence'] });
    coordinator = await s.as('coordinator', units.office);
    clock.set(new Date('2026-03-05T02:29:00Z'));
    assert.deepEqual((await metrics(coordinator, 'from=2026-03-05&to=2026-03-05')).body.overall.resolved, 0);
    clock.set(new Date('2026-03-05T02:30:00Z'));
    const later = (await metrics(coordinator, 'from=2026-03-05&to=2026-03-05')).body.overall;
    assert.deepEqual([later.sessions, later.resolved, later.resolvedExplicit, later.rate], [1, 1, 0, 100]);
  });
});
