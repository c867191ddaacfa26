import { normalizeText } from './normalize.ts';
import { topK } from './top-k.ts';
import type { KbEntry } from './types.ts';

/** Overlapping character pairs of the text, punctuation and spaces included (the peer setup). */
function bigrams(text: string): string[] {
  const chars = [...normalizeText(text).replace(/\s+/g, '')];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Plain BM25 (k1 1.2, b 0.75) over character bigrams of question + similar + answer: the
 * comparison point for the README and the benchmark. No thresholds, no synonyms.
 */
export class Bm25Baseline {
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly ids: string[] = [];
  private readonly lens: number[] = [];
  private lenSum = 0;
  // Same accumulator and top-k selection as the engine, so benchmarks compare ranking work.
  private scores = new Float64Array(0);

  constructor(
    entries: readonly KbEntry[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    for (const e of entries) {
      const grams = bigrams([e.question, ...(e.similar ?? []), e.answer].join('\n'));
      const doc = this.ids.length;
      this.ids.push(e.id);
      this.lens.push(grams.length);
      this.lenSum += grams.length;
      const tf = new Map<string, number>();
      for (const g of grams) tf.set(g, (tf.get(g) ?? 0) + 1);
      for (const [g, c] of tf) {
        let p = this.postings.get(g);
        if (!p) this.postings.set(g, (p = { docs: [], tfs: [] }));
        p.docs.push(doc);
        p.tfs.push(c);
      }
    }
  }

  get size(): number {
    return this.ids.length;
  }

  search(query: string, limit = 5): { entryId: string; score: number }[] {
    const n = this.ids.length;
    const avg = this.lenSum / Math.max(n, 1);
    if (this.scores.length < n) this.scores = new Float64Array(n);
    const scores = this.scores;
    const touched: number[] = [];
    for (const g of new Set(bigrams(query))) {
      const p = this.postings.get(g);
      if (!p) continue;
      const idf = Math.log(1 + (n - p.docs.length + 0.5) / (p.docs.length + 0.5));
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i]!;
        const tf = p.tfs[i]!;
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * this.lens[d]!) / avg));
        if (scores[d] === 0) touched.push(d);
        scores[d]! += s;
      }
    }
    const hits = topK(scores, touched, limit).map((d) => ({ entryId: this.ids[d]!, score: scores[d]! }));
    for (const d of touched) scores[d] = 0;
    return hits;
  }
}
