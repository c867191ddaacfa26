import { performance } from 'node:perf_hooks';
import { loadDevSets } from './lib/harness.ts';
import { createRetriever } from '../src/retriever.ts';
const [s] = loadDevSets([process.argv[2]!]);
const r = createRetriever(s!.kb);
for (let pass = 0; pass < 2; pass++) {
  const t: [number, string][] = s!.queries.map((q) => { const a = performance.now(); r.search(q.query); return [performance.now() - a, q.query]; });
  t.sort((a, b) => b[0] - a[0]);
  console.log(pass, t.slice(0, 8).map(([ms, q]) => `${ms.toFixed(2)} ${q.slice(0, 20)}`).join(' | '), 'p99', t[Math.floor(t.length / 100)]![0].toFixed(2));
}
