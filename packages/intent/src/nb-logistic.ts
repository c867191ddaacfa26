import { DEFAULT_LBFGS, type LbfgsOptions } from './lbfgs.ts';
import { trainSoftmax, type LinearModel } from './softmax-regression.ts';
import type { SparseVec } from './vectorizer.ts';

export interface NbLogisticOptions {
  /** L2 strength of each one-vs-rest logistic regression (mean-loss scale). */
  l2: number;
  /** Additive smoothing of the per-class feature counts behind the log-count ratios. */
  alpha: number;
  lbfgs: LbfgsOptions;
}

export const DEFAULT_NB_LOGISTIC: NbLogisticOptions = { l2: 1e-4, alpha: 1, lbfgs: DEFAULT_LBFGS };

/**
 * NB-weighted logistic regression ("NBSVM" with a logistic loss; Wang & Manning 2012), one-vs-rest.
 * For each class k the features are scaled by the naive-Bayes log-count ratio
 * r_k = log(p_k / |p_k|) - log(q_k / |q_k|) (p: document counts in class k, q: in the other classes),
 * then a binary logistic regression is fitted on x ⊙ r_k. Because scaling is per feature, the result
 * folds back into one linear model on x: weight[f][k] = r_k[f] · w_k[f], bias[k] = the binary bias.
 * Scores are the one-vs-rest margins; softmax over them gives the class distribution.
 */
export function trainNbLogistic(X: SparseVec[], y: number[], classes: number, dim: number, opts: NbLogisticOptions = DEFAULT_NB_LOGISTIC): LinearModel {
  const K = classes;
  const weights = new Float64Array(dim * K);
  const bias = new Array<number>(K).fill(0);
  for (let k = 0; k < K; k++) {
    const p = new Float64Array(dim).fill(opts.alpha);
    const q = new Float64Array(dim).fill(opts.alpha);
    X.forEach((x, i) => {
      const counts = y[i] === k ? p : q;
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        if ((x.val[j] as number) > 0) counts[f] = (counts[f] as number) + 1;
      }
    });
    let sp = 0;
    let sq = 0;
    for (let f = 0; f < dim; f++) {
      sp += p[f] as number;
      sq += q[f] as number;
    }
    const r = new Float64Array(dim);
    for (let f = 0; f < dim; f++) r[f] = Math.log((p[f] as number) / sp) - Math.log((q[f] as number) / sq);
    const scaled = X.map((x) => {
      const val = new Float32Array(x.val.length);
      for (let j = 0; j < val.length; j++) val[j] = (x.val[j] as number) * (r[x.idx[j] as number] as number);
      return { idx: x.idx, val };
    });
    // A two-class softmax is a logistic regression; its margin is w1 - w0.
    const m = trainSoftmax(scaled, y.map((c) => (c === k ? 1 : 0)), 2, dim, { l2: opts.l2, lbfgs: opts.lbfgs });
    const w = m.weights;
    for (let f = 0; f < dim; f++) weights[f * K + k] = (r[f] as number) * ((w[f * 2 + 1] as number) - (w[f * 2] as number));
    bias[k] = (m.bias[1] as number) - (m.bias[0] as number);
  }
  return { classes: K, dim, weights, bias };
}
