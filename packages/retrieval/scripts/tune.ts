// Tuning procedure (dev files only): `npx tsx packages/retrieval/scripts/tune.ts`.
// 1. Ranking ablation: each step adds one idea on top of the previous one (README table).
// 2. Calibration: logistic regression of "top-1 is gold" vs "query is unanswerable" on the
//    top-1 features of both dev sets pooled, with 5-fold CV figures (fixed seed).
// 3. Thresholds: the answer threshold maximising the mean decision score of the two sets.
// The printed DecisionConfig is what DEFAULT_DECISION in src/config.ts holds.
import { Bm25Baseline } from '../src/bm25-baseline.ts';
import { DEFAULT_DECISION, DEFAULT_RANKING, type RankingConfig } from '../src/config.ts';
import { FEATURE_NAMES, featureVector } from '../src/confidence.ts';
import { type DevSet, loadDevSets, rankAll, rankMetrics, type RankedQuery } from './lib/harness.ts';
import { fitListwise } from './lib/listwise.ts';
import { fitLogistic } from './lib/logistic.ts';
import { PASSAGE_FEATURES } from '../src/ranker.ts';
import { ownWords } from '../src/retriever.ts';

const sets = loadDevSets();

const STEPS: [string, Partial<RankingConfig>][] = [
  ['jieba words, BM25F answer fields', { bigram: 0, char: 0, charLong: 0, synonym: 0, coverage: 0, precision: 0, exact: 0, contiguity: 0, answerChars: false }],
  ['+ character pairs', { char: 0, charLong: 0, synonym: 0, coverage: 0, precision: 0, exact: 0, contiguity: 0, answerChars: false }],
  ['+ single characters', { synonym: 0, coverage: 0, precision: 0, exact: 0, contiguity: 0 }],
  ['+ synonym table', { coverage: 0, precision: 0, exact: 0, contiguity: 0 }],
  ['+ title coverage (abbreviations)', { precision: 0, exact: 0, contiguity: 0 }],
  ['+ title precision, exact title', { contiguity: 0 }],
  ['+ contiguity (final)', {}],
];

function baselineRow(set: DevSet): string {
  const b = new Bm25Baseline(set.kb);
  const ranked: RankedQuery[] = set.queries.map((q) => {
    const ids = b.search(q.query, 10).map((h) => h.entryId);
    return { answerable: q.gold.length > 0, rank: ids.findIndex((id) => q.gold.includes(id)), features: null, top1Correct: false };
  });
  const m = rankMetrics(ranked);
  return `${m.top1} / ${m.top5} / ${m.mrr}`;
}

if (!process.argv.includes('--calibrate-only')) {
  console.log('| step | matter-alias top1 / top5 / mrr | faq-bj top1 / top5 / mrr |');
  console.log('|---|---|---|');
  console.log(`| BM25 bigram baseline | ${sets.map(baselineRow).join(' | ')} |`);
  for (const [name, cfg] of STEPS) {
    const row = sets.map((s) => {
      const m = rankMetrics(rankAll(s, cfg).ranked);
      return `${m.top1} / ${m.top5} / ${m.mrr}`;
    });
    console.log(`| ${name} | ${row.join(' | ')} |`);
  }
}

// Answer-passage rerank (PASSAGE_FEATURES, src/ranker.ts): listwise fit on the heads of queries
// whose best candidates are all answer-only passages, 5-fold CV over queries (fixed seed).
if (!process.argv.includes('--calibrate-only')) {
  const depth = DEFAULT_RANKING.passage.depth;
  const plain = sets.map((s) => rankAll(s, { passage: { depth, weights: [] } }).ranked);
  type List = { set: number; x: number[][]; gold: boolean[]; rank: number };
  const lists: List[] = plain.flatMap((ranked, set) =>
    ranked
      .filter((r) => r.answerable)
      .map((r): List | null => {
        const head = r.head ?? [];
        if (head.length < 2 || head.some((h) => h.passage === null)) return null;
        return { set, x: head.map((h) => [h.score, ...h.passage!]), gold: head.map((h) => h.gold), rank: r.rank };
      })
      .filter((l): l is List => l !== null),
  );
  const top1With = (c: readonly number[] | null, l: List): boolean => {
    if (!c) return l.rank === 0;
    let best = -1;
    let bestScore = -Infinity;
    l.x.forEach((x, i) => {
      const v = x.reduce((a, xi, j) => a + (j === 0 ? xi : c[j]! * xi), 0);
      if (v > bestScore) [best, bestScore] = [i, v];
    });
    return l.gold[best] === true;
  };
  let seedP = 7;
  const randP = (): number => ((seedP = (seedP * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const foldP = lists.map(() => Math.floor(randP() * 5));
  const gained = sets.map(() => 0);
  for (let f = 0; f < 5; f++) {
    const c = fitListwise(lists.filter((_, i) => foldP[i] !== f));
    lists.forEach((l, i) => {
      if (foldP[i] === f) gained[l.set]! += Number(top1With(c, l)) - Number(top1With(null, l));
    });
  }
  const base = plain.map((r) => rankMetrics(r).top1);
  const answerable = plain.map((r) => r.filter((q) => q.answerable).length);
  console.log(`\npassage rerank, 5-fold CV top1: ${sets.map((s, i) => `${s.name} ${base[i]} → ${(base[i]! + (100 * gained[i]!) / answerable[i]!).toFixed(1)} (${lists.filter((l) => l.set === i).length} answer-only lists)`).join(', ')}`);
  const c = fitListwise(lists);
  console.log(`passage weights (${PASSAGE_FEATURES.join(', ')}): ${JSON.stringify(c.slice(1).map((v) => Math.round(v * 1000) / 1000))}`);
}

const finals = sets.map((s) => rankAll(s, DEFAULT_RANKING).ranked);

// Calibration target: an answer gains a point when the top-1 is gold and loses one when the
// query is unanswerable; on an answerable query with a wrong top-1 it changes nothing (not
// answering is not rewarded there either). So the model is fitted on "top-1 gold" vs
// "unanswerable" only: its odds estimate P(gold) / P(unanswerable), the quantity the decision
// score trades off.
interface Row {
  set: number;
  x: number[];
  cls: 'gold' | 'wrong' | 'unans';
  score: number;
  gap: number;
  own: boolean;
}
const rows: Row[] = finals.flatMap((ranked, set) =>
  ranked.map((r): Row => ({
    set,
    x: r.features ? featureVector(r.features) : [],
    cls: !r.answerable ? 'unans' : r.top1Correct ? 'gold' : 'wrong',
    score: r.features?.score ?? 0,
    gap: r.features?.gap ?? 0,
    own: r.features ? ownWords(r.features, DEFAULT_DECISION) : false,
  })),
);
const L2 = 0.01;
type Model = { bias: number; weights: number[] };
const fit = (train: readonly Row[]): Model => {
  const use = train.filter((r) => r.x.length > 0 && r.cls !== 'wrong');
  return fitLogistic(use.map((r) => r.x), use.map((r) => (r.cls === 'gold' ? 1 : 0)), L2);
};
const prob = (m: Model, x: readonly number[]): number => {
  let z = m.bias;
  x.forEach((v, j) => (z += (m.weights[j] ?? 0) * v));
  return 1 / (1 + Math.exp(-z));
};
// Same rule as decide(): no answer below minScore, on a tie with the runner-up or without own words.
const answered = (m: Model, r: Row, t: number): boolean =>
  r.x.length > 0 && r.own && r.score >= DEFAULT_DECISION.minScore && r.gap > DEFAULT_DECISION.tieRatio * r.score && prob(m, r.x) >= t;
/** Decision score (%) of each set when answering at confidence ≥ t. */
const decisionScores = (m: Model, subset: readonly Row[], t: number): number[] =>
  sets.map((_, i) => {
    const rs = subset.filter((r) => r.set === i);
    const ok = rs.filter((r) => (r.cls === 'unans' ? !answered(m, r, t) : r.cls === 'gold' && answered(m, r, t))).length;
    return rs.length > 0 ? (100 * ok) / rs.length : 0;
  });
const mean = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
const bestThreshold = (m: Model, subset: readonly Row[]): number => {
  let best = { t: 0.5, score: -1 };
  for (let t = 0.05; t <= 0.951; t += 0.01) {
    const score = mean(decisionScores(m, subset, t));
    if (score > best.score + 1e-9) best = { t: Math.round(t * 100) / 100, score };
  }
  return best.t;
};

// 5-fold CV (fixed seed, stratified by set): weights and threshold learned on four folds,
// decisions of the fifth collected; the CV figure is what a held-out half should see.
const K = 5;
let seed = 20261127;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const fold = new Array<number>(rows.length);
sets.forEach((_, i) => {
  const idx = rows.map((r, j) => (r.set === i ? j : -1)).filter((j) => j >= 0);
  for (let j = idx.length - 1; j > 0; j--) {
    const k = Math.floor(rand() * (j + 1));
    [idx[j], idx[k]] = [idx[k]!, idx[j]!];
  }
  idx.forEach((j, n) => (fold[j] = n % K));
});
const cvOk = sets.map(() => 0);
const cvN = sets.map(() => 0);
const cvT: number[] = [];
for (let f = 0; f < K; f++) {
  const train = rows.filter((_, j) => fold[j] !== f);
  const m = fit(train);
  const t = bestThreshold(m, train);
  cvT.push(t);
  rows.forEach((r, j) => {
    if (fold[j] !== f) return;
    cvN[r.set]!++;
    if (r.cls === 'unans' ? !answered(m, r, t) : r.cls === 'gold' && answered(m, r, t)) cvOk[r.set]!++;
  });
}
console.log(`\n${K}-fold CV decision: ${sets.map((s, i) => `${s.name} ${((100 * cvOk[i]!) / cvN[i]!).toFixed(1)}`).join(', ')} (fold thresholds ${cvT.join(' ')})`);

const model = fit(rows);
const answerAt = bestThreshold(model, rows);
console.log(`all dev: answer threshold ${answerAt}: decision ${sets.map((s, i) => `${s.name} ${decisionScores(model, rows, answerAt)[i]!.toFixed(1)}`).join(', ')}`);
const round = (x: number): number => Math.round(x * 1000) / 1000;
console.log(FEATURE_NAMES.map((n, j) => `${n} ${round(model.weights[j]!)}`).join(', '));
console.log(JSON.stringify({ bias: round(model.bias), weights: model.weights.map(round), answerAt }));
// --curve: decision score of each set per answer threshold (to see how flat the optimum is).
if (process.argv.includes('--curve')) {
  for (let t = 0.1; t <= 0.9; t += 0.05) console.log(t.toFixed(2), sets.map((s, i) => `${s.name} ${decisionScores(model, rows, t)[i]!.toFixed(1)}`).join('  '));
}
