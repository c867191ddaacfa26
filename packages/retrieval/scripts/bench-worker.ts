// One engine per process so heap/RSS figures are not polluted by the other engine.
// Usage: node --expose-gc --import tsx bench-worker.ts engine|baseline N
import { performance } from 'node:perf_hooks';
import { Bm25Baseline } from '../src/bm25-baseline.ts';
import { createRetriever, warmUpQueries } from '../src/retriever.ts';
import { loadDevSets } from './lib/harness.ts';
import { syntheticKb } from './lib/synthetic-kb.ts';

const kind = process.argv[2] === 'baseline' ? 'baseline' : 'engine';
const n = Number(process.argv[3] ?? 100_000);
const sets = loadDevSets();
const kb = syntheticKb(sets.flatMap((s) => s.kb), n);
const queries = sets.flatMap((s) => s.queries.map((q) => q.query));
const gc = (globalThis as { gc?: () => void }).gc;

gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const search: (q: string) => unknown =
  kind === 'baseline'
    ? ((b) => (q: string) => b.search(q, 5))(new Bm25Baseline(kb))
    : ((r) => (q: string) => r.search(q))(createRetriever(kb));
const buildMs = performance.now() - t0;
gc?.();
const after = process.memoryUsage();

// Warm-up as the server does after an index load (pieces of the KB's own texts), after the GC.
for (const q of warmUpQueries(kb.map((entry) => ({ entry })), 1500)) search(q);
const times = queries.map((q) => {
  const t = performance.now();
  search(q);
  return performance.now() - t;
});
times.sort((a, b) => a - b);
const q = (p: number): number => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]! * 1000) / 1000;
const mb = (x: number): number => Math.round(x / 1048576);
console.log(
  JSON.stringify({
    engine: kind,
    entries: kb.length,
    queries: times.length,
    build_s: Math.round(buildMs / 100) / 10,
    heap_mb: mb(after.heapUsed - before.heapUsed),
    rss_mb: mb(after.rss),
    p50_ms: q(0.5),
    p99_ms: q(0.99),
    mean_ms: Math.round((times.reduce((s, t) => s + t, 0) / times.length) * 1000) / 1000,
  }),
);
