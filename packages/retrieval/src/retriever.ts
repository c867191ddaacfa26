import { DEFAULT_DECISION, DEFAULT_RANKING, type DecisionConfig, type RankingConfig } from './config.ts';
import { calibrate, decide } from './confidence.ts';
import { EntryIndex } from './entry-index.ts';
import { BIGRAM, CHAR, planQuery, type QueryPlan, WORD } from './query-plan.ts';
import { Ranker, type ScoredCandidate } from './ranker.ts';
import { Tokenizer } from './tokenizer.ts';
import type { Candidate, KbEntry, MatchedField, Retriever, SearchOptions, SearchResult } from './types.ts';

export interface RetrieverOptions {
  ranking?: Partial<RankingConfig>;
  decision?: Partial<DecisionConfig>;
  /** Share one jieba instance between retrievers (its dictionary load costs ~150 ms). */
  tokenizer?: Tokenizer;
}

export class KbRetriever implements Retriever {
  readonly ranking: RankingConfig;
  readonly decision: DecisionConfig;
  private readonly index: EntryIndex;
  private readonly tokenizer: Tokenizer;
  private readonly ranker: Ranker;

  constructor(entries: readonly KbEntry[], options: RetrieverOptions = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.decision = { ...DEFAULT_DECISION, ...options.decision };
    this.tokenizer = options.tokenizer ?? new Tokenizer();
    this.index = new EntryIndex(this.tokenizer, this.ranking);
    this.index.build(entries);
    this.ranker = new Ranker(this.index, this.ranking);
  }

  get size(): number {
    return this.index.size;
  }

  upsert(entry: KbEntry): void {
    this.index.upsert(entry);
  }

  remove(id: string): boolean {
    return this.index.remove(id);
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 5;
    const plan = planQuery(query, this.tokenizer, this.ranking);
    const scored = this.ranker.rank(plan, options.matter ?? null);
    const described = scored.slice(0, Math.max(limit, this.decision.maxSuggestions)).map((s) => this.describe(s, plan));
    return { decision: decide(described, this.decision), candidates: described.slice(0, limit) };
  }

  warmUp(queries = 1500): void {
    for (const q of warmUpQueries(this.index.records, queries)) this.search(q, { limit: 5 });
  }

  /** Ranked entry ids with raw features, for scripts/tune.ts (not part of the stable API). */
  searchDetailed(query: string, matter: string | null = null): { ids: string[]; scored: ScoredCandidate[]; passage: (number[] | null)[] } {
    const plan = planQuery(query, this.tokenizer, this.ranking);
    const scored = this.ranker.rank(plan, matter);
    const passage = scored.slice(0, this.ranking.passage.depth).map((s) => (s.titleScore > 0 ? null : this.ranker.passageFeatures(s, plan)));
    return { ids: scored.map((s) => this.index.records[s.slot]!.entry.id), scored, passage };
  }

  private describe(s: ScoredCandidate, plan: QueryPlan): Candidate {
    const { titles, answers, titleDocs, records } = this.index;
    const rec = records[s.slot]!;
    const title = s.titleSlot >= 0 ? titleDocs[s.titleSlot] : undefined;
    const fromTitle = title !== undefined && s.titleScore >= s.answerScore;
    const field: MatchedField = fromTitle ? title.field : 'answer';
    const inEntry = (key: string): boolean =>
      answers.weightOf(key, s.slot) > 0 || rec.titleSlots.some((ts) => titles.weightOf(key, ts) > 0);
    const matched = (kind: string): string[] =>
      plan.terms.filter((t) => t.key[0] === kind && inEntry(t.key)).map((t) => t.key.slice(1));
    // Words explain best; pairs or single characters only when no whole word matched.
    let matchedTerms = matched(WORD);
    if (matchedTerms.length === 0) matchedTerms = matched(BIGRAM);
    if (matchedTerms.length === 0) matchedTerms = matched(CHAR);
    return {
      entryId: rec.entry.id,
      score: s.score,
      confidence: calibrate(s.features, this.decision),
      field,
      ...(fromTitle ? { text: title.raw } : {}),
      matchedTerms,
      ownWords: ownWords(s.features, this.decision),
      ...(rec.entry.card ? { card: true } : {}),
    };
  }
}

/** Own-word evidence (synonym terms carry no IDF in these coverages): see `Candidate.ownWords`. */
export function ownWords(f: { coverage: number; charCoverage: number }, cfg: DecisionConfig): boolean {
  return f.coverage > 0 || f.charCoverage >= cfg.ownChars;
}

/**
 * Deterministic pieces of the indexed texts: titles and answer openings cut to 2–100 characters
 * (short names, phrases and pasted sentences), spread over the whole index.
 */
export function warmUpQueries(records: readonly ({ entry: KbEntry } | undefined)[], count: number): string[] {
  const live = records.filter((r): r is { entry: KbEntry } => r !== undefined);
  const out: string[] = [];
  if (live.length === 0) return out;
  const lengths = [2, 4, 6, 9, 14, 24, 40, 70, 100];
  for (let i = 0; i < count; i++) {
    const { entry } = live[Math.floor((i * 7919) % live.length)]!;
    const text = (i % 2 === 0 && entry.question ? entry.question : entry.answer).replace(/\s+/g, '');
    const len = lengths[i % lengths.length]!;
    const start = text.length > len ? (i * 31) % (text.length - len) : 0;
    const piece = text.slice(start, start + len);
    if (piece) out.push(piece);
  }
  return out;
}

export function createRetriever(entries: readonly KbEntry[], options?: RetrieverOptions): KbRetriever {
  return new KbRetriever(entries, options);
}
