export { createRetriever, KbRetriever, type RetrieverOptions } from './retriever.ts';
export { Bm25Baseline } from './bm25-baseline.ts';
export { Tokenizer, type Analysis } from './tokenizer.ts';
export { DEFAULT_DECISION, DEFAULT_RANKING, type DecisionConfig, type RankingConfig } from './config.ts';
export { SYNONYM_GROUPS } from './synonyms.ts';
export type { Candidate, Decision, KbEntry, MatchedField, Retriever, SearchOptions, SearchResult } from './types.ts';
