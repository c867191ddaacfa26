import type { Decision } from '../../src/types.ts';
import type { EvalQuery } from './jsonl.ts';

export interface QueryOutcome {
  query: EvalQuery;
  ranked: string[];
  decision: Decision;
  ms: number;
}

export interface EvalReport {
  queries: number;
  answerable: number;
  top1: number;
  top5: number;
  mrr: number;
  answered: number;
  answered_correct: number;
  false_answer: number;
  decision: number;
  p50_ms: number;
  p99_ms: number;
}

const pct = (n: number, d: number): number => (d > 0 ? Math.round((1000 * n) / d) / 10 : 0);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** The acceptance metrics; all shares are percentages 0–100, MRR included. */
export function summarize(outcomes: readonly QueryOutcome[]): EvalReport {
  let answerable = 0, top1 = 0, top5 = 0, rr = 0, answered = 0, answeredCorrect = 0, falseAnswer = 0, correct = 0;
  for (const o of outcomes) {
    const gold = new Set(o.query.gold);
    const answeredId = o.decision.kind === 'answer' ? o.decision.entryId : null;
    if (answeredId) answered++;
    if (gold.size === 0) {
      if (answeredId) falseAnswer++;
      else correct++;
      continue;
    }
    answerable++;
    const rank = o.ranked.findIndex((id) => gold.has(id));
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 5) top5++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (answeredId && gold.has(answeredId)) {
      answeredCorrect++;
      correct++;
    }
  }
  const n = outcomes.length;
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    queries: n,
    answerable,
    top1: pct(top1, answerable),
    top5: pct(top5, answerable),
    mrr: pct(rr, answerable),
    answered: pct(answered, n),
    answered_correct: pct(answeredCorrect, answerable),
    false_answer: pct(falseAnswer, n - answerable),
    decision: pct(correct, n),
    p50_ms: Math.round(quantile(ms, 0.5) * 1000) / 1000,
    p99_ms: Math.round(quantile(ms, 0.99) * 1000) / 1000,
  };
}
