/** L2-regularised logistic regression by full-batch gradient descent on standardised inputs. */
export function fitLogistic(xs: readonly number[][], ys: readonly number[], l2 = 1e-3, iters = 3000, lr = 0.5): { bias: number; weights: number[] } {
  const d = xs[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j]!, 0) / xs.length);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / xs.length) || 1);
  const z = xs.map((x) => x.map((v, j) => (v - mean[j]!) / sd[j]!));
  let b = 0;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iters; it++) {
    let gb = 0;
    const gw = new Array<number>(d).fill(0);
    z.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(b + x.reduce((s, v, j) => s + v * w[j]!, 0))));
      const e = p - ys[i]!;
      gb += e;
      x.forEach((v, j) => (gw[j]! += e * v));
    });
    b -= (lr * gb) / z.length;
    for (let j = 0; j < d; j++) w[j]! -= lr * (gw[j]! / z.length + l2 * w[j]!);
  }
  // Fold the standardisation back so the product applies the weights to raw features.
  const weights = w.map((wj, j) => wj / sd[j]!);
  const bias = b - w.reduce((s, wj, j) => s + (wj * mean[j]!) / sd[j]!, 0);
  return { bias, weights };
}
