// Tuning procedure (dev files only): `npx tsx packages/retrieval/scripts/tune.ts`.
// 1. Ranking ablation: each step adds one idea on top of the previous one (README table).
// 2. Calibration: logistic regression of "top-1 is a gold entry" on the top-1 features of
//    both dev sets pooled (unanswerable queries are negatives).
// 3. Thresholds: the answer threshold maximising the mean decision score of the two sets.
// The printed DecisionConfig is what DEFAULT_DECISION in src/config.ts holds.
import { Bm25Baseline } from '../src/bm25-baseline.ts';
import { DEFAULT_DECISION, DEFAULT_RANKING, type RankingConfig } from '../src/config.ts';
import { calibrate, featureVector } from '../src/confidence.ts';
import { type DevSet, loadDevSets, rankAll, rankMetrics, type RankedQuery } from './lib/harness.ts';
import { fitLogistic } from './lib/logistic.ts';

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

const finals = sets.map((s) => rankAll(s, DEFAULT_RANKING).ranked);
const xs: number[][] = [];
const ys: number[] = [];
for (const ranked of finals) {
  for (const r of ranked) {
    if (!r.features) continue;
    xs.push(featureVector(r.features));
    ys.push(r.top1Correct ? 1 : 0);
  }
}
const model = fitLogistic(xs, ys);

/** Decision score (%) of one set if top-1 is answered at confidence ≥ t. */
function decisionAt(ranked: readonly RankedQuery[], t: number, minGap = 0): number {
  let ok = 0;
  for (const r of ranked) {
    const conf = r.features ? calibrate(r.features, { ...DEFAULT_DECISION, ...model }) : 0;
    const answered = conf >= t && (r.features?.gap ?? 0) >= minGap;
    if (r.answerable ? answered && r.top1Correct : !answered) ok++;
  }
  return (100 * ok) / ranked.length;
}

let best = { t: 0.5, g: 0, score: -1 };
for (const g of [0, 0.005, 0.01, 0.02, 0.05]) {
  for (let t = 0.05; t <= 0.951; t += 0.01) {
    const score = finals.reduce((s, r) => s + decisionAt(r, t, g), 0) / finals.length;
    if (score > best.score) best = { t: Math.round(t * 100) / 100, g, score };
  }
  console.log(`minGap ${g}: best mean decision so far ${best.score.toFixed(2)}`);
}
console.log(`\nanswer threshold ${best.t}, minGap ${best.g}: decision ${sets.map((s, i) => `${s.name} ${decisionAt(finals[i]!, best.t, best.g).toFixed(1)}`).join(', ')}`);
const round = (x: number): number => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({ bias: round(model.bias), weights: model.weights.map(round), answerAt: best.t, minGap: best.g }));
// --curve: decision score of each set per answer threshold (to see how flat the optimum is).
if (process.argv.includes('--curve')) {
  for (let t = 0.1; t <= 0.9; t += 0.05) console.log(t.toFixed(2), sets.map((s, i) => `${s.name} ${decisionAt(finals[i]!, t).toFixed(1)}`).join('  '));
}
