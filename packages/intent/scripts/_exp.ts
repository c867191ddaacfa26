// Scratch experiment harness (deleted before commit).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readJsonl, stratifiedFolds } from '../src/data.ts';
import { argmaxLabel } from '../src/cross-validate.ts';
import { computeMetrics } from '../src/metrics.ts';
import { MODEL_LABELS, type ModelLabel } from '../src/labels.ts';
import { normalizeText } from '../src/normalize.ts';
import { cutWords } from '../src/tokenize.ts';
import { trainSoftmax, scores, softmaxInPlace } from '../src/softmax-regression.ts';
import type { SparseVec } from '../src/vectorizer.ts';

const rows = readJsonl(fileURLToPath(new URL('../data/intent.dev.jsonl', import.meta.url)));
const labels = rows.map((r) => r.label);
const y = labels.map((l) => MODEL_LABELS.indexOf(l));
const K = 3;
const N = rows.length;
const norms = rows.map((r) => normalizeText(r.text));
const wordCache = '/tmp/intent_words.json';
let words: string[][];
if (existsSync(wordCache)) words = JSON.parse(readFileSync(wordCache, 'utf8')) as string[][];
else {
  words = norms.map((t) => cutWords(t));
  writeFileSync(wordCache, JSON.stringify(words));
}

export interface FeatOpts {
  words: boolean;
  cmin: number;
  cmax: number;
  wb?: boolean;
  extra?: boolean;
}
export function feats(i: number, o: FeatOpts): string[] {
  const out: string[] = [];
  const w = words[i] as string[];
  if (o.words) for (const t of w) out.push('w:' + t);
  if (o.wb) for (let j = 0; j + 1 < w.length; j++) out.push('b:' + w[j] + '_' + w[j + 1]);
  const chars = Array.from(norms[i] as string);
  for (let n = o.cmin; n <= o.cmax && o.cmin > 0; n++) for (let j = 0; j + n <= chars.length; j++) out.push(chars.slice(j, j + n).join(''));
  if (o.extra) out.push(...extraFeats(norms[i] as string));
  return out;
}

function extraFeats(s: string): string[] {
  const out: string[] = [];
  const len = Array.from(s).length;
  out.push('L:' + (len < 30 ? 0 : len < 60 ? 1 : len < 120 ? 2 : len < 200 ? 3 : 4));
  const q = (s.match(/\?/g) ?? []).length;
  out.push('Q:' + Math.min(q, 3));
  const sents = s.split(/(?<=[。!?;\n])/u).map((x) => x.trim()).filter((x) => x.length > 1);
  const first = sents[0] ?? '';
  const last = sents[sents.length - 1] ?? '';
  const chars = Array.from(first.slice(0, 12));
  for (let j = 0; j + 2 <= chars.length; j++) out.push('H:' + chars[j] + chars[j + 1]);
  const lc = Array.from(last.slice(-14));
  for (let j = 0; j + 2 <= lc.length; j++) out.push('T:' + lc[j] + lc[j + 1]);
  if (last.endsWith('?')) out.push('T:?end');
  return out;
}

export interface VecOpts {
  minDf: number;
  tf: 'sub' | 'bin' | 'raw';
  idf: boolean;
  l2norm: boolean;
}

export function vectorize(docs: string[][], trainIdx: number[], o: VecOpts): { X: SparseVec[]; dim: number } {
  const df = new Map<string, number>();
  for (const i of trainIdx) for (const t of new Set(docs[i])) df.set(t, (df.get(t) ?? 0) + 1);
  const vocab = new Map<string, number>();
  const idf: number[] = [];
  const n = trainIdx.length;
  for (const [t, c] of [...df.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (c < o.minDf) continue;
    vocab.set(t, vocab.size);
    idf.push(o.idf ? Math.log((1 + n) / (1 + c)) + 1 : 1);
  }
  const X = docs.map((d) => {
    const counts = new Map<number, number>();
    for (const t of d) {
      const k = vocab.get(t);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    const idx = Int32Array.from(keys);
    const val = new Float32Array(keys.length);
    let nn = 0;
    keys.forEach((k, j) => {
      const c = counts.get(k) as number;
      const tf = o.tf === 'sub' ? 1 + Math.log(c) : o.tf === 'bin' ? 1 : c;
      val[j] = tf * (idf[k] as number);
      nn += (val[j] as number) ** 2;
    });
    if (o.l2norm && nn > 0) for (let j = 0; j < val.length; j++) val[j] = (val[j] as number) / Math.sqrt(nn);
    return { idx, val };
  });
  return { X, dim: vocab.size };
}

const lbfgs = { maxIter: 200, tol: 1e-4, memory: 8 };

export function fitLR(X: SparseVec[], yy: number[], dim: number, l2: number, k = K) {
  return trainSoftmax(X, yy, k, dim, { l2, lbfgs });
}

/** NB-LR: per class, binary LR on x * r_k, r = log-count ratio. Returns OvR scores (logits). */
export function nblr(X: SparseVec[], trainIdx: number[], testIdx: number[], dim: number, l2: number, alpha = 1, binarizeR = true): Float64Array[] {
  const out = testIdx.map(() => new Float64Array(K));
  for (let k = 0; k < K; k++) {
    const p = new Float64Array(dim).fill(alpha);
    const q = new Float64Array(dim).fill(alpha);
    for (const i of trainIdx) {
      const x = X[i] as SparseVec;
      const tgt = y[i] === k ? p : q;
      for (let j = 0; j < x.idx.length; j++) tgt[x.idx[j] as number] += binarizeR ? 1 : (x.val[j] as number);
    }
    let sp = 0;
    let sq = 0;
    for (let f = 0; f < dim; f++) {
      sp += p[f] as number;
      sq += q[f] as number;
    }
    const r = new Float64Array(dim);
    for (let f = 0; f < dim; f++) r[f] = Math.log((p[f] as number) / sp) - Math.log((q[f] as number) / sq);
    const scale = (x: SparseVec): SparseVec => {
      const val = new Float32Array(x.val.length);
      for (let j = 0; j < val.length; j++) val[j] = (x.val[j] as number) * (r[x.idx[j] as number] as number);
      return { idx: x.idx, val };
    };
    const Xt = trainIdx.map((i) => scale(X[i] as SparseVec));
    const yt = trainIdx.map((i) => (y[i] === k ? 1 : 0));
    const m = fitLR(Xt, yt, dim, l2, 2);
    testIdx.forEach((i, t) => {
      const z = scores(m, scale(X[i] as SparseVec));
      (out[t] as Float64Array)[k] = (z[1] as number) - (z[0] as number);
    });
  }
  return out;
}

export function report(name: string, P: ArrayLike<number>[]) {
  const m = computeMetrics(labels, P.map(argmaxLabel));
  console.log(`${name.padEnd(40)} acc ${m.accuracy.toFixed(2)} F1 ${m.macro_f1.toFixed(2)} cP ${m.complaint_precision.toFixed(2)} cR ${m.complaint_recall.toFixed(2)}`);
  return m;
}

export const folds = stratifiedFolds(labels, 5, Number(process.env.SEED ?? 42));
export function splits(): [number[], number[]][] {
  return [0, 1, 2, 3, 4].map((f) => [folds.flatMap((g, i) => (g === f ? [] : [i])), folds.flatMap((g, i) => (g === f ? [i] : []))]);
}

export function saveOof(name: string, P: Float64Array[]) {
  writeFileSync(`/tmp/oof_${name}${process.env.SEED ? '_s' + process.env.SEED : ''}.json`, JSON.stringify(P.map((p) => Array.from(p))));
}
export function loadOof(name: string): Float64Array[] {
  return (JSON.parse(readFileSync(`/tmp/oof_${name}.json`, 'utf8')) as number[][]).map((a) => Float64Array.from(a));
}

export type Exp = { name: string; f: FeatOpts; v: VecOpts; model: 'lr' | 'nblr' | 'ft'; l2: number; alpha?: number; D?: number; epochs?: number; lr?: number; seed?: number };

import { mulberry32, shuffleInPlace } from '../src/rng.ts';
/** fastText-style: mean of feature embeddings (weights = row values normalised to sum 1), linear softmax, SGD. */
export function ft(X: SparseVec[], trainIdx: number[], testIdx: number[], dim: number, D: number, epochs: number, lr0: number, seed: number): Float64Array[] {
  const rand = mulberry32(seed);
  const E = new Float32Array(dim * D);
  for (let i = 0; i < E.length; i++) E[i] = (rand() * 2 - 1) / D;
  const W = new Float32Array(K * D);
  const b = new Float64Array(K);
  const h = new Float64Array(D);
  const dh = new Float64Array(D);
  const z = new Float64Array(K);
  const forward = (x: SparseVec) => {
    h.fill(0);
    let s = 0;
    for (let j = 0; j < x.val.length; j++) s += x.val[j] as number;
    for (let j = 0; j < x.idx.length; j++) {
      const v = (x.val[j] as number) / (s || 1);
      const base = (x.idx[j] as number) * D;
      for (let d = 0; d < D; d++) h[d] = (h[d] as number) + v * (E[base + d] as number);
    }
    for (let k = 0; k < K; k++) {
      let a = b[k] as number;
      for (let d = 0; d < D; d++) a += (W[k * D + d] as number) * (h[d] as number);
      z[k] = a;
    }
    softmaxInPlace(z);
    return s;
  };
  const order = [...trainIdx];
  const total = epochs * order.length;
  let step = 0;
  for (let ep = 0; ep < epochs; ep++) {
    shuffleInPlace(order, rand);
    for (const i of order) {
      const lr = lr0 * (1 - step / total);
      step++;
      const x = X[i] as SparseVec;
      const s = forward(x);
      dh.fill(0);
      for (let k = 0; k < K; k++) {
        const g = ((z[k] as number) - (y[i] === k ? 1 : 0)) * lr;
        for (let d = 0; d < D; d++) {
          dh[d] = (dh[d] as number) + g * (W[k * D + d] as number);
          W[k * D + d] = (W[k * D + d] as number) - g * (h[d] as number);
        }
        b[k] = (b[k] as number) - g;
      }
      for (let j = 0; j < x.idx.length; j++) {
        const v = (x.val[j] as number) / (s || 1);
        const base = (x.idx[j] as number) * D;
        for (let d = 0; d < D; d++) E[base + d] = (E[base + d] as number) - v * (dh[d] as number);
      }
    }
  }
  return testIdx.map((i) => {
    forward(X[i] as SparseVec);
    return Float64Array.from(z);
  });
}

export function run(e: Exp): Float64Array[] {
  const t0 = performance.now();
  const docs = rows.map((_, i) => feats(i, e.f));
  const oof = new Array<Float64Array>(N);
  for (const [tr, te] of splits()) {
    const { X, dim } = vectorize(docs, tr, e.v);
    if (e.model === 'lr') {
      const m = fitLR(tr.map((i) => X[i] as SparseVec), tr.map((i) => y[i] as number), dim, e.l2);
      for (const i of te) oof[i] = softmaxInPlace(scores(m, X[i] as SparseVec));
    } else if (e.model === 'ft') {
      const s = ft(X, tr, te, dim, e.D ?? 32, e.epochs ?? 10, e.lr ?? 0.5, e.seed ?? 1);
      te.forEach((i, t) => (oof[i] = s[t] as Float64Array));
    } else {
      const s = nblr(X, tr, te, dim, e.l2, e.alpha ?? 1);
      te.forEach((i, t) => (oof[i] = softmaxInPlace(s[t] as Float64Array)));
    }
  }
  report(e.name + ` (${((performance.now() - t0) / 1000).toFixed(0)}s)`, oof);
  saveOof(e.name, oof);
  return oof;
}

export { rows, labels, y, words, norms };
export type { ModelLabel };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const exps = JSON.parse(process.argv[2] ?? '[]') as Exp[];
  for (const e of exps) run(e);
}
