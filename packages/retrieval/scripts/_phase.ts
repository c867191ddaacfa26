import { performance } from 'node:perf_hooks';
import { loadDevSets } from './lib/harness.ts';
import { createRetriever } from '../src/retriever.ts';
import { planQuery } from '../src/query-plan.ts';
import { Ranker } from '../src/ranker.ts';
const [s] = loadDevSets([process.argv[2]!]);
const r = createRetriever(s!.kb) as any;
const tok = r.tokenizer, cfg = r.ranking; const ranker: Ranker = r.ranker;
let tp = 0, tr = 0, ts = 0, nterms = 0;
for (let pass = 0; pass < 5; pass++) for (const q of s!.queries) {
  let a = performance.now(); const plan = planQuery(q.query, tok, cfg); tp += performance.now() - a; nterms += plan.terms.length;
  a = performance.now(); ranker.rank(plan, null); tr += performance.now() - a;
  a = performance.now(); r.search(q.query); ts += performance.now() - a;
}
const n = 5 * s!.queries.length;
console.log({ plan: (tp / n).toFixed(3), rank: (tr / n).toFixed(3), search: (ts / n).toFixed(3), terms: (nterms / n).toFixed(1) });
