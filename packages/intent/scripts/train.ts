// Trains the shipped model on the dev file: CV first (to pick the fallback threshold and record
// honest figures in the file), then a final fit on all rows.
// Usage: tsx packages/intent/scripts/train.ts [--data FILE] [--out FILE] [--skip-cv]
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '../src/data.ts';
import { crossValidate } from '../src/cross-validate.ts';
import { toModelFile, writeModelFile } from '../src/model-file.ts';
import { trainPipeline } from '../src/pipeline.ts';
import { chooseThreshold, sweepThresholds } from '../src/threshold.ts';
import { CV_FOLDS, CV_SEED, SHIPPED_CONFIG, THRESHOLD_GRID } from './config.ts';

const { values } = parseArgs({
  options: { data: { type: 'string' }, out: { type: 'string' }, 'skip-cv': { type: 'boolean' }, threshold: { type: 'string' } },
});
const dataPath = values.data ?? fileURLToPath(new URL('../data/intent.dev.jsonl', import.meta.url));
const outPath = values.out ?? fileURLToPath(new URL('../model/intent-model.json', import.meta.url));
const rows = readJsonl(dataPath);
const texts = rows.map((r) => r.text);
const labels = rows.map((r) => r.label);

let threshold = Number(values.threshold ?? 0);
let cv;
const t0 = performance.now();
if (!values['skip-cv'] && values.threshold === undefined) {
  const res = crossValidate(texts, labels, SHIPPED_CONFIG, CV_FOLDS, CV_SEED);
  const chosen = chooseThreshold(sweepThresholds(labels, res.oof, THRESHOLD_GRID));
  threshold = chosen.threshold;
  cv = chosen.metrics;
  console.log(`CV ${CV_FOLDS}-fold: ${JSON.stringify(res.metrics)}; fallback threshold ${threshold}: ${JSON.stringify(cv)}`);
}
const t1 = performance.now();
const pipeline = trainPipeline(texts, labels, SHIPPED_CONFIG);
const file = toModelFile(pipeline, threshold, {
  rows: rows.length,
  ...(cv ? { cv } : {}),
  note: `${CV_FOLDS}-fold CV (seed ${CV_SEED}) with the fallback threshold applied; final fit on all rows`,
});
mkdirSync(dirname(outPath), { recursive: true });
const bytes = writeModelFile(outPath, file);
console.log(`vocab ${pipeline.vectorizer.size}, fit ${((performance.now() - t1) / 1000).toFixed(1)} s, total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`wrote ${outPath} (${(bytes / 1e6).toFixed(2)} MB)`);
