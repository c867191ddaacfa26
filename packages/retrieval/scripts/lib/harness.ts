import { performance } from 'node:perf_hooks';
import type { RankingConfig } from '../../src/config.ts';
import type { ConfidenceFeatures } from '../../src/confidence.ts';
import { createRetriever } from '../../src/retriever.ts';
import { Tokenizer } from '../../src/tokenizer.ts';
import type { KbEntry } from '../../src/types.ts';
import { type EvalQuery, readJsonl, readKb } from './jsonl.ts';

export interface DevSet {
  name: string;
  kb: KbEntry[];
  queries: EvalQuery[];
}

/** Top-1 features and whether the top-1 is gold, per query: the calibration training data. */
export interface RankedQuery {
  answerable: boolean;
  rank: number;
  features: ConfidenceFeatures | null;
  top1Correct: boolean;
  /** Head of the list for the passage rerank: score, gold flag, passage features (null: has a title). */
  head?: { score: number; gold: boolean; passage: number[] | null }[];
}

const DATA = new URL('../../eval-data/', import.meta.url);

export function loadDevSets(names = ['matter-alias', 'faq-bj']): DevSet[] {
  return names.map((name) => ({
    name,
    kb: readKb(new URL(`${name}.kb.jsonl`, DATA).pathname),
    queries: readJsonl<EvalQuery>(new URL(`${name}.dev.jsonl`, DATA).pathname),
  }));
}

const shared = new Map<string, Tokenizer>();

/**
 * Ranks every dev query under `ranking`. One jieba per set keeps sweeps cheap while each KB's
 * dictionary stays its own, as in the eval script.
 */
export function rankAll(set: DevSet, ranking: Partial<RankingConfig>): { ranked: RankedQuery[]; ms: number } {
  let tokenizer = shared.get(set.name);
  if (!tokenizer) shared.set(set.name, (tokenizer = new Tokenizer()));
  const r = createRetriever(set.kb, { ranking, tokenizer });
  const t0 = performance.now();
  const ranked = set.queries.map((q): RankedQuery => {
    const { ids, scored, passage } = r.searchDetailed(q.query);
    const gold = new Set(q.gold);
    return {
      head: passage.map((p, i) => ({ score: scored[i]!.score, gold: gold.has(ids[i]!), passage: p })),
      answerable: gold.size > 0,
      rank: ids.findIndex((id) => gold.has(id)),
      features: scored[0]?.features ?? null,
      top1Correct: ids[0] !== undefined && gold.has(ids[0]),
    };
  });
  return { ranked, ms: (performance.now() - t0) / set.queries.length };
}

export function rankMetrics(ranked: readonly RankedQuery[]): { top1: number; top5: number; mrr: number } {
  const a = ranked.filter((r) => r.answerable);
  const share = (f: (r: RankedQuery) => number): number => Math.round((1000 * a.reduce((s, r) => s + f(r), 0)) / a.length) / 10;
  return {
    top1: share((r) => (r.rank === 0 ? 1 : 0)),
    top5: share((r) => (r.rank >= 0 && r.rank < 5 ? 1 : 0)),
    mrr: share((r) => (r.rank >= 0 ? 1 / (r.rank + 1) : 0)),
  };
}
