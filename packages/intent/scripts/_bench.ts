import { readJsonl } from '../src/data.ts';
import { extractFeatures, DEFAULT_FEATURES } from '../src/tokenize.ts';
import { Vectorizer } from '../src/vectorizer.ts';
const rows = readJsonl('packages/intent/data/intent.dev.jsonl');
const docs = rows.map(r => extractFeatures(r.text, DEFAULT_FEATURES));
const v = Vectorizer.fit(docs, DEFAULT_FEATURES, { minDf: 2, sublinearTf: true, useIdf: true });
const X = docs.map(d => v.transform(d));
const K = 3; const params = new Float64Array(v.size * 3 + 3); const grad = new Float64Array(params.length);
for (let i = 0; i < params.length; i++) params[i] = Math.sin(i) * 0.01;
let t0 = performance.now();
for (let rep = 0; rep < 5; rep++) {
  let s = 0;
  for (const x of X) for (let j = 0; j < x.idx.length; j++) { const b = x.idx[j]! * K; const vv = x.val[j]!; for (let k = 0; k < K; k++) { s += vv * params[b + k]!; grad[b + k] += vv; } }
}
console.log('fwd+grad per pass ms', (performance.now() - t0) / 5);
t0 = performance.now();
for (let rep = 0; rep < 5; rep++) { grad.fill(0); let r = 0; for (let i = 0; i < params.length; i++) { r += params[i]! * params[i]!; grad[i] += 1e-4 * params[i]!; } }
console.log('reg pass ms', (performance.now() - t0) / 5);
// remap by frequency
const cnt = new Int32Array(v.size); for (const x of X) for (const i of x.idx) cnt[i]!++;
const order = Array.from({ length: v.size }, (_, i) => i).sort((a, b) => cnt[b]! - cnt[a]! || a - b);
const rank = new Int32Array(v.size); order.forEach((o, r) => rank[o] = r);
const X2 = X.map(x => { const pairs = Array.from(x.idx, (i, j) => [rank[i]!, x.val[j]!] as [number, number]).sort((a, b) => a[0] - b[0]); return { idx: Int32Array.from(pairs, p => p[0]), val: Float32Array.from(pairs, p => p[1]) }; });
t0 = performance.now();
for (let rep = 0; rep < 5; rep++) {
  let s = 0;
  for (const x of X2) for (let j = 0; j < x.idx.length; j++) { const b = x.idx[j]! * K; const vv = x.val[j]!; for (let k = 0; k < K; k++) { s += vv * params[b + k]!; grad[b + k] += vv; } }
}
console.log('remapped fwd+grad per pass ms', (performance.now() - t0) / 5);
