import { units } from './tokenizer.ts';

export interface Coverage {
  /** IDF-weighted share of query units found in the title (recall of the query). */
  recall: number;
  /** Share of the title's units that the query accounts for (prefers tight titles). */
  precision: number;
  /** 1 when the query occurs contiguously in the title, decaying with how late it starts. */
  contiguity: number;
}

/** A query variant prepared once per search: its units and their IDF weights. */
export interface CoverageQuery {
  text: string;
  units: Set<string>;
  weights: Map<string, number>;
  total: number;
}

export function prepareCoverage(text: string, idf: (unit: string) => number): CoverageQuery {
  const us = new Set(units(text));
  const weights = new Map<string, number>();
  let total = 0;
  for (const u of us) {
    const w = idf(u);
    weights.set(u, w);
    total += w;
  }
  return { text, units: us, weights, total };
}

/**
 * Abbreviation-tolerant match of a query against a title: "设所" covers 设(立) and (事务)所 in
 * 律师事务所设立许可 even though no word or bigram matches. Units are compared as sets, since
 * everyday abbreviations often reorder the parts of an official name.
 */
export function coverage(q: CoverageQuery, title: string, titleUnits: readonly string[]): Coverage {
  let hit = 0;
  for (const [u, w] of q.weights) if (title.includes(u)) hit += w;
  let covered = 0;
  for (const u of titleUnits) if (q.units.has(u)) covered++;
  // Short names usually keep the head of the official name ("律师执业" ⊂ "律师执业许可"), so an
  // early contiguous occurrence is a better sign than the same characters further back.
  const at = q.text ? title.indexOf(q.text) : -1;
  return {
    recall: q.total > 0 ? hit / q.total : 0,
    precision: titleUnits.length > 0 ? covered / titleUnits.length : 0,
    contiguity: at < 0 ? 0 : 1 / (1 + at / Math.max(q.text.length, 1)),
  };
}
