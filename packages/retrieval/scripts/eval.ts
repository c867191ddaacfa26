// npm run eval -- --kb KB.jsonl --queries Q.jsonl [--baseline]
// Builds the index exactly as the product does and sends every query through the product's
// own decision. The last stdout line is the JSON report.
import { performance } from 'node:perf_hooks';
import { Bm25Baseline } from '../src/bm25-baseline.ts';
import { createRetriever } from '../src/retriever.ts';
import type { Decision } from '../src/types.ts';
import { argValue, type EvalQuery, readJsonl, readKb } from './lib/jsonl.ts';
import { type QueryOutcome, summarize } from './lib/metrics.ts';

const kb = readKb(argValue('kb'));
const queries = readJsonl<EvalQuery>(argValue('queries'));
const baseline = process.argv.includes('--baseline');

const t0 = performance.now();
const search: (q: string) => { ranked: string[]; decision: Decision } = baseline
  ? ((b) => (q: string) => {
      const hits = b.search(q, 10);
      const top = hits[0];
      return { ranked: hits.map((h) => h.entryId), decision: top ? { kind: 'answer', entryId: top.entryId, confidence: 1 } : { kind: 'none' } };
    })(new Bm25Baseline(kb))
  : ((r) => (q: string) => {
      const res = r.search(q, { limit: 10 });
      return { ranked: res.candidates.map((c) => c.entryId), decision: res.decision };
    })(createRetriever(kb));
const buildMs = performance.now() - t0;

// Warm-up so JIT compilation is not billed to the first queries.
for (const q of queries.slice(0, 50)) search(q.query);

const outcomes: QueryOutcome[] = queries.map((query) => {
  const t = performance.now();
  const { ranked, decision } = search(query.query);
  return { query, ranked, decision, ms: performance.now() - t };
});

console.error(`${baseline ? 'bm25 baseline' : 'retriever'}: ${kb.length} entries built in ${buildMs.toFixed(0)} ms`);
console.log(JSON.stringify(summarize(outcomes)));
