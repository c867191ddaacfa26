/** One knowledge-base entry, as stored by the server and in the eval files. */
export interface KbEntry {
  id: string;
  /** Standard question (may be empty, e.g. answer-only FAQ passages). */
  question: string;
  /** Alternative phrasings of the standard question. */
  similar?: readonly string[];
  answer: string;
  department?: string | null;
  /** Id of the matter (事项) the entry belongs to, used for context preference. */
  matter?: string | null;
  /** Display name of the matter, indexed like a question when present. */
  matterName?: string | null;
  /**
   * A card built from a catalogue record (a matter's name and facts), not an answer somebody wrote: it
   * ranks `cardWeight` below a written entry that matches as well.
   */
  card?: boolean;
}

/** Which part of an entry produced the best evidence for a candidate. */
export type MatchedField = 'question' | 'similar' | 'matterName' | 'answer';

export interface Candidate {
  entryId: string;
  /** Final ranking score (comparable within one search only). */
  score: number;
  /** Calibrated probability-like confidence that this candidate is the right answer. */
  confidence: number;
  /** Field that contributed most; `text` is the matched question/similar/matter name. */
  field: MatchedField;
  text?: string;
  /** Query terms (words, or character pairs when no word matched) found in the entry. */
  matchedTerms: string[];
  /** The candidate is a catalogue card (KbEntry.card). */
  card?: boolean;
  /**
   * The entry holds one of the citizen's own words or pairs, or most of the query's characters
   * (abbreviations). A match through synonyms alone is never answered directly, only suggested.
   */
  ownWords: boolean;
}

export type Decision =
  | { kind: 'answer'; entryId: string; confidence: number }
  | { kind: 'suggest'; candidates: Candidate[] }
  | { kind: 'none' };

export interface SearchResult {
  decision: Decision;
  candidates: Candidate[];
}

export interface SearchOptions {
  /** Matter id of the page the citizen is on: entries linked to it are preferred. */
  matter?: string | null;
  /** Maximum candidates returned (default 5). */
  limit?: number;
}

export interface Retriever {
  search(query: string, options?: SearchOptions): SearchResult;
  /** Adds or replaces one entry without rebuilding the index. */
  upsert(entry: KbEntry): void;
  /** Removes an entry; returns false when the id was unknown. */
  remove(id: string): boolean;
  /**
   * Runs up to `queries` searches made from the index's own texts (never from real questions), so
   * the first citizens after a start are not the ones who pay for compiling the search code.
   */
  warmUp(queries?: number): void;
  readonly size: number;
}
