// Shared by the offline rerank experiments (scripts/experiment-*.ts): fold assignment, the choice of
// one weight λ from a grid, and table formatting.

export const pct = (n: number, d: number): string => ((100 * n) / d).toFixed(1);

/** `--name value` from the command line, or undefined. */
export function optionalArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * Folds 0…k−1 for items keyed by `keys`: the distinct keys are shuffled (fixed-seed LCG) and dealt
 * round-robin, so items sharing a key (a gold entry, with folds grouped by entry) share a fold.
 */
export function foldsByKey(keys: readonly string[], k: number, seed0: number): number[] {
  let seed = seed0;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const distinct = [...new Set(keys)];
  for (let j = distinct.length - 1; j > 0; j--) {
    const r = Math.floor(rand() * (j + 1));
    [distinct[j], distinct[r]] = [distinct[r]!, distinct[j]!];
  }
  const fold = new Map(distinct.map((key, n) => [key, n % k]));
  return keys.map((key) => fold.get(key)!);
}

/** Index of the first maximum (ties within 1e-9 keep the earlier, i.e. smaller, λ). */
export function argmax(xs: readonly number[]): number {
  let best = 0;
  xs.forEach((x, j) => {
    if (x > xs[best]! + 1e-9) best = j;
  });
  return best;
}

/**
 * One λ for several sets at once: per outer fold, the grid index maximising the mean inner-CV
 * score of the sets (`inner[set][fold][λ]`).
 */
export function pooledChoice(inner: readonly (readonly (readonly number[])[])[], folds: number, lambdas: number): number[] {
  return Array.from({ length: folds }, (_, f) =>
    argmax(Array.from({ length: lambdas }, (_, li) => inner.reduce((s, set) => s + set[f]![li]!, 0) / inner.length)),
  );
}
