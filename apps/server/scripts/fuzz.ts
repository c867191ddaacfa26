// npm run fuzz — the longer run of the API fuzzer (apps/server/test/support/fuzz.ts; the suite runs a short,
// seeded one in apps/server/test/fuzz.test.ts). The app is built in-process on a fresh in-memory PGlite (or a
// fresh schema on TEST_DATABASE_URL), every operation of its OpenAPI document is driven with malformed input as
// every kind of caller, and each answer is judged: 5xx, a 4xx outside {error:{code,message}}, or a zh-CN
// message with English words. Progress and the first failures go to stderr; the last stdout line is
// {"requests","status_5xx","bad_shape","english","by_status","operations","callers","seed"}.
//
// Settings (environment): FUZZ_SEED (a number; random when unset, printed either way), FUZZ_RUNS (20000).
// Exits 1 when any request failed.
import { runFuzz, startFuzzWorld } from '../test/support/fuzz.ts';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 20_000;
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) {
  console.error('FUZZ_SEED and FUZZ_RUNS must be integers (FUZZ_RUNS ≥ 1)');
  process.exit(2);
}

const started = Date.now();
const world = await startFuzzWorld();
console.error(`fuzz: seed ${seed}, ${runs} requests over ${world.operations.length} operations × ${world.callers.length} callers`);
const report = await runFuzz(world, { seed, runs, onProgress: (n) => console.error(`  ${n} requests, ${((Date.now() - started) / 1000).toFixed(0)} s`) });
await world.s.close();
for (const f of report.failures.slice(0, 20)) console.error(`FAIL ${f.problem} ${f.status} ${f.caller} ${f.method} ${f.url} ${f.detail ?? ''}${f.payload ? ` payload ${JSON.stringify(f.payload)}` : ''}`);
const { failures, ...figures } = report;
console.log(JSON.stringify({ ...figures, seconds: Math.round((Date.now() - started) / 1000) }));
process.exitCode = failures.length > 0 ? 1 : 0;
