// EXPERIMENT (not part of the product path): learned query-term → entry-term associations.
// `npx tsx packages/retrieval/scripts/experiment-term-associations.ts [--grouped]`
//
// From the (query, gold entry) pairs of the training folds of a dev set, learn which query terms
// (jieba words and character pairs) go with which terms of the gold entry (title words / pairs,
// answer words, department), either as smoothed PMI or as an IBM-Model-1 translation table
// t(query term | entry term) (EM, with a NULL source). The association score of a candidate is
// added to the engine's final score of its best 40 candidates (offline rerank, exactly the list
// `searchDetailed` returns), `score += λ·assoc`. λ is chosen inside the training folds (inner
// 4-fold CV on them: tables learned on three, λ scored on the fourth), then the table is learned
// on all four training folds and applied to the held-out fold. 5-fold CV, fixed seed.
// When both sets run, a last table row also picks one λ per fold for both sets pooled (mean inner
// top1 share), as a product with a single weight would. `--variants i,j` / `--sets name` restrict.
// Results and why nothing was integrated: README, "Learned query-term → entry-term associations".
// `--grouped` assigns folds by gold entry instead of by query (no gold entry is seen in both the
// training and the test folds), a harder check of whether associations transfer across entries.
import { createRetriever } from '../src/retriever.ts';
import { Tokenizer } from '../src/tokenizer.ts';
import type { KbEntry } from '../src/types.ts';
import { loadDevSets } from './lib/harness.ts';
import { argmax, foldsByKey, optionalArg, pct, pooledChoice } from './lib/lambda-cv.ts';

type Terms = string[];
interface Item {
  q: Terms;
  gold: Set<string>;
  goldTerms: Terms[];
  cands: { id: string; score: number }[];
}

const grouped = process.argv.includes('--grouped');
const K = 5;
const LAMBDAS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2, 3, 5, 8];

function termsOf(tok: Tokenizer, text: string, withPairs: boolean, prefix: string): Terms {
  if (!text) return [];
  const a = tok.analyze(text);
  const s = new Set<string>();
  for (const w of a.words) s.add(`${prefix}w${w}`);
  if (withPairs) for (const b of a.bigrams) s.add(`${prefix}b${b}`);
  return [...s];
}

/** Entry side: title words and pairs, answer words (first 300 chars), department words. */
function entryTerms(tok: Tokenizer, e: KbEntry): Terms {
  const title = [e.question, ...(e.similar ?? [])].filter(Boolean).join('，');
  return [...new Set([...termsOf(tok, title, true, 't'), ...termsOf(tok, e.answer.slice(0, 300), false, 'a'), ...termsOf(tok, e.department ?? '', false, 'd')])];
}

interface Assoc {
  /** Per query term: entry term → association (≥ 0). */
  table: Map<string, Map<string, number>>;
}

/** Smoothed positive PMI over training pairs, pairs seen at least `minCount` times. */
function learnPmi(items: readonly Item[], selfToo: boolean, minCount = 2, delta = 0.5): Assoc {
  const cq = new Map<string, number>();
  const ce = new Map<string, number>();
  const cqe = new Map<string, Map<string, number>>();
  let n = 0;
  for (const it of items) {
    for (const et of it.goldTerms) {
      n++;
      const es = new Set(et);
      for (const e of es) ce.set(e, (ce.get(e) ?? 0) + 1);
      for (const q of it.q) {
        cq.set(q, (cq.get(q) ?? 0) + 1);
        let m = cqe.get(q);
        if (!m) cqe.set(q, (m = new Map()));
        for (const e of es) m.set(e, (m.get(e) ?? 0) + 1);
      }
    }
  }
  const table = new Map<string, Map<string, number>>();
  for (const [q, m] of cqe) {
    const out = new Map<string, number>();
    for (const [e, c] of m) {
      if (c < minCount) continue;
      if (!selfToo && e.slice(2) === q.slice(1)) continue;
      const pmi = Math.log(((c - delta) * n) / (cq.get(q)! * ce.get(e)!));
      if (pmi > 0) out.set(e, pmi);
    }
    if (out.size > 0) table.set(q, out);
  }
  return { table };
}

/** IBM Model 1, t(query term | entry term), EM from uniform with a NULL source. */
function learnModel1(items: readonly Item[], selfToo: boolean, iters = 8, minProb = 0.05): Assoc {
  const NULL = '∅';
  let t = new Map<string, Map<string, number>>(); // entry term → query term → prob
  const pairs = items.flatMap((it) => it.goldTerms.map((et) => ({ q: it.q, e: [NULL, ...et] })));
  for (let it = 0; it < iters; it++) {
    const count = new Map<string, Map<string, number>>();
    for (const { q, e } of pairs) {
      for (const qt of q) {
        let z = 0;
        for (const et of e) z += it === 0 ? 1 : (t.get(et)?.get(qt) ?? 1e-9);
        for (const et of e) {
          const p = (it === 0 ? 1 : (t.get(et)?.get(qt) ?? 1e-9)) / z;
          let m = count.get(et);
          if (!m) count.set(et, (m = new Map()));
          m.set(qt, (m.get(qt) ?? 0) + p);
        }
      }
    }
    t = new Map();
    for (const [et, m] of count) {
      let s = 0;
      for (const v of m.values()) s += v;
      const out = new Map<string, number>();
      for (const [qt, v] of m) if (v / s > 1e-4) out.set(qt, v / s);
      t.set(et, out);
    }
  }
  const table = new Map<string, Map<string, number>>();
  for (const [et, m] of t) {
    if (et === NULL) continue;
    for (const [qt, p] of m) {
      if (p < minProb) continue;
      if (!selfToo && et.slice(2) === qt.slice(1)) continue;
      let o = table.get(qt);
      if (!o) table.set(qt, (o = new Map()));
      o.set(et, p);
    }
  }
  return { table };
}

interface Variant {
  name: string;
  learn: (items: readonly Item[]) => Assoc;
  /** 'max': mean over query terms of the best association with any entry term; 'gap': same, only query terms absent from the entry. */
  agg: 'max' | 'gap';
}

function assocScore(a: Assoc, q: Terms, e: Terms, eSet: Set<string>, agg: Variant['agg']): number {
  if (q.length === 0) return 0;
  let s = 0;
  for (const qt of q) {
    if (agg === 'gap' && (eSet.has(`t${qt}`) || eSet.has(`a${qt}`))) continue;
    const m = a.table.get(qt);
    if (!m) continue;
    let best = 0;
    for (const et of e) {
      const v = m.get(et);
      if (v !== undefined && v > best) best = v;
    }
    s += best;
  }
  return s / q.length;
}

function evaluate(items: readonly Item[], entryTermsById: Map<string, Terms>, a: Assoc, agg: Variant['agg'], lambdas: readonly number[]): { top1: number[]; top5: number[]; rr: number[] } {
  const top1 = lambdas.map(() => 0);
  const top5 = lambdas.map(() => 0);
  const rr = lambdas.map(() => 0);
  for (const it of items) {
    const extra = it.cands.map((c) => {
      const e = entryTermsById.get(c.id) ?? [];
      return assocScore(a, it.q, e, new Set(e), agg);
    });
    lambdas.forEach((l, li) => {
      const order = it.cands.map((c, i) => ({ id: c.id, s: c.score + l * extra[i]!, i })).sort((x, y) => y.s - x.s || x.i - y.i);
      const r = order.findIndex((o) => it.gold.has(o.id));
      if (r === 0) top1[li]!++;
      if (r >= 0 && r < 5) top5[li]!++;
      if (r >= 0) rr[li]! += 1 / (r + 1);
    });
  }
  return { top1, top5, rr };
}

const VARIANTS: Variant[] = [
  { name: 'PMI, max, cross-term only', learn: (i) => learnPmi(i, false), agg: 'max' },
  { name: 'PMI min count 1, max, cross-term only', learn: (i) => learnPmi(i, false, 1), agg: 'max' },
  { name: 'PMI min count 1, unmatched query terms only', learn: (i) => learnPmi(i, false, 1), agg: 'gap' },
  { name: 'PMI, max, incl. identical terms', learn: (i) => learnPmi(i, true), agg: 'max' },
  { name: 'PMI, unmatched query terms only', learn: (i) => learnPmi(i, false), agg: 'gap' },
  { name: 'Model 1, max, cross-term only', learn: (i) => learnModel1(i, false), agg: 'max' },
  { name: 'Model 1, max, incl. identical terms', learn: (i) => learnModel1(i, true), agg: 'max' },
  { name: 'Model 1, unmatched query terms only', learn: (i) => learnModel1(i, false), agg: 'gap' },
];

const foldsOf = (items: readonly Item[], seed: number): number[] =>
  foldsByKey(items.map((it, i) => (grouped ? [...it.gold].sort()[0] ?? `#${i}` : `#${i}`)), K, seed);

// --variants 0,3 and --sets faq-bj restrict the run (Model 1 EM on long FAQ answers is slow).
const pick = optionalArg('variants')?.split(',').map(Number);
const variants = pick ? VARIANTS.filter((_, i) => pick.includes(i)) : VARIANTS;
// Per variant, set and outer fold: inner-CV top1 share per λ and the outer test results per λ, so
// a single λ per fold can also be chosen for both sets pooled (the product has one weight).
const record = new Map<string, { n: number; inner: number[][]; test: { top1: number[]; top5: number[]; rr: number[] }[] }[]>();
for (const set of loadDevSets(optionalArg('sets')?.split(','))) {
  const tok = new Tokenizer();
  const r = createRetriever(set.kb, { tokenizer: tok });
  const byId = new Map(set.kb.map((e) => [e.id, e]));
  const entryTermsById = new Map<string, Terms>();
  const termsFor = (id: string): Terms => {
    let t = entryTermsById.get(id);
    if (!t) entryTermsById.set(id, (t = byId.has(id) ? entryTerms(tok, byId.get(id)!) : []));
    return t;
  };
  const items: Item[] = set.queries
    .filter((q) => q.gold.length > 0)
    .map((q) => {
      const { ids, scored } = r.searchDetailed(q.query);
      ids.forEach(termsFor);
      return {
        q: termsOf(tok, q.query, true, ''),
        gold: new Set(q.gold),
        goldTerms: q.gold.map(termsFor),
        cands: ids.map((id, i) => ({ id, score: scored[i]!.score })),
      };
    });
  const n = items.length;
  const folds = foldsOf(items, 20261127);
  const base = evaluate(items, entryTermsById, { table: new Map() }, 'max', [0]);
  console.log(`\n${set.name}${grouped ? ' (folds grouped by gold entry)' : ''}: ${n} answerable; engine top1 ${pct(base.top1[0]!, n)} top5 ${pct(base.top5[0]!, n)} mrr ${pct(base.rr[0]!, n)}`);
  for (const v of variants) {
    let t1 = 0;
    let t5 = 0;
    let rr = 0;
    const chosen: number[] = [];
    // Oracle: best fixed λ over all outer test folds (optimistic, for reference only).
    const oracle = LAMBDAS.map(() => ({ t1: 0 }));
    const rec = { n, inner: [] as number[][], test: [] as { top1: number[]; top5: number[]; rr: number[] }[] };
    record.set(v.name, [...(record.get(v.name) ?? []), rec]);
    for (let f = 0; f < K; f++) {
      const train = items.filter((_, i) => folds[i] !== f);
      const test = items.filter((_, i) => folds[i] === f);
      // Inner CV on the training folds to pick λ.
      const innerFolds = folds.filter((x) => x !== f);
      const inner = LAMBDAS.map(() => 0);
      for (let g = 0; g < K; g++) {
        if (g === f) continue;
        const tr = train.filter((_, i) => innerFolds[i] !== g);
        const te = train.filter((_, i) => innerFolds[i] === g);
        const res = evaluate(te, entryTermsById, v.learn(tr), v.agg, LAMBDAS);
        res.top1.forEach((x, li) => (inner[li]! += x + 0.001 * res.rr[li]!));
      }
      const innerN = train.length;
      rec.inner.push(inner.map((x) => x / innerN));
      const li = argmax(inner);
      chosen.push(LAMBDAS[li]!);
      const a = v.learn(train);
      const res = evaluate(test, entryTermsById, a, v.agg, LAMBDAS);
      rec.test.push(res);
      t1 += res.top1[li]!;
      t5 += res.top5[li]!;
      rr += res.rr[li]!;
      res.top1.forEach((x, j) => (oracle[j]!.t1 += x));
    }
    console.log(
      `| ${v.name} | CV top1 ${pct(t1, n)} / top5 ${pct(t5, n)} / mrr ${pct(rr, n)} | λ per fold ${chosen.join(' ')} | fixed-λ CV top1 ${LAMBDAS.map((l, j) => `${l}:${pct(oracle[j]!.t1, n)}`).join(' ')} |`,
    );
  }
}

// Pooled: per outer fold the λ maximising the mean inner-CV top1 share of the sets run.
for (const [name, recs] of record) {
  if (recs.length < 2) continue;
  const choice = pooledChoice(recs.map((r) => r.inner), K, LAMBDAS.length);
  const chosen = choice.map((li) => LAMBDAS[li]!);
  const sums = recs.map(() => ({ t1: 0, t5: 0, rr: 0 }));
  for (let f = 0; f < K; f++) {
    const li = choice[f]!;
    recs.forEach((r, i) => {
      sums[i]!.t1 += r.test[f]!.top1[li]!;
      sums[i]!.t5 += r.test[f]!.top5[li]!;
      sums[i]!.rr += r.test[f]!.rr[li]!;
    });
  }
  console.log(`| ${name}, one λ for both sets | ${recs.map((r, i) => `CV top1 ${pct(sums[i]!.t1, r.n)} / top5 ${pct(sums[i]!.t5, r.n)} / mrr ${pct(sums[i]!.rr, r.n)}`).join(' | ')} | λ per fold ${chosen.join(' ')} |`);
}
