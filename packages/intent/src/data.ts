import { readFileSync } from 'node:fs';
import { isModelLabel, MODEL_LABELS, type ModelLabel } from './labels.ts';
import { mulberry32, shuffleInPlace } from './rng.ts';

export interface LabelledMessage {
  text: string;
  label: ModelLabel;
}

export function readJsonl(path: string): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as { text?: unknown; label?: unknown };
    if (typeof row.text !== 'string' || !isModelLabel(row.label)) {
      throw new Error(`${path}:${i + 1}: expected {"text": string, "label": ${MODEL_LABELS.join('|')}}`);
    }
    out.push({ text: row.text, label: row.label });
  });
  return out;
}

/** Fold id per row; each label is shuffled (seeded) and dealt round-robin so folds keep the class mix. */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const fold = new Array<number>(labels.length).fill(0);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l) ?? [];
    list.push(i);
    byLabel.set(l, list);
  });
  let offset = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const rows = shuffleInPlace(byLabel.get(key) ?? [], rand);
    rows.forEach((row, j) => (fold[row] = (j + offset) % k));
    offset += rows.length;
  }
  return fold;
}
