import { MODEL_LABELS, type ModelLabel } from './labels.ts';
import { computeMetrics, type Metrics } from './metrics.ts';

/** Apply the consult fallback to class probabilities (same rule as IntentClassifier.classify). */
export function labelWithFallback(p: ArrayLike<number>, threshold: number): ModelLabel {
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
  const label = MODEL_LABELS[best] as ModelLabel;
  return label !== 'consult' && (p[best] as number) < threshold ? 'consult' : label;
}

export interface ThresholdRow {
  threshold: number;
  metrics: Metrics;
}

export function sweepThresholds(gold: ModelLabel[], probs: ArrayLike<number>[], thresholds: number[]): ThresholdRow[] {
  return thresholds.map((threshold) => ({
    threshold,
    metrics: computeMetrics(gold, probs.map((p) => labelWithFallback(p, threshold))),
  }));
}

/**
 * Highest threshold whose CV macro-F1 stays within `maxF1Loss` points of no fallback: we buy
 * complaint precision (fewer citizens wrongly redirected) only while overall quality barely moves.
 */
export function chooseThreshold(rows: ThresholdRow[], maxF1Loss = 0.25): ThresholdRow {
  const base = rows.find((r) => r.threshold === 0) ?? rows[0];
  if (!base) throw new Error('no threshold rows');
  let chosen = base;
  for (const r of rows) {
    if (r.metrics.macro_f1 >= base.metrics.macro_f1 - maxF1Loss && r.threshold > chosen.threshold) chosen = r;
  }
  return chosen;
}
