import { units } from './tokenizer.ts';

export interface Coverage {
  /** IDF-weighted share of query units found in the title (recall of the query). */
  recall: number;
  /** Share of the title's units that the query accounts for (prefers tight titles). */
  precision: number;
  /** 1 when the query occurs contiguously in the title, decaying with how late it starts. */
  contiguity: number;
}

/**
 * Abbreviation-tolerant match of a query against a title: "设所" covers 设(立) and (事务)所 in
 * 律师事务所设立许可 even though no word or bigram matches. Units are compared as sets, since
 * everyday abbreviations often reorder the parts of an official name.
 */
export function coverage(query: string, title: string, idf: (unit: string) => number): Coverage {
  const q = new Set(units(query));
  const tUnits = units(title);
  const t = new Set(tUnits);
  let total = 0;
  let hit = 0;
  for (const u of q) {
    const w = idf(u);
    total += w;
    if (t.has(u)) hit += w;
  }
  let covered = 0;
  for (const u of tUnits) if (q.has(u)) covered++;
  // Short names usually keep the head of the official name ("律师执业" ⊂ "律师执业许可"), so an
  // early contiguous occurrence is a better sign than the same characters further back.
  const at = query ? title.indexOf(query) : -1;
  return {
    contiguity: at < 0 ? 0 : 1 / (1 + at / Math.max(query.length, 1)),
    recall: total > 0 ? hit / total : 0,
    precision: tUnits.length > 0 ? covered / tUnits.length : 0,
  };
}
