import type { FeatureOptions } from './tokenize.ts';

/** Sparse row: parallel arrays of feature index and value, indices unique. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

export interface VectorizerOptions {
  /** Drop features seen in fewer documents than this: rare n-grams overfit and bloat the model file. */
  minDf: number;
  /** 1 + log(tf) instead of raw counts, so long messages that repeat a word do not dominate. */
  sublinearTf: boolean;
  useIdf: boolean;
  /** Presence (1) instead of term frequency; overrides sublinearTf. NB-weighted LR works on presence. */
  binary?: boolean;
}

export interface VectorizerState {
  features: FeatureOptions;
  options: VectorizerOptions;
  vocab: string[];
  idf: number[];
}

export class Vectorizer {
  private readonly index = new Map<string, number>();

  constructor(readonly state: VectorizerState) {
    state.vocab.forEach((term, i) => this.index.set(term, i));
  }

  get size(): number {
    return this.state.vocab.length;
  }

  static fit(docs: string[][], features: FeatureOptions, options: VectorizerOptions): Vectorizer {
    const df = new Map<string, number>();
    for (const doc of docs) {
      for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
    }
    // Frequent terms first: their weights then share cache lines during training, which is
    // memory-bound. Ties break on the string so the model file is byte-identical across runs.
    const vocab = [...df.entries()]
      .filter(([, n]) => n >= options.minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([t]) => t);
    const n = docs.length;
    const idf = vocab.map((t) => (options.useIdf ? Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1 : 1));
    return new Vectorizer({ features, options, vocab, idf });
  }

  transform(doc: string[]): SparseVec {
    const counts = new Map<number, number>();
    for (const term of doc) {
      const i = this.index.get(term);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const idx = new Int32Array(counts.size);
    const val = new Float32Array(counts.size);
    let k = 0;
    let norm = 0;
    // Ascending indices walk the weight array forwards, which the prefetcher rewards.
    for (const i of [...counts.keys()].sort((a, b) => a - b)) {
      const c = counts.get(i) as number;
      const tf = this.state.options.binary ? 1 : this.state.options.sublinearTf ? 1 + Math.log(c) : c;
      const v = tf * (this.state.idf[i] ?? 1);
      idx[k] = i;
      val[k] = v;
      norm += v * v;
      k++;
    }
    // L2 row normalisation makes short and long messages comparable for a linear model.
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let j = 0; j < val.length; j++) val[j] = (val[j] ?? 0) * inv;
    }
    return { idx, val };
  }
}
