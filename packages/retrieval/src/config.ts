/** Ranking knobs. Defaults were chosen on the dev sets by scripts/tune.ts (see README). */
export interface RankingConfig {
  k1: number;
  /** Length normalisation of question/similar/matter-name sub-documents. */
  questionB: number;
  answer: { body: number; bodyB: number; lead: number; leadB: number; department: number };
  /** Query-side weight per term kind. */
  word: number;
  bigram: number;
  /** Single characters: full weight for short queries, `charLong` once the query is long. */
  char: number;
  charLong: number;
  shortQueryUnits: number;
  /** Weight of terms that only come from a synonym of a query word. */
  synonym: number;
  /**
   * Final score = question·nT + answerW·nA + max over titles of
   * (coverage·recall + precision·recall·prec + contiguity·contig) + exact (+ matterBoost).
   */
  question: number;
  answerW: number;
  coverage: number;
  precision: number;
  exact: number;
  /** Bonus for the query appearing contiguously in a title, more when it starts early. */
  contiguity: number;
  /** Added to entries linked to the matter the citizen is looking at. */
  matterBoost: number;
  /**
   * Taken off a title naming a lookup service (…进度查询, …信息查询) when the query asks for no
   * lookup: "护照怎么办" wants 办理及加注普通护照, not 普通护照加注办证进度查询.
   */
  lookupPenalty: number;
  /**
   * Score factor for catalogue cards (KbEntry.card): an entry written to answer citizens says more than a
   * matter's bare record, and a catalogue holds many near-identical records (办理往来港澳通行证,
   * 往来港澳通行证及签注签发, …商务签注) that would otherwise tie with it.
   */
  cardWeight: number;
  /** How many stage-one candidates get the (more expensive) coverage features. */
  rerankDepth: number;
  /** Skip query terms found in more than this share of documents (latency bound)… */
  maxDfShare: number;
  /** …once a space holds at least this many documents (small KBs need every term). */
  pruneFrom: number;
  /** Index single characters of answers too (isolated query verbs like 吃/买 otherwise vanish). */
  answerChars: boolean;
  /** Segment queries in jieba search mode (sub-words too) rather than whole words only. */
  querySearchWords: boolean;
  /** Characters of the answer treated as its lead (answers often restate the question first). */
  leadChars: number;
  /**
   * Answer-passage rerank: among the best `depth` candidates, those matched through their answer
   * only (no title evidence) get `score += Σ weights[k]·feature[k]` over PASSAGE_FEATURES
   * (src/ranker.ts). Learned by scripts/tune.ts on the answer-only dev set (faq-bj), listwise.
   */
  passage: { depth: number; weights: readonly number[] };
}

export const DEFAULT_RANKING: RankingConfig = {
  k1: 1.2,
  questionB: 0.5,
  answer: { body: 1, bodyB: 0.75, lead: 1, leadB: 0.5, department: 0.5 },
  word: 1,
  bigram: 1,
  char: 0.6,
  charLong: 0.2,
  shortQueryUnits: 6,
  synonym: 0.6,
  question: 1,
  answerW: 0.5,
  coverage: 1,
  precision: 0.5,
  exact: 0.3,
  contiguity: 0.2,
  matterBoost: 0.3,
  lookupPenalty: 0.3,
  cardWeight: 0.85,
  rerankDepth: 40,
  leadChars: 60,
  maxDfShare: 0.05,
  pruneFrom: 5000,
  answerChars: true,
  querySearchWords: true,
  passage: { depth: 10, weights: [0.813, 0.003, -0.185, 0.244, 0.71, 0.024, 0.408, 0.064, -0.149, -0.253, -0.129, 0.25, -0.062] },
};

/** Logistic calibration of the top candidate's correctness plus decision thresholds. */
export interface DecisionConfig {
  /** Intercept and weights of the calibration, in the order of `FEATURE_NAMES` (src/confidence.ts). */
  bias: number;
  weights: readonly number[];
  /** Answer directly at or above this confidence. */
  answerAt: number;
  /**
   * Scores are normalised by the query's own maximum, so below this the best entry shares
   * next to nothing with the query (stray single characters): never answer or suggest it.
   */
  minScore: number;
  /** A top candidate closer than this to the runner-up is a tie: suggest instead of answering. */
  minGap: number;
  /**
   * `tieRatio` for a catalogue card on top: a catalogue holds families of near-identical records
   * (办理往来台湾通行证, …乘务签注, …商务签注), and a card barely ahead of its siblings is a guess.
   */
  cardTieRatio: number;
  /**
   * …and one within this share of the top score is a tie too (identical titles under two ids,
   * titles differing only in length): suggest both rather than answer one at random.
   */
  tieRatio: number;
  /**
   * A runner-up within this share of the top score that the calibration trusts about as much as the top
   * (its confidence ≥ the top's − `rivalMargin`) is a rival: two services both fit, so 小申 asks which one is
   * meant instead of answering ("养犬登记在哪里办": 单位社保登记 leads by score on 登记 + 在哪里办, the dog
   * entry by confidence). Chosen for the citizen's sake: on the demo district's blind questions confident
   * wrong answers fall from 10.1 to 5.3 % (heldout) and 4.5 to 3.0 % (fresh) with right-first unchanged; the
   * dev sets answer less and suggest more (matter-alias answered 87.7 → 67.8 %, faq-bj false answers
   * 56.7 → 52.7 %), see README.
   */
  rivalRatio: number;
  rivalMargin: number;
  /**
   * A top candidate sharing none of the query's own words or pairs answers only when it holds at
   * least this IDF share of the query's characters (设所 → 律师事务所设立许可 does; 医保卡丢了 →
   * 保安员证(遗失补发), found through the synonym 丢了 → 遗失 and one 保, does not).
   */
  ownChars: number;
  /** Below `answerAt`: suggest when the offered candidates' confidences sum to at least this: offer up to three "您是不是想问" candidates. */
  suggestAt: number;
  maxSuggestions: number;
  /** Runners-up join a suggestion only when their score is at least this share of the top. */
  suggestRatio: number;
}

// Fitted by scripts/tune.ts on both dev sets pooled ("top-1 gold" vs "unanswerable", features in
// FEATURE_NAMES order, src/confidence.ts); answerAt maximises their mean decision score.
export const DEFAULT_DECISION: DecisionConfig = {
  bias: -3.452,
  weights: [0.626, 0.556, 0.556, 0.649, 1.025, 0.875, 0.009, 0.158, -0.143, 0.313, 1.51, 0.457, 0.768, -0.093, 0.173, 0.234, 1.624, 0.272, 0.269, -0.613],
  answerAt: 0.47,
  minGap: 0,
  tieRatio: 0.005,
  cardTieRatio: 0.05,
  rivalRatio: 0.1,
  rivalMargin: 0.05,
  minScore: 0.05,
  ownChars: 0.5,
  suggestAt: 0.2,
  maxSuggestions: 3,
  suggestRatio: 0.7,
};
