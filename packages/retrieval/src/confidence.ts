import type { DecisionConfig } from './config.ts';
import type { Candidate, Decision } from './types.ts';

/** Per-candidate evidence the calibration looks at; all roughly in [0, 1] and KB-independent. */
export interface ConfidenceFeatures {
  /** Final ranking score (stage one normalised by the query's own maximum, plus title coverage). */
  score: number;
  /** Score minus the best *other* candidate's score (negative below rank one). */
  gap: number;
  /** Score minus the second-best other candidate's score (margin to rank three for the top). */
  gap2: number;
  /** Stage-one contributions of the answer side and of the best title. */
  answerScore: number;
  titleScore: number;
  /** Best title coverage term of the rerank and whether a title equals the query. */
  titleCoverage: number;
  exact: number;
  /** IDF-weighted share of the query's words and pairs found anywhere in the entry. */
  coverage: number;
  /** The same by term kind: words, pairs, single characters. */
  wordCoverage: number;
  pairCoverage: number;
  charCoverage: number;
  /** Coverage minus the best other reranked candidate's (word space, character space). */
  wordLead: number;
  charLead: number;
  /** 1 when the candidate is first in both the word-coverage and character-coverage orders. */
  agreement: number;
  /** Distinct query units and distinct content words (short queries are more ambiguous). */
  queryUnits: number;
  queryWords: number;
  /** IDF (relative to the largest possible) of the rarest query word / pair missing from the entry. */
  missWord: number;
  missPair: number;
  /** ln(1 + other candidates scoring at least 90 % of this one). */
  crowd: number;
}

export const FEATURE_NAMES = [
  'score', 'gap', 'gap2', 'answerScore', 'titleScore', 'titleCoverage', 'exact', 'coverage',
  'wordCoverage', 'pairCoverage', 'charCoverage', 'wordLead', 'charLead', 'agreement', 'lnUnits', 'lnWords', 'titleMatch', 'missWord', 'missPair', 'crowd',
] as const;

export function featureVector(f: ConfidenceFeatures): number[] {
  return [
    f.score, f.gap, f.gap2, f.answerScore, f.titleScore, f.titleCoverage, f.exact, f.coverage,
    f.wordCoverage, f.pairCoverage, f.charCoverage, f.wordLead, f.charLead, f.agreement,
    Math.log1p(f.queryUnits), Math.log1p(f.queryWords), f.titleScore > 0 && f.titleScore >= f.answerScore ? 1 : 0,
    f.missWord, f.missPair, f.crowd,
  ];
}

export function emptyFeatures(plan: { unitCount: number; terms: readonly { key: string; synonym: boolean }[] }): ConfidenceFeatures {
  let words = 0;
  for (const t of plan.terms) if (!t.synonym && t.key[0] === 'w') words++;
  return {
    score: 0, gap: 0, gap2: 0, answerScore: 0, titleScore: 0, titleCoverage: 0, exact: 0, coverage: 0,
    wordCoverage: 0, pairCoverage: 0, charCoverage: 0, wordLead: 0, charLead: 0, agreement: 0,
    queryUnits: plan.unitCount, queryWords: words, missWord: 0, missPair: 0, crowd: 0,
  };
}

/** Features relative to the other candidates; `ranked` is sorted by score, best first. */
export function finishFeatures(ranked: readonly { score: number; features: ConfidenceFeatures }[]): void {
  const s0 = ranked[0]?.score ?? 0;
  const s1 = ranked[1]?.score ?? 0;
  const s2 = ranked[2]?.score ?? 0;
  // Best and runner-up coverage over the reranked list, so each candidate sees the best *other*.
  let w1 = -1, w2 = -1, c1 = -1, c2 = -1;
  for (const r of ranked) {
    const w = r.features.wordCoverage;
    const c = r.features.charCoverage;
    if (w > w1) [w1, w2] = [w, w1];
    else if (w > w2) w2 = w;
    if (c > c1) [c1, c2] = [c, c1];
    else if (c > c2) c2 = c;
  }
  ranked.forEach((r, i) => {
    const f = r.features;
    f.score = r.score;
    f.gap = r.score - (i === 0 ? s1 : s0);
    f.gap2 = r.score - (i <= 1 ? s2 : s1);
    const ow = f.wordCoverage === w1 ? Math.max(w2, 0) : w1;
    const oc = f.charCoverage === c1 ? Math.max(c2, 0) : c1;
    f.wordLead = f.wordCoverage - ow;
    f.charLead = f.charCoverage - oc;
    f.agreement = f.wordCoverage >= w1 && f.charCoverage >= c1 ? 1 : 0;
    let crowd = 0;
    for (let j = 0; j < ranked.length && ranked[j]!.score >= 0.9 * r.score; j++) if (j !== i) crowd++;
    f.crowd = Math.log1p(crowd);
  });
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
  const rival = candidates.slice(1).some((c) => c.score >= (1 - cfg.rivalRatio) * top.score && c.confidence >= top.confidence - cfg.rivalMargin);
  if (!rival && top.ownWords && top.confidence >= cfg.answerAt && gap >= cfg.minGap && gap > (top.card ? cfg.cardTieRatio : cfg.tieRatio) * top.score) return { kind: 'answer', entryId: top.entryId, confidence: top.confidence };
  const suggestions = candidates
    .filter((c) => c === top || c.score >= cfg.suggestRatio * top.score)
    .slice(0, cfg.maxSuggestions);
  const mass = suggestions.reduce((s, c) => s + c.confidence, 0);
  return mass >= cfg.suggestAt ? { kind: 'suggest', candidates: suggestions } : { kind: 'none' };
}
