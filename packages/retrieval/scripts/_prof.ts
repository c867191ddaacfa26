import { performance } from 'node:perf_hooks';
import { loadDevSets } from './lib/harness.ts';
import { createRetriever } from '../src/retriever.ts';
const [s] = loadDevSets([process.argv[2]!]);
const r = createRetriever(s!.kb);
const t0 = performance.now();
for (let pass = 0; pass < 5; pass++) for (const q of s!.queries) r.search(q.query);
console.log('mean ms', ((performance.now() - t0) / 5 / s!.queries.length).toFixed(3));
