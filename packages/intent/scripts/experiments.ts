// Hyper-parameter search by 5-fold CV on the dev file only. Prints one line per config.
import { fileURLToPath } from 'node:url';
import { readJsonl } from '../src/data.ts';
import { crossValidate } from '../src/cross-validate.ts';
import { DEFAULT_PIPELINE, type PipelineConfig } from '../src/pipeline.ts';
import { extractFeatures, type FeatureOptions } from '../src/tokenize.ts';

const dataPath = fileURLToPath(new URL('../data/intent.dev.jsonl', import.meta.url));
const rows = readJsonl(dataPath);
const texts = rows.map((r) => r.text);
const labels = rows.map((r) => r.label);

const base = DEFAULT_PIPELINE;
const f = (o: Partial<FeatureOptions>): FeatureOptions => ({ ...base.features, ...o });
const grid: [string, PipelineConfig][] = JSON.parse(process.argv[2] ?? 'null') ?? [
  ['words only', { ...base, features: f({ charMin: 0, charMax: 0 }) }],
  ['chars 1-3 only', { ...base, features: f({ words: false }) }],
  ['words + chars 1-3', base],
  ['l2 3e-5', { ...base, l2: 3e-5 }],
  ['l2 3e-4', { ...base, l2: 3e-4 }],
];

const cache = new Map<string, string[][]>();
for (const [name, cfg] of grid) {
  const key = JSON.stringify(cfg.features);
  let docs = cache.get(key);
  if (!docs) {
    docs = texts.map((t) => extractFeatures(t, cfg.features));
    cache.set(key, docs);
  }
  const t0 = performance.now();
  const { metrics } = crossValidate(texts, labels, cfg, 5, 42, docs);
  console.log(`${name.padEnd(28)} acc ${metrics.accuracy.toFixed(2)} macroF1 ${metrics.macro_f1.toFixed(2)} complaintP ${metrics.complaint_precision.toFixed(2)} R ${metrics.complaint_recall.toFixed(2)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
