import type { RankingConfig } from './config.ts';
import { type ConfidenceFeatures, emptyFeatures, finishFeatures } from './confidence.ts';
import { coverage, type CoverageQuery, prepareCoverage } from './coverage.ts';
import type { Posting } from './bm25-space.ts';
import type { EntryIndex } from './entry-index.ts';
import { CHAR, KIND_CHAR, type QueryPlan } from './query-plan.ts';
import { normalizeText } from './normalize.ts';
import { topK } from './top-k.ts';

export interface ScoredCandidate {
  slot: number;
  score: number;
  /** Best title sub-document, -1 when the entry matched through its answer only. */
  titleSlot: number;
  /** Stage-one contributions (already weighted) of the best title and of the answer side. */
  titleScore: number;
  answerScore: number;
  features: ConfidenceFeatures;
}

/**
 * Two stages: BM25F over both spaces for every touched entry (typed arrays, no allocation per
 * entry), then coverage features for the best `rerankDepth` entries only.
 */
export const PASSAGE_FEATURES = [
  'answerScore', 'coverage', 'wordCoverage', 'pairCoverage', 'charCoverage', 'wordLead', 'charLead', 'agreement',
  'missWord', 'missPair', 'lnLength', 'leadCharCoverage', 'firstPairAt',
] as const;

/** Titles of lookup services (the query words that ask for one: `QueryPlan.asksLookup`). */
const LOOKUP_TITLE = /查询|进度/;

interface TermPostings {
  answers: Posting | undefined;
  titles: Posting | undefined;
}

export class Ranker {
  private title = new Float64Array(1024);
  private entry = new Float64Array(1024);
  private best = new Float64Array(1024);
  private bestSlot = new Int32Array(1024);

  private readonly passageText: ({ answer: string; lead: string } | undefined)[] = [];
  private readonly titleTouched: number[] = [];
  private readonly entryTouched: number[] = [];
  /** IDF of the query's characters in answers, computed once per query for the passage features. */
  private charIdfPlan: QueryPlan | null = null;
  private charIdf: (readonly [string, number])[] = [];

  constructor(
    private readonly index: EntryIndex,
    private readonly cfg: RankingConfig,
  ) {}

  rank(plan: QueryPlan, matter: string | null): ScoredCandidate[] {
    const { cfg } = this;
    const { titles, answers, titleDocs, records } = this.index;
    this.ensure(titleDocs.length, records.length);
    const { title, entry, best, bestSlot, titleTouched, entryTouched } = this;
    let refT = 0;
    let refA = 0;
    const maxT = titles.docCount >= cfg.pruneFrom ? cfg.maxDfShare * titles.docCount : Infinity;
    const maxA = answers.docCount >= cfg.pruneFrom ? cfg.maxDfShare * answers.docCount : Infinity;
    for (const t of plan.terms) {
      refT += titles.accumulate(t.key, t.weight, title, titleTouched, maxT);
      // In answers a single character only speaks for itself when no query pair contains it
      // (the 吃 of 雾霾天吃什么); otherwise it would just repeat the pair at great cost.
      if (t.kind === KIND_CHAR && !(cfg.answerChars && t.isolated)) continue;
      refA += answers.accumulate(t.key, t.weight, entry, entryTouched, maxA);
    }
    const wT = refT > 0 ? cfg.question / refT : 0;
    const wA = refA > 0 ? cfg.answerW / refA : 0;
    for (const e of entryTouched) entry[e]! *= wA;
    // Fold title sub-documents onto their entry, keeping the best phrasing.
    for (const ts of titleTouched) {
      const owner = titleDocs[ts]!.owner;
      const s = title[ts]! * wT;
      title[ts] = 0;
      if (best[owner] === 0) {
        if (entry[owner] === 0) entryTouched.push(owner);
        bestSlot[owner] = ts;
        best[owner] = s;
      } else if (s > best[owner]!) {
        best[owner] = s;
        bestSlot[owner] = ts;
      }
    }
    titleTouched.length = 0;
    for (const e of entryTouched) entry[e]! += best[e]!;
    const top = topK(entry, entryTouched, cfg.rerankDepth).map((slot): ScoredCandidate => {
      const titleScore = best[slot]!;
      return {
        slot,
        score: entry[slot]!,
        titleSlot: titleScore > 0 ? bestSlot[slot]! : -1,
        titleScore,
        answerScore: entry[slot]! - titleScore,
        features: emptyFeatures(plan),
      };
    });
    for (const e of entryTouched) {
      entry[e] = 0;
      best[e] = 0;
    }
    entryTouched.length = 0;
    const idfCache = new Map<string, number>();
    const charIdf = (u: string): number => {
      let v = idfCache.get(u);
      if (v === undefined) idfCache.set(u, (v = titles.idf(CHAR + u)));
      return v;
    };
    const termIdf = plan.terms.map((t) => (t.synonym ? 0 : answers.idf(t.key) * (t.kind === KIND_CHAR ? 1 : t.weight)));
    // Postings looked up once per query term, not once per term and candidate.
    const postings = plan.terms.map((t, i): TermPostings | null =>
      termIdf[i] === 0 ? null : { answers: answers.posting(t.key), titles: titles.posting(t.key) },
    );
    const variants = plan.variants.map((v) => prepareCoverage(v, charIdf));
    for (const c of top) this.rerank(c, plan, matter, variants, termIdf, postings);
    if (cfg.cardWeight !== 1) for (const c of top) if (records[c.slot]!.entry.card) c.score *= cfg.cardWeight;
    top.sort((a, b) => b.score - a.score);
    finishFeatures(top);
    if (cfg.passage.weights.length > 0) this.rerankPassages(top, plan);
    return top;
  }

  private rerank(
    c: ScoredCandidate,
    plan: QueryPlan,
    matter: string | null,
    variants: readonly CoverageQuery[],
    termIdf: readonly number[],
    postings: readonly (TermPostings | null)[],
  ): void {
    const { cfg } = this;
    const { titles, answers, titleDocs, records } = this.index;
    const rec = records[c.slot]!;
    let bestCov = 0;
    let exact = 0;
    for (const ts of rec.titleSlots) {
      const doc = titleDocs[ts]!;
      for (const v of variants) {
        const cov = coverage(v, doc.content, doc.units);
        const s = cfg.coverage * cov.recall + cfg.precision * cov.recall * cov.precision + cfg.contiguity * cov.contiguity;
        if (s > bestCov) {
          bestCov = s;
          c.titleSlot = ts;
        }
        if (v.text === doc.content) exact = cfg.exact;
      }
    }
    // IDF-weighted shares of the query's own words, pairs and characters found anywhere in the
    // entry (calibration features).
    const hit = [0, 0, 0];
    const total = [0, 0, 0];
    const miss = [0, 0, 0];
    for (let i = 0; i < plan.terms.length; i++) {
      const w = termIdf[i]!;
      const p = postings[i];
      if (w === 0 || !p) continue;
      const k = plan.terms[i]!.kind;
      total[k]! += w;
      if (answers.weightIn(p.answers, c.slot) > 0 || (p.titles && rec.titleSlots.some((ts) => titles.weightIn(p.titles, ts) > 0))) hit[k]! += w;
      else if (w > miss[k]!) miss[k] = w;
    }
    const f = c.features;
    f.wordCoverage = total[0]! > 0 ? hit[0]! / total[0]! : 0;
    f.pairCoverage = total[1]! > 0 ? hit[1]! / total[1]! : f.wordCoverage;
    f.charCoverage = total[2]! > 0 ? hit[2]! / total[2]! : 0;
    f.coverage = total[0]! + total[1]! > 0 ? (hit[0]! + hit[1]!) / (total[0]! + total[1]!) : 0;
    f.titleCoverage = bestCov;
    f.exact = exact > 0 ? 1 : 0;
    f.titleScore = c.titleScore;
    // The rarest query word/pair the entry lacks, relative to the rarest possible (df = 1).
    const maxIdf = Math.log(1 + (answers.docCount + 0.5) / 1.5) || 1;
    f.missWord = miss[0]! / maxIdf;
    f.missPair = miss[1]! / maxIdf;
    c.features.answerScore = c.answerScore;
    c.score += bestCov + exact;
    if (matter && rec.entry.matter === matter) c.score += cfg.matterBoost;
    if (c.titleSlot >= 0 && !plan.asksLookup && LOOKUP_TITLE.test(titleDocs[c.titleSlot]!.content)) c.score -= cfg.lookupPenalty;
  }

  /**
   * Second look at answer-only candidates (FAQ passages): BM25 cannot tell apart sibling
   * passages on the same topic, so a learned linear correction over evidence it ignores (share
   * of the query found per term kind, rarest missing word, passage length, query characters in
   * the lead sentence, how early the query's first pair appears) is added to their score.
   */
  passageFeatures(c: ScoredCandidate, plan: QueryPlan): number[] {
    const { answers, records } = this.index;
    const f = c.features;
    // Slots are never reused (an upsert takes a new one), so the normalised text can be cached.
    let cached = this.passageText[c.slot];
    if (!cached) {
      const text = normalizeText(records[c.slot]!.entry.answer);
      cached = this.passageText[c.slot] = { answer: text, lead: text.slice(0, this.cfg.leadChars).split(/[。？！\n]/)[0] ?? '' };
    }
    const { answer, lead } = cached;
    if (this.charIdfPlan !== plan) {
      this.charIdfPlan = plan;
      this.charIdf = [...new Set(plan.analysis.chars)].map((ch) => [ch, answers.idf(CHAR + ch)] as const);
    }
    let hit = 0;
    let total = 0;
    for (const [ch, w] of this.charIdf) {
      total += w;
      if (lead.includes(ch)) hit += w;
    }
    let first = answer.length;
    for (const b of plan.analysis.bigrams) {
      const at = answer.indexOf(b);
      if (at >= 0 && at < first) first = at;
    }
    return [
      f.answerScore, f.coverage, f.wordCoverage, f.pairCoverage, f.charCoverage, f.wordLead, f.charLead, f.agreement,
      f.missWord, f.missPair, Math.log1p(answer.length), total > 0 ? hit / total : 0, answer.length > 0 ? first / answer.length : 1,
    ];
  }

  private rerankPassages(top: ScoredCandidate[], plan: QueryPlan): void {
    const w = this.cfg.passage.weights;
    const n = Math.min(top.length, this.cfg.passage.depth);
    let changed = false;
    for (let i = 0; i < n; i++) {
      const c = top[i]!;
      if (c.titleScore > 0) continue;
      const x = this.passageFeatures(c, plan);
      let d = 0;
      for (let k = 0; k < x.length; k++) d += (w[k] ?? 0) * x[k]!;
      c.score += d;
      changed = true;
    }
    if (!changed) return;
    // Only the reranked head moves; keep it above the tail so the list stays sorted.
    const head = top.slice(0, n).sort((a, b) => b.score - a.score);
    const floor = top[n]?.score;
    if (floor !== undefined) {
      const low = head[head.length - 1]!.score;
      if (low < floor) for (const c of head) c.score += floor - low;
    }
    top.splice(0, n, ...head);
    finishFeatures(top);
  }

  private ensure(titleCount: number, entryCount: number): void {
    if (this.title.length < titleCount) this.title = new Float64Array(titleCount * 2);
    if (this.entry.length < entryCount) {
      this.entry = new Float64Array(entryCount * 2);
      this.best = new Float64Array(entryCount * 2);
      this.bestSlot = new Int32Array(entryCount * 2);
    }
  }
}
