// EXPERIMENT (not part of the product path): pretrained word vectors as a rerank feature.
// `npx tsx packages/retrieval/scripts/experiment-word-vectors.ts [--vectors PATH] [--sets name] [--variants i,j]`
// (`--neighbours 社保,户口` only prints nearest vocabulary words, a sanity check of the reader.)
//
// Reads a word2vec binary file (default /tmp/nsyn/package/data/words.vector: Chinese Wikipedia,
// 125,796 words × 100 dims; header "N DIM\n", then per word its UTF-8 bytes, a space and DIM
// little-endian float32), normalises every vector to unit length. Query and entry words are the
// Tokenizer's jieba words (stop words and single CJK characters already dropped); words without a
// vector are ignored. IDF comes from the KB (title words ∪ answer words per entry).
// Features of a (query, candidate) pair:
//   - soft coverage: per query word the best cosine to any title word (question + similar; an
//     entry without titles uses the answer's first sentence, at most 60 chars) and/or to any word of
//     the first 300 answer characters, IDF-weighted mean over query words; "unmatched": only query
//     words the entry text does not contain literally (still divided by all query words' IDF mass);
//   - mean-vector cosine: IDF-weighted mean of the query word vectors vs that of the entry's title
//     words, or of its answer words;
//   - synonym expansion: per query word its 3 nearest KB words with cosine ≥ 0.7 (not query words
//     themselves), each scored with BM25 (KB statistics) in the candidate's titles + answer and
//     weighted by its cosine, summed and divided by the number of query words.
// Each feature is added to the engine's final score of its best 40 candidates (offline rerank of
// exactly the list `searchDetailed` returns), `score += λ·feature`. Only λ is learned: it is chosen
// inside the training folds (inner 4-fold CV on them, same machinery as
// experiment-term-associations.ts; since the features have no learned part this equals the best λ
// on the four training folds), then applied to the held-out fold. 5-fold CV, fixed seed, per set;
// a "one λ for both sets" row picks λ per fold from the mean inner top1 share of both sets; a
// hindsight row gives the best fixed λ on all dev queries (optimistic, reference only).
// Also prints vocabulary coverage of query words and the extra per-query time of each feature
// (minimum over 3 passes per query, so preemption on a busy machine is mostly filtered out).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { normalizeText } from '../src/normalize.ts';
import { createRetriever } from '../src/retriever.ts';
import { Tokenizer } from '../src/tokenizer.ts';
import type { KbEntry } from '../src/types.ts';
import { loadDevSets } from './lib/harness.ts';
import { argmax, foldsByKey, optionalArg, pct, pooledChoice } from './lib/lambda-cv.ts';

const K = 5;
const LAMBDAS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2, 3, 5];
const TOP = 40;

// ---------------------------------------------------------------------------------------------
// word2vec binary reader

interface Vectors {
  dim: number;
  /** Unit-length vectors, row-major. */
  data: Float32Array;
  /** Normalised word (NFKC, lower case) → row. */
  index: Map<string, number>;
  words: string[];
}

function loadVectors(path: string): Vectors {
  const buf = readFileSync(path);
  let p = buf.indexOf(0x0a);
  const [nStr, dStr] = buf.subarray(0, p).toString('utf8').trim().split(/\s+/);
  const n = Number(nStr);
  const dim = Number(dStr);
  p++;
  const data = new Float32Array(n * dim);
  const index = new Map<string, number>();
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    while (buf[p] === 0x0a || buf[p] === 0x20) p++;
    const sp = buf.indexOf(0x20, p);
    if (sp < 0) throw new Error(`truncated vector file at word ${i}`);
    const word = buf.subarray(p, sp).toString('utf8');
    p = sp + 1;
    let norm = 0;
    const o = i * dim;
    for (let d = 0; d < dim; d++) {
      const v = buf.readFloatLE(p + 4 * d);
      data[o + d] = v;
      norm += v * v;
    }
    p += 4 * dim;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) data[o + d]! /= norm;
    const key = normalizeText(word);
    words.push(key);
    if (!index.has(key)) index.set(key, i);
  }
  return { dim, data, index, words };
}

function dot(v: Vectors, a: number, b: number): number {
  const { data, dim } = v;
  const oa = a * dim;
  const ob = b * dim;
  let s = 0;
  for (let d = 0; d < dim; d++) s += data[oa + d]! * data[ob + d]!;
  return s;
}

/** IDF-weighted mean of word vectors, unit length (all zeros if no word). */
function meanVector(v: Vectors, rows: readonly number[], weights: readonly number[]): Float32Array {
  const m = new Float32Array(v.dim);
  rows.forEach((r, i) => {
    const w = weights[i]!;
    const o = r * v.dim;
    for (let d = 0; d < v.dim; d++) m[d]! += w * v.data[o + d]!;
  });
  let norm = 0;
  for (let d = 0; d < v.dim; d++) norm += m[d]! * m[d]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < v.dim; d++) m[d]! /= norm;
  return m;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}

// ---------------------------------------------------------------------------------------------
// KB side (precomputed once per KB)

interface EntryInfo {
  /** Normalised question + similar + answer, for literal containment. */
  text: string;
  titleRows: number[];
  answerRows: number[];
  titleMean: Float32Array;
  answerMean: Float32Array;
  /** Word counts over titles + full answer, for BM25 of expansion terms. */
  tf: Map<string, number>;
  len: number;
}

interface KbInfo {
  entries: Map<string, EntryInfo>;
  idf: (w: string) => number;
  /** Rows of vector words that occur in the KB (candidates for synonym expansion). */
  kbRows: number[];
  avgLen: number;
}

function titleText(e: KbEntry): string {
  const t = [e.question, ...(e.similar ?? [])].filter(Boolean).join('，');
  if (t) return t;
  const first = e.answer.split(/[。！？!?\n]/).find((s) => s.trim().length > 0) ?? e.answer;
  return first.slice(0, 60);
}

function buildKb(kb: readonly KbEntry[], tok: Tokenizer, vec: Vectors): KbInfo {
  const df = new Map<string, number>();
  const raw = kb.map((e) => {
    const title = [...new Set(tok.analyze(titleText(e)).words)];
    const answerHead = [...new Set(tok.analyze(e.answer.slice(0, 300)).words)];
    const all = [...tok.analyze([e.question, ...(e.similar ?? [])].filter(Boolean).join('，')).words, ...tok.analyze(e.answer).words];
    for (const w of new Set([...title, ...all])) df.set(w, (df.get(w) ?? 0) + 1);
    return { e, title, answerHead, all };
  });
  const n = kb.length;
  const idf = (w: string): number => {
    const d = df.get(w) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const rowsOf = (ws: readonly string[]): { rows: number[]; weights: number[] } => {
    const rows: number[] = [];
    const weights: number[] = [];
    for (const w of ws) {
      const r = vec.index.get(w);
      if (r === undefined) continue;
      rows.push(r);
      weights.push(idf(w));
    }
    return { rows, weights };
  };
  const entries = new Map<string, EntryInfo>();
  let totalLen = 0;
  for (const { e, title, answerHead, all } of raw) {
    const t = rowsOf(title);
    const a = rowsOf(answerHead);
    const tf = new Map<string, number>();
    for (const w of all) tf.set(w, (tf.get(w) ?? 0) + 1);
    totalLen += all.length;
    entries.set(e.id, {
      text: normalizeText([e.question, ...(e.similar ?? []), e.answer].join('\n')),
      titleRows: t.rows,
      answerRows: a.rows,
      titleMean: meanVector(vec, t.rows, t.weights),
      answerMean: meanVector(vec, a.rows, a.weights),
      tf,
      len: all.length,
    });
  }
  const kbRows = [...df.keys()].map((w) => vec.index.get(w)).filter((r): r is number => r !== undefined);
  return { entries, idf, kbRows: [...new Set(kbRows)], avgLen: totalLen / Math.max(1, n) };
}

// ---------------------------------------------------------------------------------------------
// Query side

interface QueryCtx {
  words: string[];
  rows: number[];
  weights: number[];
  /** IDF mass of all in-vocabulary query words. */
  mass: number;
  mean: Float32Array;
  /** Per in-vocabulary query word: expansion words with their cosine. */
  syn: { w: string; s: number }[][];
}

const synCache = new Map<number, { w: string; s: number }[]>();

function neighbours(vec: Vectors, kb: KbInfo, row: number, exclude: ReadonlySet<string>): { w: string; s: number }[] {
  let all = synCache.get(row);
  if (!all) {
    const best: { w: string; s: number }[] = [];
    for (const r of kb.kbRows) {
      if (r === row) continue;
      const s = dot(vec, row, r);
      if (s < 0.7) continue;
      best.push({ w: vec.words[r]!, s });
    }
    best.sort((a, b) => b.s - a.s);
    // Keep a few spare ones: query words are excluded per query.
    all = best.slice(0, 8);
    synCache.set(row, all);
  }
  return all.filter((x) => !exclude.has(x.w)).slice(0, 3);
}

function queryCtx(words0: readonly string[], vec: Vectors, kb: KbInfo, withSyn: boolean): QueryCtx {
  const words: string[] = [];
  const rows: number[] = [];
  const weights: number[] = [];
  for (const w of new Set(words0)) {
    const r = vec.index.get(w);
    if (r === undefined) continue;
    words.push(w);
    rows.push(r);
    weights.push(kb.idf(w));
  }
  const exclude = new Set(words0);
  return {
    words,
    rows,
    weights,
    mass: weights.reduce((s, x) => s + x, 0),
    mean: meanVector(vec, rows, weights),
    syn: withSyn ? rows.map((r) => neighbours(vec, kb, r, exclude)) : [],
  };
}

type Feature = (q: QueryCtx, e: EntryInfo, vec: Vectors, kb: KbInfo) => number;

function maxCos(vec: Vectors, row: number, rows: readonly number[]): number {
  let best = 0;
  for (const r of rows) {
    const s = r === row ? 1 : dot(vec, row, r);
    if (s > best) best = s;
  }
  return best;
}

function soft(field: 'title' | 'answer' | 'both', unmatchedOnly: boolean): Feature {
  return (q, e, vec) => {
    if (q.mass === 0) return 0;
    let s = 0;
    q.rows.forEach((row, i) => {
      if (unmatchedOnly && e.text.includes(q.words[i]!)) return;
      const t = field === 'answer' ? 0 : maxCos(vec, row, e.titleRows);
      const a = field === 'title' ? 0 : maxCos(vec, row, e.answerRows);
      s += q.weights[i]! * Math.max(t, a);
    });
    return s / q.mass;
  };
}

const meanCos =
  (field: 'title' | 'answer'): Feature =>
  (q, e) =>
    q.mass === 0 ? 0 : cosine(q.mean, field === 'title' ? e.titleMean : e.answerMean);

function expansion(unmatchedOnly: boolean): Feature {
  const k1 = 1.2;
  const b = 0.75;
  return (q, e, _vec, kb) => {
    if (q.rows.length === 0) return 0;
    let s = 0;
    q.syn.forEach((list, i) => {
      if (unmatchedOnly && e.text.includes(q.words[i]!)) return;
      for (const { w, s: sim } of list) {
        const f = e.tf.get(w) ?? 0;
        if (f === 0) continue;
        s += (sim * kb.idf(w) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * e.len) / kb.avgLen));
      }
    });
    return s / q.rows.length;
  };
}

interface Variant {
  name: string;
  feature: Feature;
  syn?: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'soft coverage, titles, all query words', feature: soft('title', false) },
  { name: 'soft coverage, answer, all query words', feature: soft('answer', false) },
  { name: 'soft coverage, titles ∪ answer, all query words', feature: soft('both', false) },
  { name: 'soft coverage, titles, unmatched query words', feature: soft('title', true) },
  { name: 'soft coverage, answer, unmatched query words', feature: soft('answer', true) },
  { name: 'soft coverage, titles ∪ answer, unmatched query words', feature: soft('both', true) },
  { name: 'mean-vector cosine, titles', feature: meanCos('title') },
  { name: 'mean-vector cosine, answer', feature: meanCos('answer') },
  { name: 'synonym expansion (BM25), all query words', feature: expansion(false), syn: true },
  { name: 'synonym expansion (BM25), unmatched query words', feature: expansion(true), syn: true },
];

// ---------------------------------------------------------------------------------------------
// CV machinery (as in experiment-term-associations.ts, folds by query)

interface Item {
  words: string[];
  gold: Set<string>;
  cands: { id: string; score: number }[];
  /** Per variant, the feature of each candidate. */
  feats: number[][];
}

interface Res {
  top1: number[];
  top5: number[];
  rr: number[];
  /** Per λ, per item: 1 if the top-1 is gold. */
  hit: number[][];
}

function evaluate(items: readonly Item[], v: number, lambdas: readonly number[]): Res {
  const top1 = lambdas.map(() => 0);
  const top5 = lambdas.map(() => 0);
  const rr = lambdas.map(() => 0);
  const hit = lambdas.map(() => [] as number[]);
  for (const it of items) {
    const extra = it.feats[v]!;
    lambdas.forEach((l, li) => {
      const order = it.cands.map((c, i) => ({ id: c.id, s: c.score + l * extra[i]!, i })).sort((x, y) => y.s - x.s || x.i - y.i);
      const r = order.findIndex((o) => it.gold.has(o.id));
      hit[li]!.push(r === 0 ? 1 : 0);
      if (r === 0) top1[li]!++;
      if (r >= 0 && r < 5) top5[li]!++;
      if (r >= 0) rr[li]! += 1 / (r + 1);
    });
  }
  return { top1, top5, rr, hit };
}

/** Queries whose top-1 became right (wins) or wrong (losses) at λ index `li` vs λ = 0 (index 0). */
function flips(res: Res, li: number): { wins: number; losses: number } {
  let wins = 0;
  let losses = 0;
  res.hit[li]!.forEach((h, i) => {
    const b = res.hit[0]![i]!;
    if (h > b) wins++;
    if (h < b) losses++;
  });
  return { wins, losses };
}

/** Two-sided exact sign test on wins vs losses. */
function signP(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let p = 0;
  let c = 1;
  for (let i = 0; i <= k; i++) {
    if (i > 0) c = (c * (n - i + 1)) / i;
    p += c / 2 ** n;
  }
  return Math.min(1, 2 * p);
}
const flipCell = (w: number, l: number): string => `+${w} −${l}, p ${signP(w, l).toFixed(2)}`;

const foldsOf = (n: number, seed: number): number[] => foldsByKey(Array.from({ length: n }, (_, i) => `#${i}`), K, seed);
const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

// ---------------------------------------------------------------------------------------------

const t0 = performance.now();
const vec = loadVectors(optionalArg('vectors') ?? '/tmp/nsyn/package/data/words.vector');
console.log(`vectors: ${vec.words.length} words × ${vec.dim} dims, ${vec.index.size} distinct after normalisation, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// `--neighbours 社保,户口` prints the nearest vocabulary words (sanity check of the reader) and exits.
const probe = optionalArg('neighbours');
if (probe) {
  for (const w of probe.split(',')) {
    const row = vec.index.get(normalizeText(w));
    if (row === undefined) {
      console.log(`${w}: not in vocabulary`);
      continue;
    }
    const best = vec.words.map((x, r) => ({ x, s: dot(vec, row, r) })).sort((a, b) => b.s - a.s);
    console.log(`${w}: ${best.slice(1, 11).map((b) => `${b.x} ${b.s.toFixed(2)}`).join(', ')}`);
  }
  process.exit(0);
}

let sink = 0;
const pick = optionalArg('variants')?.split(',').map(Number);
const variantIdx = VARIANTS.map((_, i) => i).filter((i) => !pick || pick.includes(i));
const out: string[] = [];
const record = new Map<number, { name: string; n: number; inner: number[][]; test: Res[] }[]>();
const hindsight = new Map<number, string[]>();
const cvRows = new Map<number, string[]>();
const timing: string[] = [];
const setNames: string[] = [];

for (const set of loadDevSets(optionalArg('sets')?.split(','))) {
  setNames.push(set.name);
  const tok = new Tokenizer();
  const r = createRetriever(set.kb, { tokenizer: tok });
  const kb = buildKb(set.kb, tok, vec);
  synCache.clear();
  let qWords = 0;
  let qWordsIn = 0;
  let qAnyIn = 0;
  let qAllIn = 0;
  let tWords = 0;
  let tWordsIn = 0;
  for (const e of set.kb) {
    for (const w of new Set(tok.analyze(titleText(e)).words)) {
      tWords++;
      if (vec.index.has(w)) tWordsIn++;
    }
  }
  const answerable = set.queries.filter((q) => q.gold.length > 0);
  const items: Item[] = answerable.map((q) => {
    const { ids, scored } = r.searchDetailed(q.query);
    const words = [...new Set(tok.analyze(q.query).words)];
    const inV = words.filter((w) => vec.index.has(w)).length;
    qWords += words.length;
    qWordsIn += inV;
    if (inV > 0) qAnyIn++;
    if (inV === words.length) qAllIn++;
    const cands = ids.slice(0, TOP).map((id, i) => ({ id, score: scored[i]!.score }));
    return { words, gold: new Set(q.gold), cands, feats: [] };
  });
  // Features, and per query the minimum over 3 passes of the extra time per variant.
  const times = VARIANTS.map(() => items.map(() => Infinity));
  for (let pass = 0; pass < 3; pass++) {
    items.forEach((it, qi) => {
      for (const v of variantIdx) {
        const t = performance.now();
        const q = queryCtx(it.words, vec, kb, VARIANTS[v]!.syn === true);
        const f = it.cands.map((c) => {
          const e = kb.entries.get(c.id);
          return e ? VARIANTS[v]!.feature(q, e, vec, kb) : 0;
        });
        const order = it.cands.map((c, i) => ({ i, s: c.score + 0.3 * f[i]! })).sort((x, y) => y.s - x.s || x.i - y.i);
        const dt = performance.now() - t;
        sink += order[0]?.i ?? 0;
        times[v]![qi] = Math.min(times[v]![qi]!, dt);
        it.feats[v] = f;
      }
    });
  }
  const n = items.length;
  const scores1 = items.map((it) => it.cands[0]?.score ?? 0);
  const gaps = items.map((it) => (it.cands[0]?.score ?? 0) - (it.cands[1]?.score ?? 0));
  const base = evaluate(
    items.map((it) => ({ ...it, feats: [it.cands.map(() => 0)] })),
    0,
    [0],
  );
  const head = `${set.name}: ${n} answerable; engine top1 ${pct(base.top1[0]!, n)} top5 ${pct(base.top5[0]!, n)} mrr ${pct(base.rr[0]!, n)}; top-1 score median ${quantile(scores1, 0.5).toFixed(3)}, top1−top2 gap median ${quantile(gaps, 0.5).toFixed(3)}`;
  const cov = `${set.name} coverage: ${qWordsIn}/${qWords} query words (${pct(qWordsIn, qWords)}%) have a vector; queries with ≥ 1 in-vocabulary word ${pct(qAnyIn, n)}%, all words in vocabulary ${pct(qAllIn, n)}%; KB title words ${pct(tWordsIn, tWords)}%`;
  console.log(`\n${head}\n${cov}`);
  out.push(`- ${head}`, `- ${cov}`);
  for (const v of variantIdx) {
    const ts = times[v]!;
    const line = `${set.name}, ${VARIANTS[v]!.name}: extra ms/query mean ${(ts.reduce((s, x) => s + x, 0) / ts.length).toFixed(3)} p99 ${quantile(ts, 0.99).toFixed(3)} max ${quantile(ts, 1).toFixed(3)}`;
    console.log(line);
    timing.push(line);
  }

  const folds = foldsOf(n, 20261127);
  for (const v of variantIdx) {
    let t1 = 0;
    let t5 = 0;
    let rr = 0;
    let wins = 0;
    let losses = 0;
    const chosen: number[] = [];
    const rec = { name: set.name, n, inner: [] as number[][], test: [] as Res[] };
    record.set(v, [...(record.get(v) ?? []), rec]);
    for (let f = 0; f < K; f++) {
      const train = items.filter((_, i) => folds[i] !== f);
      const test = items.filter((_, i) => folds[i] === f);
      const innerFolds = folds.filter((x) => x !== f);
      const inner = LAMBDAS.map(() => 0);
      for (let g = 0; g < K; g++) {
        if (g === f) continue;
        const te = train.filter((_, i) => innerFolds[i] === g);
        const res = evaluate(te, v, LAMBDAS);
        res.top1.forEach((x, li) => (inner[li]! += x + 0.001 * res.rr[li]!));
      }
      rec.inner.push(inner.map((x) => x / train.length));
      const li = argmax(inner);
      chosen.push(LAMBDAS[li]!);
      const res = evaluate(test, v, LAMBDAS);
      rec.test.push(res);
      t1 += res.top1[li]!;
      t5 += res.top5[li]!;
      rr += res.rr[li]!;
      const fl = flips(res, li);
      wins += fl.wins;
      losses += fl.losses;
    }
    const all = evaluate(items, v, LAMBDAS);
    const bi = argmax(all.top1.map((x, j) => x + 0.001 * all.rr[j]!));
    const cvCell = `${pct(t1, n)} / ${pct(t5, n)} / ${pct(rr, n)} (λ ${chosen.join(' ')}; top1 ${flipCell(wins, losses)})`;
    const hsCell = `${pct(all.top1[bi]!, n)} / ${pct(all.top5[bi]!, n)} / ${pct(all.rr[bi]!, n)} (λ ${LAMBDAS[bi]})`;
    cvRows.set(v, [...(cvRows.get(v) ?? []), cvCell]);
    hindsight.set(v, [...(hindsight.get(v) ?? []), hsCell]);
    console.log(`| ${VARIANTS[v]!.name} | ${set.name} CV ${cvCell} | hindsight ${hsCell} | fixed-λ top1 ${LAMBDAS.map((l, j) => `${l}:${pct(all.top1[j]!, n)}`).join(' ')} |`);
  }
}

// Pooled: per outer fold the λ maximising the mean inner-CV top1 share of the sets run.
const pooledRows = new Map<number, string>();
for (const [v, recs] of record) {
  if (recs.length < 2) continue;
  const choice = pooledChoice(recs.map((r) => r.inner), K, LAMBDAS.length);
  const chosen = choice.map((li) => LAMBDAS[li]!);
  const sums = recs.map(() => ({ t1: 0, t5: 0, rr: 0, wins: 0, losses: 0 }));
  for (let f = 0; f < K; f++) {
    const li = choice[f]!;
    recs.forEach((r, i) => {
      sums[i]!.t1 += r.test[f]!.top1[li]!;
      sums[i]!.t5 += r.test[f]!.top5[li]!;
      sums[i]!.rr += r.test[f]!.rr[li]!;
      const fl = flips(r.test[f]!, li);
      sums[i]!.wins += fl.wins;
      sums[i]!.losses += fl.losses;
    });
  }
  const row = `| ${VARIANTS[v]!.name}, **one λ for both sets** (λ ${chosen.join(' ')}) | ${recs.map((r, i) => `${pct(sums[i]!.t1, r.n)} / ${pct(sums[i]!.t5, r.n)} / ${pct(sums[i]!.rr, r.n)} (top1 ${flipCell(sums[i]!.wins, sums[i]!.losses)})`).join(' | ')} |`;
  pooledRows.set(v, row);
  console.log(row);
}

const md: string[] = [];
md.push(`| variant (CV top1 / top5 / MRR; λ per fold; top-1 flips vs engine, sign test) | ${setNames.join(' | ')} |`, `|---|${setNames.map(() => '---|').join('')}`);
for (const v of variantIdx) md.push(`| ${VARIANTS[v]!.name} | ${(cvRows.get(v) ?? []).join(' | ')} |`);
for (const v of variantIdx) {
  const row = pooledRows.get(v);
  if (row) md.push(row);
}
md.push('', `| in hindsight (best fixed λ on all dev, OPTIMISTIC, reference only) | ${setNames.join(' | ')} |`, `|---|${setNames.map(() => '---|').join('')}`);
for (const v of variantIdx) md.push(`| ${VARIANTS[v]!.name} | ${(hindsight.get(v) ?? []).join(' | ')} |`);
md.push('', ...out, '', 'Extra time per query (feature for the 40 candidates + re-sort, min of 3 passes per query):', '', ...timing.map((t) => `- ${t}`));
md.push('', `(checksum ${sink})`);
console.log(`\n${md.join('\n')}`);
