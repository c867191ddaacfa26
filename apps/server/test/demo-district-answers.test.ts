import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoDistrict } from '../src/seed/demo-district.ts';
import { runDemoEval, type DemoEvalResult } from '../scripts/eval-demo/run.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

// Issue 11's target for the demo district: citizens' everyday questions reach the right service first, and
// 小申 seldom answers confidently with the wrong one, on the questions the KB's author never saw: the heldout
// batch of seed/everyday-questions.jsonl (written before the KB entries) and seed/everyday-questions-fresh.jsonl
// (written later, blind, from the topic list alone). The dev batch was used for tuning and is not judged. Same seed as `npm start`, same
// HTTP ask path as the widget; `npm run eval:demo` prints the misses.
const RIGHT_FIRST_TARGET = 0.9;
const CONFIDENT_WRONG_LIMIT = 0.05;

let s: TestServer;
let result: DemoEvalResult;

before(async () => {
  s = await startTestServer();
  s.ctx.knowledge.pause();
  await seedDemoDistrict(s.ctx, 'Demo-pass-2026');
  await s.ctx.knowledge.resume();
  result = await runDemoEval(s.app, s.ctx);
});
after(() => s.close());

const misses = () =>
  result.asked
    .filter((a) => a.question.batch !== 'dev' && (!a.right || a.confidentWrong))
    .map((a) => `${a.question.expect}: ${a.question.q} → ${a.got}`)
    .join('\n');

describe('the demo district answers everyday questions', () => {
  test('every question was asked, in every batch', () => {
    assert.equal(result.overall.questions, result.dev.questions + result.heldout.questions + result.fresh.questions);
    assert.equal(result.blind.questions, result.heldout.questions + result.fresh.questions);
    assert.ok(result.heldout.questions >= 180, `heldout batch has ${result.heldout.questions} questions`);
    assert.ok(result.fresh.questions >= 120, `fresh batch has ${result.fresh.questions} questions`);
  });

  test(`unseen questions: at least ${RIGHT_FIRST_TARGET * 100}% reach the right service first`, () => {
    assert.ok(result.blind.right_first_rate >= RIGHT_FIRST_TARGET, `right first ${result.blind.right_first}/${result.blind.questions}; misses:\n${misses()}`);
  });

  test(`unseen questions: at most ${CONFIDENT_WRONG_LIMIT * 100}% answered confidently with the wrong entry`, () => {
    assert.ok(
      result.blind.confident_wrong_rate <= CONFIDENT_WRONG_LIMIT,
      `confident wrong ${result.blind.confident_wrong}/${result.blind.questions}; misses:\n${misses()}`,
    );
  });
});
