// CV of logistic regression blended with naive Bayes: trains each fold once, then sweeps the blend
// weight on the stored out-of-fold scores. Usage: tsx blend-experiment.ts '{"l2":1e-4,...}'
import { fileURLToPath } from 'node:url';
import { readJsonl, stratifiedFolds } from '../src/data.ts';
import { argmaxLabel } from '../src/cross-validate.ts';
import { computeMetrics } from '../src/metrics.ts';
import { DEFAULT_PIPELINE, trainFromFeatures, type PipelineConfig } from '../src/pipeline.ts';
import { scores, softmaxInPlace } from '../src/softmax-regression.ts';
import { extractFeatures } from '../src/tokenize.ts';
import type { ModelLabel } from '../src/labels.ts';

const rows = readJsonl(fileURLToPath(new URL('../data/intent.dev.jsonl', import.meta.url)));
const labels = rows.map((r) => r.label);
const override = JSON.parse(process.argv[2] ?? '{}') as Partial<PipelineConfig>;
const config: PipelineConfig = { ...DEFAULT_PIPELINE, ...override, nbWeight: 1 };
const docs = rows.map((r) => extractFeatures(r.text, config.features));
const fold = stratifiedFolds(labels, 5, 42);
const zl: Float64Array[] = [];
const zn: Float64Array[] = [];
for (let f = 0; f < 5; f++) {
  const tr = fold.flatMap((g, i) => (g === f ? [] : [i]));
  const model = trainFromFeatures(tr.map((i) => docs[i] as string[]), tr.map((i) => labels[i] as ModelLabel), config);
  fold.forEach((g, i) => {
    if (g !== f) return;
    const x = model.vectorizer.transform(docs[i] as string[]);
    zl[i] = scores(model.linear, x);
    zn[i] = scores(model.nb!, x);
  });
}
const show = (name: string, pred: ModelLabel[]) => {
  const m = computeMetrics(labels, pred);
  console.log(`${name.padEnd(16)} acc ${m.accuracy.toFixed(2)} macroF1 ${m.macro_f1.toFixed(2)} complaintP ${m.complaint_precision.toFixed(2)} R ${m.complaint_recall.toFixed(2)}`);
};
console.log(JSON.stringify(override));
show('nb only', zn.map(argmaxLabel));
for (const w of [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]) {
  show(`lr + ${w}*nb`, zl.map((z, i) => argmaxLabel(softmaxInPlace(z.map((v, k) => v + w * (zn[i]![k] as number))))));
}
