import type { DecisionConfig } from './config.ts';
import type { Candidate, Decision } from './types.ts';

/** Per-candidate evidence the calibration looks at; all roughly in [0, 1] and KB-independent. */
export interface ConfidenceFeatures {
  score: number;
  /** Score minus the best *other* candidate's score (negative below rank one). */
  gap: number;
  answerScore: number;
  /** IDF-weighted share of the query's words and pairs found anywhere in the entry. */
  coverage: number;
  /** ln(1 + distinct query units): short queries are more ambiguous. */
  queryUnits: number;
}

export function featureVector(f: ConfidenceFeatures): number[] {
  return [f.score, f.gap, f.answerScore, f.coverage, Math.log1p(f.queryUnits)];
}

export function calibrate(f: ConfidenceFeatures, cfg: DecisionConfig): number {
  const x = featureVector(f);
  let z = cfg.bias;
  for (let i = 0; i < x.length; i++) z += (cfg.weights[i] ?? 0) * x[i]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The one place answer/suggest/none is decided; the server and the eval both go through it.
 * Suggesting is judged on the *summed* confidence of the offered candidates: two entries tied
 * at 0.2 each are individually too weak to answer, but one of them is likely what was meant.
 */
export function decide(candidates: readonly Candidate[], cfg: DecisionConfig): Decision {
  const top = candidates[0];
  if (!top || top.score < cfg.minScore) return { kind: 'none' };
  const gap = top.score - (candidates[1]?.score ?? 0);
  if (top.confidence >= cfg.answerAt && gap >= cfg.minGap) return { kind: 'answer', entryId: top.entryId, confidence: top.confidence };
  const suggestions = candidates
    .filter((c) => c === top || c.score >= cfg.suggestRatio * top.score)
    .slice(0, cfg.maxSuggestions);
  const mass = suggestions.reduce((s, c) => s + c.confidence, 0);
  return mass >= cfg.suggestAt ? { kind: 'suggest', candidates: suggestions } : { kind: 'none' };
}
