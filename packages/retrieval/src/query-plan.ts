import type { RankingConfig } from './config.ts';
import { normalizeText } from './normalize.ts';
import { findSynonyms, synonymVariants } from './synonyms.ts';
import { type Analysis, type Tokenizer, units } from './tokenizer.ts';

// Term keys are prefixed by kind so a two-character word and the bigram with the same
// characters are different index terms with their own statistics.
export const WORD = 'w';
export const BIGRAM = 'b';
export const CHAR = 'c';

/** Term kinds as numbers, for hot loops: 0 word, 1 pair, 2 single character. */
export const KIND_WORD = 0;
export const KIND_PAIR = 1;
export const KIND_CHAR = 2;

export interface QueryTerm {
  key: string;
  kind: 0 | 1 | 2;
  weight: number;
  /** Came only from a synonym rewrite (explanations show the original words first). */
  synonym: boolean;
  /** A single character that no pair of the query contains. */
  isolated: boolean;
}

export interface QueryPlan {
  analysis: Analysis;
  terms: QueryTerm[];
  /** Query content plus synonym rewrites, for coverage features. */
  variants: string[];
  /** Distinct content units of the query (CJK chars / latin tokens). */
  unitCount: number;
  /** The query asks to look something up (查, 询, 进度, 到哪了): lookup-service titles are not penalised. */
  asksLookup: boolean;
}

const ASKS_LOOKUP = /查|询|进度|到哪|办好了没|结果/;

export function analysisKeys(a: Analysis, withChars: boolean): Map<string, number> {
  const m = new Map<string, number>();
  const add = (k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const w of a.words) add(WORD + w);
  for (const b of a.bigrams) add(BIGRAM + b);
  if (withChars) for (const c of a.chars) add(CHAR + c);
  return m;
}

export function planQuery(query: string, tokenizer: Tokenizer, cfg: RankingConfig): QueryPlan {
  const analysis = tokenizer.analyze(query, cfg.querySearchWords);
  const unitCount = new Set(units(analysis.content.replace(/ /g, ''))).size;
  const charWeight = unitCount <= cfg.shortQueryUnits ? cfg.char : cfg.charLong;
  const byKey = new Map<string, QueryTerm>();
  const paired = new Set(analysis.bigrams.flatMap((b) => units(b)));
  const add = (key: string, weight: number, synonym: boolean): void => {
    const t = byKey.get(key);
    if (t) t.weight += synonym ? 0 : weight;
    else {
      const kind = key[0] === WORD ? KIND_WORD : key[0] === BIGRAM ? KIND_PAIR : KIND_CHAR;
      byKey.set(key, { key, kind, weight, synonym, isolated: kind === KIND_CHAR && !paired.has(key.slice(1)) });
    }
  };
  const addAnalysis = (a: Analysis, scale: number, synonym: boolean): void => {
    for (const w of new Set(a.words)) add(WORD + w, cfg.word * scale, synonym);
    for (const b of new Set(a.bigrams)) add(BIGRAM + b, cfg.bigram * scale, synonym);
    for (const c of new Set(a.chars)) add(CHAR + c, charWeight * scale, synonym);
  };
  addAnalysis(analysis, 1, false);
  const content = analysis.content.replace(/ /g, '');
  const hits = findSynonyms(normalizeText(query).replace(/\s+/g, ''));
  for (const h of hits) for (const alt of h.alternatives) addAnalysis(tokenizer.analyze(alt, cfg.querySearchWords), cfg.synonym, true);
  const variants = [content, ...synonymVariants(content, hits)];
  return { analysis, terms: [...byKey.values()], variants, unitCount, asksLookup: ASKS_LOOKUP.test(normalizeText(query)) };
}

