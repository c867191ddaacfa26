import { minimize, DEFAULT_LBFGS, type LbfgsOptions } from './lbfgs.ts';
import type { SparseVec } from './vectorizer.ts';

export interface SoftmaxOptions {
  /** L2 strength on the mean-loss scale (bias not penalised). */
  l2: number;
  lbfgs: LbfgsOptions;
}

export const DEFAULT_SOFTMAX: SoftmaxOptions = { l2: 1e-4, lbfgs: DEFAULT_LBFGS };

/** Linear multinomial model; weights laid out feature-major (w[f * classes + k]) for cache-friendly scoring. */
export interface LinearModel {
  classes: number;
  dim: number;
  weights: Float64Array | Float32Array | number[];
  bias: number[];
}

export function scores(model: LinearModel, x: SparseVec, out = new Float64Array(model.classes)): Float64Array {
  const K = model.classes;
  for (let k = 0; k < K; k++) out[k] = model.bias[k] ?? 0;
  const w = model.weights;
  for (let j = 0; j < x.idx.length; j++) {
    const base = (x.idx[j] as number) * K;
    const v = x.val[j] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + v * (w[base + k] as number);
  }
  return out;
}

export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] as number) - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / sum;
  return z;
}

export function predictProba(model: LinearModel, x: SparseVec): Float64Array {
  return softmaxInPlace(scores(model, x));
}

export function trainSoftmax(X: SparseVec[], y: number[], classes: number, dim: number, opts: SoftmaxOptions = DEFAULT_SOFTMAX): LinearModel {
  const K = classes;
  const nW = dim * K;
  const N = X.length;
  const z = new Float64Array(K);
  const objective = (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < N; i++) {
      const x = X[i] as SparseVec;
      const yi = y[i] as number;
      for (let k = 0; k < K; k++) z[k] = params[nW + k] as number;
      for (let j = 0; j < x.idx.length; j++) {
        const base = (x.idx[j] as number) * K;
        const v = x.val[j] as number;
        for (let k = 0; k < K; k++) z[k] = (z[k] as number) + v * (params[base + k] as number);
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if ((z[k] as number) > max) max = z[k] as number;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp((z[k] as number) - max);
      const logZ = max + Math.log(sum);
      loss += logZ - (z[yi] as number);
      // z now becomes (p - onehot) / N, the gradient of the mean loss w.r.t. the scores.
      for (let k = 0; k < K; k++) z[k] = (Math.exp((z[k] as number) - logZ) - (k === yi ? 1 : 0)) / N;
      for (let j = 0; j < x.idx.length; j++) {
        const base = (x.idx[j] as number) * K;
        const v = x.val[j] as number;
        for (let k = 0; k < K; k++) grad[base + k] = (grad[base + k] as number) + v * (z[k] as number);
      }
      for (let k = 0; k < K; k++) grad[nW + k] = (grad[nW + k] as number) + (z[k] as number);
    }
    let reg = 0;
    for (let i = 0; i < nW; i++) {
      const wi = params[i] as number;
      reg += wi * wi;
      grad[i] = (grad[i] as number) + opts.l2 * wi;
    }
    return loss / N + 0.5 * opts.l2 * reg;
  };
  const { w, iters, loss } = minimize(objective, new Float64Array(nW + K), opts.lbfgs);
  if (process.env.INTENT_DEBUG) console.error(`lbfgs iters ${iters} loss ${loss.toFixed(5)}`);
  return { classes: K, dim, weights: w.slice(0, nW), bias: Array.from(w.slice(nW)) };
}
