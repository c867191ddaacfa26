// npm run eval:demo — the demo district's everyday questions (apps/server/seed/everyday-questions.jsonl) asked of
// 小申 on a fresh database seeded as `npm start` seeds it (in-memory PGlite; TEST_DATABASE_URL for PostgreSQL).
// Prints the misses, the figures per batch, and last one JSON line:
// {"questions","right_first","confident_wrong","right_first_rate","confident_wrong_rate","dev":{…},"heldout":{…},"fresh":{…},"blind":{…}} (blind = heldout + fresh)..
// "Right first": 小申's answer, or when it only suggests its first suggestion, is entry demo-<topic> (for a
// question with no topic: the right behaviour — "没看懂", English notice, 12345, the help entries).
// "Confident wrong": 小申 answered (not merely suggested) with another entry.
import { startTestServer } from '../test/support/harness.ts';
import { seedDemoDistrict } from '../src/seed/demo-district.ts';
import { runDemoEval, type Tally } from './eval-demo/run.ts';

const s = await startTestServer();
try {
  const seeding = Date.now();
  s.ctx.knowledge.pause();
  await seedDemoDistrict(s.ctx, 'Demo-pass-2026');
  await s.ctx.knowledge.resume();
  console.error(`seeded the demo district in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
  const result = await runDemoEval(s.app, s.ctx);
  const misses = result.asked.filter((a) => !a.right || a.confidentWrong);
  misses.sort((a, b) => a.question.expect.localeCompare(b.question.expect));
  console.log(`misses (${misses.length}):`);
  for (const m of misses) {
    console.log(`  ${m.confidentWrong ? '✗!' : '✗ '} [${m.question.batch}] ${m.question.expect.padEnd(20)} ${m.question.q}  →  ${m.got}`);
  }
  const line = (name: string, t: Tally) =>
    console.log(`${name.padEnd(8)} ${t.questions} questions: right first ${t.right_first} (${(t.right_first_rate * 100).toFixed(1)}%), confident wrong ${t.confident_wrong} (${(t.confident_wrong_rate * 100).toFixed(1)}%)`);
  line('dev', result.dev);
  line('heldout', result.heldout);
  line('fresh', result.fresh);
  line('blind', result.blind);
  line('overall', result.overall);
  console.log(JSON.stringify({ ...result.overall, dev: result.dev, heldout: result.heldout, fresh: result.fresh, blind: result.blind }));
} finally {
  await s.close();
}
