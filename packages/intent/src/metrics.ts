import { MODEL_LABELS, type ModelLabel } from './labels.ts';

export interface Metrics {
  n: number;
  accuracy: number;
  macro_f1: number;
  complaint_precision: number;
  complaint_recall: number;
}

const pct = (x: number): number => Math.round(x * 10000) / 100;

export function perLabel(gold: readonly ModelLabel[], pred: readonly ModelLabel[], label: ModelLabel): { p: number; r: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const p = pred[i];
    if (p === label && g === label) tp++;
    else if (p === label) fp++;
    else if (g === label) fn++;
  });
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** Figures as percentages 0–100 with two decimals. */
export function computeMetrics(gold: readonly ModelLabel[], pred: readonly ModelLabel[]): Metrics {
  if (gold.length !== pred.length) throw new Error('gold/pred length mismatch');
  const correct = gold.filter((g, i) => g === pred[i]).length;
  const f1s = MODEL_LABELS.map((l) => perLabel(gold, pred, l).f1);
  const complaint = perLabel(gold, pred, 'complaint');
  return {
    n: gold.length,
    accuracy: pct(gold.length ? correct / gold.length : 0),
    macro_f1: pct(f1s.reduce((a, b) => a + b, 0) / f1s.length),
    complaint_precision: pct(complaint.p),
    complaint_recall: pct(complaint.r),
  };
}
