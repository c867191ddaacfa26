// EXPERIMENT (not part of the product path): do pretrained Chinese word vectors help the intent
// classifier? Nothing here is imported by the package or used by the shipped model.
//
// Run (from the repo root):
//   npx tsx packages/intent/scripts/experiment-word-vectors.ts \
//     [--vectors /tmp/nsyn/package/data/words.vector] [--seed 42] [--scales 0.3,1,3] [--early-dense mean]
//   (--scales '' skips the retrained early-fusion variants, the slow part.)
//
// What it does, on data/intent.dev.jsonl with the package's stratified folds (5 folds, given seed):
// 1. Reads a word2vec *binary* file (header "N D\n", then per word: UTF-8 bytes, a space, D float32 LE,
//    optionally "\n"), keeping only the words that occur in the data. Reports vocabulary coverage
//    (share of jieba word tokens / types of the shipped tokenisation found in the vectors).
// 2. Dense document features: IDF-weighted mean (IDF from the training fold) of unit-normalised word
//    vectors, renormalised to unit length ("mean"); optionally concatenated with the element-wise max
//    over the unit word vectors ("meanmax"). A softmax regression on these alone (z-scored per fold).
// 3. The shipped NB-LR sparse model (SHIPPED_CONFIG), out-of-fold probabilities.
// 4. Late fusion: p = (1 − w) p_sparse + w p_dense (arithmetic) and softmax((1 − w) log p_sparse +
//    w log p_dense) (geometric). w is chosen (a) per outer fold on the out-of-fold predictions of
//    the *other* folds (fold f's labels never pick w; a cheap stand-in for inner CV), (b) in
//    hindsight on all rows (optimistic, labelled so). Also stacking: a softmax meta-LR on
//    [log p_sparse ; log p_dense], fitted the same way, plus a control on log p_sparse alone.
// 5. Early fusion: NB-LR retrained on [sparse row (L2 = 1) ; s · dense (L2 = 1)]. The naive-Bayes
//    log-count-ratio scaling applies to the sparse part only (dense dims get r = 1).
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readJsonl, stratifiedFolds } from '../src/data.ts';
import { argmaxLabel } from '../src/cross-validate.ts';
import { computeMetrics, type Metrics } from '../src/metrics.ts';
import { MODEL_LABELS, type ModelLabel } from '../src/labels.ts';
import { probaFromFeatures, trainFromFeatures } from '../src/pipeline.ts';
import { predictProba, softmaxInPlace, trainSoftmax, type LinearModel } from '../src/softmax-regression.ts';
import { extractFeatures } from '../src/tokenize.ts';
import { Vectorizer, type SparseVec } from '../src/vectorizer.ts';
import { SHIPPED_CONFIG } from './config.ts';

const { values } = parseArgs({
  options: {
    vectors: { type: 'string' },
    seed: { type: 'string' },
    scales: { type: 'string' },
    'early-dense': { type: 'string' },
  },
});
const vectorPath = values.vectors ?? '/tmp/nsyn/package/data/words.vector';
const seed = Number(values.seed ?? 42);
const scales = (values.scales ?? '0.3,1,3')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number);
const earlyDense = (values['early-dense'] ?? 'mean') as DenseKind;
const K_FOLDS = 5;
const K = MODEL_LABELS.length;
const t0 = performance.now();
const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(0)} s`;

type DenseKind = 'mean' | 'meanmax';

// ---------------------------------------------------------------- data and tokenisation
const rows = readJsonl(fileURLToPath(new URL('../data/intent.dev.jsonl', import.meta.url)));
const labels: ModelLabel[] = rows.map((r) => r.label);
const y = labels.map((l) => MODEL_LABELS.indexOf(l));
const N = rows.length;
const docs = rows.map((r) => extractFeatures(r.text, SHIPPED_CONFIG.features));
const words = docs.map((d) => d.filter((f) => f.startsWith('w:')).map((f) => f.slice(2)));
console.error(`tokenised ${N} messages (${elapsed()})`);

// ---------------------------------------------------------------- word2vec binary reader
function readWord2VecBinary(path: string, keep: Set<string>): { dim: number; total: number; vectors: Map<string, Float32Array> } {
  const buf = readFileSync(path);
  const headerEnd = buf.indexOf(0x0a);
  const [countStr, dimStr] = buf.toString('utf8', 0, headerEnd).trim().split(/\s+/);
  const total = Number(countStr);
  const dim = Number(dimStr);
  const vectors = new Map<string, Float32Array>();
  let p = headerEnd + 1;
  for (let n = 0; n < total; n++) {
    while (buf[p] === 0x0a || buf[p] === 0x20) p++;
    const space = buf.indexOf(0x20, p);
    if (space < 0) throw new Error(`truncated vector file at word ${n}`);
    const word = buf.toString('utf8', p, space);
    p = space + 1;
    if (keep.has(word)) {
      const v = new Float32Array(dim);
      let norm = 0;
      for (let d = 0; d < dim; d++) {
        const x = buf.readFloatLE(p + 4 * d);
        v[d] = x;
        norm += x * x;
      }
      // Unit-normalise once here: every use below wants unit word vectors.
      if (norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let d = 0; d < dim; d++) v[d] = (v[d] as number) * inv;
        vectors.set(word, v);
      }
    }
    p += 4 * dim;
  }
  return { dim, total, vectors };
}

const wordTypes = new Set(words.flat());
const { dim: DIM, total: vecTotal, vectors } = readWord2VecBinary(vectorPath, wordTypes);
let tokens = 0;
let covered = 0;
for (const ws of words) {
  for (const w of ws) {
    tokens++;
    if (vectors.has(w)) covered++;
  }
}
const docsWithNone = words.filter((ws) => !ws.some((w) => vectors.has(w))).length;
const coverage = {
  vectorFileWords: vecTotal,
  dim: DIM,
  tokenCoverage: +((100 * covered) / tokens).toFixed(2),
  typeCoverage: +((100 * vectors.size) / wordTypes.size).toFixed(2),
  wordTokens: tokens,
  wordTypes: wordTypes.size,
  messagesWithoutAnyVector: docsWithNone,
};
console.log(`coverage ${JSON.stringify(coverage)} (${elapsed()})`);

// ---------------------------------------------------------------- dense document features
function idfFrom(trainIdx: number[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const i of trainIdx) for (const w of new Set(words[i] as string[])) df.set(w, (df.get(w) ?? 0) + 1);
  const n = trainIdx.length;
  const idf = new Map<string, number>();
  for (const [w, c] of df) idf.set(w, Math.log((1 + n) / (1 + c)) + 1);
  return idf;
}

/** Unit IDF-weighted mean of unit word vectors, optionally followed by the unit element-wise max. */
function denseDoc(ws: string[], idf: Map<string, number>, maxIdf: number, kind: DenseKind): Float64Array {
  const mean = new Float64Array(DIM);
  const max = new Float64Array(DIM).fill(-Infinity);
  let any = false;
  for (const w of ws) {
    const v = vectors.get(w);
    if (!v) continue;
    any = true;
    const weight = idf.get(w) ?? maxIdf;
    for (let d = 0; d < DIM; d++) {
      const x = v[d] as number;
      mean[d] = (mean[d] as number) + weight * x;
      if (x > (max[d] as number)) max[d] = x;
    }
  }
  if (!any) max.fill(0);
  const unit = (a: Float64Array): Float64Array => {
    let s = 0;
    for (const x of a) s += x * x;
    if (s > 0) for (let d = 0; d < a.length; d++) a[d] = (a[d] as number) / Math.sqrt(s);
    return a;
  };
  if (kind === 'mean') return unit(mean);
  const out = new Float64Array(2 * DIM);
  out.set(unit(mean), 0);
  out.set(unit(max), DIM);
  return out;
}

function denseMatrix(trainIdx: number[], kind: DenseKind): Float64Array[] {
  const idf = idfFrom(trainIdx);
  const maxIdf = Math.log(1 + trainIdx.length) + 1;
  return words.map((ws) => denseDoc(ws, idf, maxIdf, kind));
}

function toSparse(v: Float64Array): SparseVec {
  const idx = new Int32Array(v.length);
  for (let d = 0; d < v.length; d++) idx[d] = d;
  return { idx, val: Float32Array.from(v) };
}

/** z-score every dimension with the training rows' mean and std (plain LR with L2 wants comparable scales). */
function standardise(D: Float64Array[], trainIdx: number[]): SparseVec[] {
  const dim = (D[0] as Float64Array).length;
  const mu = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (const i of trainIdx) for (let d = 0; d < dim; d++) mu[d] = (mu[d] as number) + ((D[i] as Float64Array)[d] as number) / trainIdx.length;
  for (const i of trainIdx) {
    for (let d = 0; d < dim; d++) {
      const e = ((D[i] as Float64Array)[d] as number) - (mu[d] as number);
      sd[d] = (sd[d] as number) + (e * e) / trainIdx.length;
    }
  }
  return D.map((row) => toSparse(row.map((x, d) => (x - (mu[d] as number)) / Math.sqrt((sd[d] as number) + 1e-12))));
}

// ---------------------------------------------------------------- CV helpers
const fold = stratifiedFolds(labels, K_FOLDS, seed);
const trainOf = (f: number): number[] => fold.flatMap((g, i) => (g === f ? [] : [i]));
const testOf = (f: number): number[] => fold.flatMap((g, i) => (g === f ? [i] : []));

const metricsOf = (probs: Float64Array[], idx: number[] = labels.map((_, i) => i)): Metrics =>
  computeMetrics(
    idx.map((i) => labels[i] as ModelLabel),
    idx.map((i) => argmaxLabel(probs[i] as Float64Array)),
  );
const perFoldF1 = (probs: Float64Array[]): string =>
  Array.from({ length: K_FOLDS }, (_, f) => metricsOf(probs, testOf(f)).macro_f1.toFixed(1)).join('/');

interface Row {
  name: string;
  m: Metrics;
  folds: string;
  note?: string;
}
const table: Row[] = [];
function report(name: string, probs: Float64Array[], note?: string): void {
  const row: Row = { name, m: metricsOf(probs), folds: perFoldF1(probs), ...(note ? { note } : {}) };
  table.push(row);
  const { m } = row;
  console.log(
    `${name.padEnd(58)} acc ${m.accuracy.toFixed(2)} macroF1 ${m.macro_f1.toFixed(2)} complaintP ${m.complaint_precision.toFixed(2)} R ${m.complaint_recall.toFixed(2)}  folds ${row.folds}${note ? '  ' + note : ''}  (${elapsed()})`,
  );
}

// ---------------------------------------------------------------- 1. dense features alone
const DENSE_L2 = [1e-4, 1e-3, 1e-2];
const denseOof = new Map<string, Float64Array[]>();
const denseByFold = new Map<DenseKind, Float64Array[][]>();
for (const kind of ['mean', 'meanmax'] as DenseKind[]) {
  const perFold: Float64Array[][] = [];
  for (let f = 0; f < K_FOLDS; f++) perFold.push(denseMatrix(trainOf(f), kind));
  denseByFold.set(kind, perFold);
  for (const l2 of DENSE_L2) {
    const oof = new Array<Float64Array>(N);
    for (let f = 0; f < K_FOLDS; f++) {
      const tr = trainOf(f);
      const X = standardise(perFold[f] as Float64Array[], tr);
      const model = trainSoftmax(
        tr.map((i) => X[i] as SparseVec),
        tr.map((i) => y[i] as number),
        K,
        X[0]?.idx.length ?? 0,
        { l2, lbfgs: { maxIter: 500, tol: 1e-7, memory: 8 } },
      );
      for (const i of testOf(f)) oof[i] = predictProba(model, X[i] as SparseVec);
    }
    const key = `${kind} l2 ${l2}`;
    denseOof.set(key, oof);
    report(`dense ${key} (softmax LR on word vectors alone)`, oof);
  }
}

// ---------------------------------------------------------------- 2. shipped sparse NB-LR
const sparseOof = new Array<Float64Array>(N);
for (let f = 0; f < K_FOLDS; f++) {
  const tr = trainOf(f);
  const model = trainFromFeatures(
    tr.map((i) => docs[i] as string[]),
    tr.map((i) => labels[i] as ModelLabel),
    SHIPPED_CONFIG,
  );
  for (const i of testOf(f)) sparseOof[i] = probaFromFeatures(model, docs[i] as string[]);
  console.error(`sparse fold ${f} done (${elapsed()})`);
}
report('shipped NB-LR (sparse only)', sparseOof);

// ---------------------------------------------------------------- 3. late fusion
const WEIGHTS = Array.from({ length: 13 }, (_, j) => j * 0.05); // 0 … 0.6
type Fuse = (a: Float64Array, b: Float64Array, w: number) => Float64Array;
const arith: Fuse = (a, b, w) => a.map((x, k) => (1 - w) * x + w * (b[k] as number));
const geom: Fuse = (a, b, w) => softmaxInPlace(a.map((x, k) => (1 - w) * Math.log(x + 1e-12) + w * Math.log((b[k] as number) + 1e-12)));

function lateFusion(denseKey: string, fuse: Fuse, fuseName: string): void {
  const dense = denseOof.get(denseKey) as Float64Array[];
  const fused = (w: number, idx: number[]): Float64Array[] => {
    const out = new Array<Float64Array>(N);
    for (const i of idx) out[i] = fuse(sparseOof[i] as Float64Array, dense[i] as Float64Array, w);
    return out;
  };
  // (a) honest: w for fold f is the best on the out-of-fold predictions of the other folds.
  const honest = new Array<Float64Array>(N);
  const chosen: string[] = [];
  for (let f = 0; f < K_FOLDS; f++) {
    const other = trainOf(f);
    let bestW = 0;
    let bestF1 = -1;
    for (const w of WEIGHTS) {
      const f1 = metricsOf(fused(w, other), other).macro_f1;
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        bestW = w;
      }
    }
    chosen.push(bestW.toFixed(2));
    const probs = fused(bestW, testOf(f));
    for (const i of testOf(f)) honest[i] = probs[i] as Float64Array;
  }
  report(`late fusion ${fuseName}, NB-LR + dense ${denseKey}, w by CV`, honest, `w per fold ${chosen.join('/')}`);
  // (b) hindsight: best single w on all rows. Optimistic.
  const all = labels.map((_, i) => i);
  let best: { w: number; probs: Float64Array[]; f1: number } = { w: 0, probs: sparseOof, f1: -1 };
  for (const w of WEIGHTS) {
    const probs = fused(w, all);
    const f1 = metricsOf(probs).macro_f1;
    if (f1 > best.f1 + 1e-9) best = { w, probs, f1 };
  }
  report(`late fusion ${fuseName}, NB-LR + dense ${denseKey}, w=${best.w.toFixed(2)} IN HINDSIGHT`, best.probs, 'optimistic');
  const curve = WEIGHTS.map((w) => `${w.toFixed(2)}:${metricsOf(fused(w, all)).macro_f1.toFixed(2)}`).join(' ');
  console.log(`    macro-F1 over w (${fuseName}, ${denseKey}): ${curve}`);
}

/**
 * Stacking: a softmax meta-LR on [log p_sparse ; log p_dense] (6 inputs), trained for outer fold f on
 * the out-of-fold rows of the other folds, applied to fold f. (Those rows' probabilities come from
 * models that saw fold f's rows, but fold f's labels never pick the meta weights.)
 */
function stacked(denseKey: string | null): void {
  const dense = denseKey === null ? null : (denseOof.get(denseKey) as Float64Array[]);
  const width = dense ? 2 * K : K;
  const Z = labels.map((_, i) => {
    const v = new Float64Array(width);
    for (let k = 0; k < K; k++) {
      v[k] = Math.log(((sparseOof[i] as Float64Array)[k] as number) + 1e-12);
      if (dense) v[K + k] = Math.log(((dense[i] as Float64Array)[k] as number) + 1e-12);
    }
    return toSparse(v);
  });
  const out = new Array<Float64Array>(N);
  for (let f = 0; f < K_FOLDS; f++) {
    const other = trainOf(f);
    const meta = trainSoftmax(
      other.map((i) => Z[i] as SparseVec),
      other.map((i) => y[i] as number),
      K,
      width,
      { l2: 1e-3, lbfgs: { maxIter: 500, tol: 1e-8, memory: 8 } },
    );
    for (const i of testOf(f)) out[i] = predictProba(meta, Z[i] as SparseVec);
  }
  report(denseKey === null ? 'stacking control: meta-LR on log p NB-LR alone' : `stacking meta-LR on [log p NB-LR ; log p dense ${denseKey}]`, out);
}
stacked(null);
for (const key of denseOof.keys()) {
  lateFusion(key, arith, 'arith');
  lateFusion(key, geom, 'geom');
  stacked(key);
}

// ---------------------------------------------------------------- 4. early fusion (retrained NB-LR)
/** trainNbLogistic with the naive-Bayes ratio computed for the first `sparseDim` dims only (r = 1 after). */
function trainNbLogisticHybrid(X: SparseVec[], yy: number[], dim: number, sparseDim: number): LinearModel {
  const weights = new Float64Array(dim * K);
  const bias = new Array<number>(K).fill(0);
  const alpha = SHIPPED_CONFIG.nbAlpha;
  for (let k = 0; k < K; k++) {
    const p = new Float64Array(sparseDim).fill(alpha);
    const q = new Float64Array(sparseDim).fill(alpha);
    X.forEach((x, i) => {
      const counts = yy[i] === k ? p : q;
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        if (f < sparseDim && (x.val[j] as number) > 0) counts[f] = (counts[f] as number) + 1;
      }
    });
    let sp = 0;
    let sq = 0;
    for (let f = 0; f < sparseDim; f++) {
      sp += p[f] as number;
      sq += q[f] as number;
    }
    const r = new Float64Array(dim).fill(1);
    for (let f = 0; f < sparseDim; f++) r[f] = Math.log((p[f] as number) / sp) - Math.log((q[f] as number) / sq);
    const scaled = X.map((x) => {
      const val = new Float32Array(x.val.length);
      for (let j = 0; j < val.length; j++) val[j] = (x.val[j] as number) * (r[x.idx[j] as number] as number);
      return { idx: x.idx, val };
    });
    const m = trainSoftmax(scaled, yy.map((c) => (c === k ? 1 : 0)), 2, dim, { l2: SHIPPED_CONFIG.l2, lbfgs: SHIPPED_CONFIG.lbfgs });
    for (let f = 0; f < dim; f++) weights[f * K + k] = (r[f] as number) * ((m.weights[f * 2 + 1] as number) - (m.weights[f * 2] as number));
    bias[k] = (m.bias[1] as number) - (m.bias[0] as number);
  }
  return { classes: K, dim, weights, bias };
}

function appendDense(x: SparseVec, dense: Float64Array, offset: number, s: number): SparseVec {
  const idx = new Int32Array(x.idx.length + dense.length);
  const val = new Float32Array(x.val.length + dense.length);
  idx.set(x.idx, 0);
  val.set(x.val, 0);
  for (let d = 0; d < dense.length; d++) {
    idx[x.idx.length + d] = offset + d;
    val[x.val.length + d] = s * (dense[d] as number);
  }
  return { idx, val };
}

const earlyByFold = denseByFold.get(earlyDense) as Float64Array[][];
for (const s of scales) {
  const oof = new Array<Float64Array>(N);
  for (let f = 0; f < K_FOLDS; f++) {
    const tr = trainOf(f);
    const vec = Vectorizer.fit(tr.map((i) => docs[i] as string[]), SHIPPED_CONFIG.features, SHIPPED_CONFIG.vectorizer);
    const D = earlyByFold[f] as Float64Array[];
    // The dense block is unit length (mean) or two unit blocks (meanmax: norm √2); scale to unit, then by s.
    const blockScale = s / Math.sqrt(earlyDense === 'mean' ? 1 : 2);
    const X = docs.map((d, i) => appendDense(vec.transform(d), D[i] as Float64Array, vec.size, blockScale));
    const dim = vec.size + (D[0] as Float64Array).length;
    const model = trainNbLogisticHybrid(
      tr.map((i) => X[i] as SparseVec),
      tr.map((i) => y[i] as number),
      dim,
      vec.size,
    );
    for (const i of testOf(f)) oof[i] = predictProba(model, X[i] as SparseVec);
    console.error(`early fusion s=${s} fold ${f} done (${elapsed()})`);
  }
  report(`early fusion: NB-LR on [sparse ; ${s} × dense ${earlyDense}], retrained`, oof);
}

// ---------------------------------------------------------------- markdown table
console.log(`\n5-fold stratified CV, seed ${seed}, ${N} messages, model only (no rules, no fallback)\n`);
console.log('| variant | accuracy | macro-F1 | complaint P | complaint R | macro-F1 per fold | note |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
for (const r of table) {
  console.log(`| ${r.name} | ${r.m.accuracy.toFixed(2)} | ${r.m.macro_f1.toFixed(2)} | ${r.m.complaint_precision.toFixed(2)} | ${r.m.complaint_recall.toFixed(2)} | ${r.folds} | ${r.note ?? ''} |`);
}
console.log(`\ncoverage: ${JSON.stringify(coverage)}; total ${elapsed()}`);
