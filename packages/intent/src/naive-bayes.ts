import type { SparseVec } from './vectorizer.ts';
import type { LinearModel } from './softmax-regression.ts';

/**
 * Multinomial naive Bayes on the (TF-IDF) vectors, expressed as a LinearModel so it can be scored,
 * serialised and blended with logistic regression through the same code path.
 */
export function trainNaiveBayes(X: SparseVec[], y: number[], classes: number, dim: number, alpha = 0.1): LinearModel {
  const K = classes;
  const mass = new Float64Array(dim * K);
  const total = new Float64Array(K);
  const docs = new Float64Array(K);
  X.forEach((x, i) => {
    const k = y[i] as number;
    docs[k] = (docs[k] as number) + 1;
    for (let j = 0; j < x.idx.length; j++) {
      const v = x.val[j] as number;
      const at = (x.idx[j] as number) * K + k;
      mass[at] = (mass[at] as number) + v;
      total[k] = (total[k] as number) + v;
    }
  });
  const weights = new Float64Array(dim * K);
  for (let k = 0; k < K; k++) {
    const denom = Math.log((total[k] as number) + alpha * dim);
    for (let f = 0; f < dim; f++) weights[f * K + k] = Math.log((mass[f * K + k] as number) + alpha) - denom;
  }
  const n = X.length;
  const bias = Array.from(docs, (d) => Math.log((d + 1) / (n + K)));
  return { classes: K, dim, weights, bias };
}
