import { readJsonl } from '/work/main/packages/intent/src/data.ts';
import { extractFeatures, DEFAULT_FEATURES } from '/work/main/packages/intent/src/tokenize.ts';
import { Vectorizer } from '/work/main/packages/intent/src/vectorizer.ts';
import { minimize } from '/work/main/packages/intent/src/lbfgs.ts';
const rows = readJsonl('/work/main/packages/intent/data/intent.dev.jsonl');
let t0 = performance.now();
const docs = rows.map(r => extractFeatures(r.text, DEFAULT_FEATURES));
console.log('extract', performance.now() - t0, docs.reduce((a, d) => a + d.length, 0) / docs.length);
for (const minDf of [1, 2, 3, 5]) {
  const v = Vectorizer.fit(docs, DEFAULT_FEATURES, { minDf, sublinearTf: true, useIdf: true });
  const X = docs.map(d => v.transform(d));
  console.log('minDf', minDf, 'vocab', v.size, 'nnz/doc', X.reduce((a, x) => a + x.idx.length, 0) / X.length);
}
import { MODEL_LABELS } from '/work/main/packages/intent/src/labels.ts';
const v = Vectorizer.fit(docs, DEFAULT_FEATURES, { minDf: 2, sublinearTf: true, useIdf: true });
const X = docs.map(d => v.transform(d));
const y = rows.map(r => MODEL_LABELS.indexOf(r.label));
import { trainSoftmax } from '/work/main/packages/intent/src/softmax-regression.ts';
for (const tol of [1e-4, 1e-5, 1e-6]) {
  t0 = performance.now();
  let evals = 0;
  const m = trainSoftmax(X, y, 3, v.size, { l2: 1e-4, lbfgs: { maxIter: 300, tol, memory: 8 } });
  console.log('tol', tol, 'ms', performance.now() - t0);
}
