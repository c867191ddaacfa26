// Stratified k-fold CV of the shipped configuration on a labelled file, plus the fallback-threshold
// sweep. Usage: tsx packages/intent/scripts/cv.ts [--data FILE] [--folds 5] [--seed 42]
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '../src/data.ts';
import { crossValidate } from '../src/cross-validate.ts';
import { chooseThreshold, sweepThresholds } from '../src/threshold.ts';
import { CV_FOLDS, CV_SEED, SHIPPED_CONFIG, THRESHOLD_GRID } from './config.ts';

const { values } = parseArgs({
  options: { data: { type: 'string' }, folds: { type: 'string' }, seed: { type: 'string' } },
});
const path = values.data ?? fileURLToPath(new URL('../data/intent.dev.jsonl', import.meta.url));
const folds = Number(values.folds ?? CV_FOLDS);
const seed = Number(values.seed ?? CV_SEED);
const rows = readJsonl(path);
const t0 = performance.now();
const { metrics, oof } = crossValidate(rows.map((r) => r.text), rows.map((r) => r.label), SHIPPED_CONFIG, folds, seed);
console.log(`${folds}-fold CV (seed ${seed}) on ${rows.length} messages, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log('threshold  accuracy  macro_f1  complaint_P  complaint_R');
const sweep = sweepThresholds(rows.map((r) => r.label), oof, THRESHOLD_GRID);
for (const { threshold, metrics: m } of sweep) {
  console.log(`${threshold.toFixed(2).padStart(9)}  ${m.accuracy.toFixed(2).padStart(8)}  ${m.macro_f1.toFixed(2).padStart(8)}  ${m.complaint_precision.toFixed(2).padStart(11)}  ${m.complaint_recall.toFixed(2).padStart(11)}`);
}
const chosen = chooseThreshold(sweep);
console.log(JSON.stringify({ folds, seed, no_fallback: metrics, chosen_threshold: chosen.threshold, with_fallback: chosen.metrics }));
