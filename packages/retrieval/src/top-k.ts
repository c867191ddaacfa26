/**
 * Indices of the k largest `scores[i]` among `candidates`, best first. A small binary min-heap
 * over typed arrays: with 100k entries a query can touch tens of thousands of them, and
 * sorting or allocating an object per touched entry would dominate the latency.
 */
export function topK(scores: Float64Array, candidates: readonly number[], k: number): number[] {
  const heap = new Int32Array(k);
  let n = 0;
  const less = (a: number, b: number): boolean => scores[a]! < scores[b]!;
  for (const c of candidates) {
    if (n < k) {
      let i = n++;
      heap[i] = c;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (scores[c]! > scores[heap[0]!]!) {
      heap[0] = c;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && less(heap[l]!, heap[m]!)) m = l;
        if (r < n && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
  }
  return Array.from(heap.subarray(0, n)).sort((a, b) => scores[b]! - scores[a]!);
}
