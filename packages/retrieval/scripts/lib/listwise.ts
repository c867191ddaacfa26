/**
 * Listwise (softmax) linear reranker: for each list, P(item) ∝ exp(w·x); maximises the
 * probability mass on gold items (L2-regularised gradient descent on standardised inputs).
 * Column 0 must be the current score; the result is rescaled so that its weight is 1, i.e. the
 * model is "score + Σ c_k·x_k", which keeps scores on their usual scale.
 */
export function fitListwise(lists: readonly { x: number[][]; gold: boolean[] }[], l2 = 0.01, iters = 400, lr = 0.5): number[] {
  const rows = lists.flatMap((l) => l.x);
  const d = rows[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, x) => s + x[j]!, 0) / rows.length);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / rows.length) || 1);
  const zs = lists.map((l) => l.x.map((x) => x.map((v, j) => (v - mean[j]!) / sd[j]!)));
  const w = new Array<number>(d).fill(0);
  w[0] = 1;
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d).fill(0);
    let n = 0;
    lists.forEach((l, li) => {
      const goldN = l.gold.filter(Boolean).length;
      if (goldN === 0) return;
      const z = zs[li]!;
      const s = z.map((x) => x.reduce((a, v, j) => a + v * w[j]!, 0));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, v) => a + v, 0);
      z.forEach((x, i) => {
        const diff = e[i]! / sum - (l.gold[i] ? 1 / goldN : 0);
        x.forEach((v, j) => (g[j]! += diff * v));
      });
      n++;
    });
    for (let j = 0; j < d; j++) w[j]! -= lr * (g[j]! / Math.max(n, 1) + l2 * w[j]!);
  }
  const raw = w.map((wj, j) => wj / sd[j]!);
  return raw.map((v) => v / raw[0]!);
}
