// A BM25F index over integer document slots. Postings hold the already saturated field-
// weighted tf, so a query is one multiply-add per posting; slots only grow, which keeps every
// posting list sorted and lets removal be a tombstone plus an occasional compaction.

export interface FieldSpec {
  weight: number;
  b: number;
}

export interface Posting {
  docs: Int32Array;
  ws: Float32Array;
  n: number;
  df: number;
}

export type FieldTerms = ReadonlyMap<string, number>[];

export class Bm25Space {
  private readonly postings = new Map<string, Posting>();
  private alive = new Uint8Array(1024);
  private lenSum: number[];
  private liveDocs = 0;
  private deadDocs = 0;
  private fixedAvg: number[] | null = null;

  constructor(
    private readonly fields: readonly FieldSpec[],
    private readonly k1: number,
  ) {
    this.lenSum = fields.map(() => 0);
  }

  get docCount(): number {
    return this.liveDocs;
  }

  /** Freezes average field lengths for a bulk build so early documents see final averages. */
  setAverages(avg: number[] | null): void {
    this.fixedAvg = avg;
  }

  isAlive(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  add(slot: number, terms: FieldTerms, lens: readonly number[]): void {
    if (slot >= this.alive.length) {
      const grown = new Uint8Array(Math.max(slot + 1, this.alive.length * 2));
      grown.set(this.alive);
      this.alive = grown;
    }
    this.alive[slot] = 1;
    this.liveDocs++;
    lens.forEach((l, f) => (this.lenSum[f]! += l));
    const norm = this.fields.map((spec, f) => {
      const avg = this.fixedAvg?.[f] ?? this.lenSum[f]! / this.liveDocs;
      return spec.weight / (1 - spec.b + (spec.b * (lens[f] ?? 0)) / Math.max(avg, 1e-9));
    });
    const tf = new Map<string, number>();
    terms.forEach((m, f) => {
      for (const [t, c] of m) tf.set(t, (tf.get(t) ?? 0) + c * norm[f]!);
    });
    for (const [t, x] of tf) {
      let p = this.postings.get(t);
      if (!p) {
        p = { docs: new Int32Array(2), ws: new Float32Array(2), n: 0, df: 0 };
        this.postings.set(t, p);
      } else if (p.n === p.docs.length) {
        const docs = new Int32Array(p.n * 2);
        docs.set(p.docs);
        const ws = new Float32Array(p.n * 2);
        ws.set(p.ws);
        p.docs = docs;
        p.ws = ws;
      }
      p.docs[p.n] = slot;
      p.ws[p.n] = (x * (this.k1 + 1)) / (x + this.k1);
      p.n++;
      p.df++;
    }
  }

  /** `terms` is the document's current analysis; used to keep document frequencies exact. */
  remove(slot: number, terms: Iterable<string>, lens: readonly number[]): void {
    if (this.alive[slot] !== 1) return;
    for (const t of new Set(terms)) {
      const p = this.postings.get(t);
      if (p && this.find(p, slot) >= 0) p.df--;
    }
    this.alive[slot] = 0;
    this.liveDocs--;
    this.deadDocs++;
    lens.forEach((l, f) => (this.lenSum[f]! -= l));
    if (this.deadDocs > 256 && this.deadDocs > this.liveDocs / 4) this.compact();
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.df ?? 0;
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }

  df(term: string): number {
    return this.postings.get(term)?.df ?? 0;
  }

  /**
   * Adds weight·idf·w(term, doc) into `scores`, newly touched slots going to `touched`.
   * Returns weight·idf, the term's share of the query's maximum attainable score. Terms in more
   * than `maxDf` documents are near-stop-words: worth little, yet their postings are the
   * longest, so they are skipped (still counted in the maximum) to bound latency.
   */
  accumulate(term: string, weight: number, scores: Float64Array, touched: number[], maxDf = Infinity): number {
    const p = this.postings.get(term);
    const df = p?.df ?? 0;
    const k = weight * Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
    if (!p || df === 0 || weight <= 0 || df > maxDf) return k;
    const { docs, ws, n } = p;
    const alive = this.alive;
    for (let i = 0; i < n; i++) {
      const d = docs[i]!;
      if (alive[d] !== 1) continue;
      if (scores[d] === 0) touched.push(d);
      scores[d]! += k * ws[i]!;
    }
    return k;
  }

  /** Saturated weight of `term` in `slot`, 0 when absent. */
  weightOf(term: string, slot: number): number {
    return this.weightIn(this.postings.get(term), slot);
  }

  /** The postings of `term`, to test many slots against one term without a lookup each time. */
  posting(term: string): Posting | undefined {
    return this.postings.get(term);
  }

  weightIn(p: Posting | undefined, slot: number): number {
    if (!p) return 0;
    const i = this.find(p, slot);
    return i >= 0 ? p.ws[i]! : 0;
  }

  private find(p: Posting, slot: number): number {
    let lo = 0;
    let hi = p.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = p.docs[mid]!;
      if (d === slot) return mid;
      if (d < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private compact(): void {
    for (const [t, p] of this.postings) {
      let j = 0;
      for (let i = 0; i < p.n; i++) {
        if (this.alive[p.docs[i]!] !== 1) continue;
        p.docs[j] = p.docs[i]!;
        p.ws[j] = p.ws[i]!;
        j++;
      }
      if (j === 0) this.postings.delete(t);
      else {
        p.n = j;
        p.df = j;
      }
    }
    this.deadDocs = 0;
  }
}
