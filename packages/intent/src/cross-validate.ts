import type { ModelLabel } from './labels.ts';
import { MODEL_LABELS } from './labels.ts';
import { stratifiedFolds } from './data.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import { probaFromFeatures, trainFromFeatures, type PipelineConfig } from './pipeline.ts';
import { extractFeatures } from './tokenize.ts';

export interface CvResult {
  metrics: Metrics;
  /** Out-of-fold class probabilities, one row per message, in MODEL_LABELS order. */
  oof: Float64Array[];
}

export function argmaxLabel(p: ArrayLike<number>): ModelLabel {
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
  return MODEL_LABELS[best] as ModelLabel;
}

/**
 * Out-of-fold predictions. `featureCache` lets callers share tokenisation across configs with
 * identical feature options (jieba is the slow part of a small experiment).
 */
export function crossValidate(
  texts: string[],
  labels: ModelLabel[],
  config: PipelineConfig,
  k = 5,
  seed = 42,
  docs: string[][] = texts.map((t) => extractFeatures(t, config.features)),
): CvResult {
  const fold = stratifiedFolds(labels, k, seed);
  const oof = new Array<Float64Array>(texts.length);
  for (let f = 0; f < k; f++) {
    const trainIdx = fold.flatMap((g, i) => (g === f ? [] : [i]));
    const testIdx = fold.flatMap((g, i) => (g === f ? [i] : []));
    const model = trainFromFeatures(
      trainIdx.map((i) => docs[i] as string[]),
      trainIdx.map((i) => labels[i] as ModelLabel),
      config,
    );
    for (const i of testIdx) oof[i] = probaFromFeatures(model, docs[i] as string[]);
  }
  return { metrics: computeMetrics(labels, oof.map(argmaxLabel)), oof };
}
