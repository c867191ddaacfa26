// Limited-memory BFGS with Armijo backtracking. Full-batch optimisation of a convex loss reaches the
// same optimum regardless of sample order, so training is deterministic without RNG bookkeeping.

export type Objective = (w: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  /** Stop when the relative loss decrease over one step falls below this. */
  tol: number;
  memory: number;
}

export const DEFAULT_LBFGS: LbfgsOptions = { maxIter: 200, tol: 1e-4, memory: 8 };

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function minimize(f: Objective, w0: Float64Array, opts: LbfgsOptions = DEFAULT_LBFGS): { w: Float64Array; loss: number; iters: number } {
  const n = w0.length;
  let w = Float64Array.from(w0);
  let g = new Float64Array(n);
  let loss = f(w, g);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Array<number>(opts.memory).fill(0);
  let iters = 0;
  for (; iters < opts.maxIter; iters++) {
    // Two-loop recursion: dir = -H * g.
    for (let i = 0; i < n; i++) dir[i] = -(g[i] as number);
    for (let k = sHist.length - 1; k >= 0; k--) {
      const a = (rhoHist[k] as number) * dot(sHist[k] as Float64Array, dir);
      alpha[k] = a;
      const y = yHist[k] as Float64Array;
      for (let i = 0; i < n; i++) dir[i] = (dir[i] as number) - a * (y[i] as number);
    }
    if (sHist.length > 0) {
      const last = sHist.length - 1;
      const yl = yHist[last] as Float64Array;
      const gamma = dot(sHist[last] as Float64Array, yl) / dot(yl, yl);
      for (let i = 0; i < n; i++) dir[i] = (dir[i] as number) * gamma;
    }
    for (let k = 0; k < sHist.length; k++) {
      const b = (rhoHist[k] as number) * dot(yHist[k] as Float64Array, dir);
      const s = sHist[k] as Float64Array;
      const coef = (alpha[k] as number) - b;
      for (let i = 0; i < n; i++) dir[i] = (dir[i] as number) + coef * (s[i] as number);
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Curvature information went stale; restart from steepest descent.
      for (let i = 0; i < n; i++) dir[i] = -(g[i] as number);
      slope = dot(g, dir);
      sHist.length = yHist.length = rhoHist.length = 0;
    }
    let step = iters === 0 && sHist.length === 0 ? 1 / Math.max(1, Math.sqrt(dot(g, g))) : 1;
    const wNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let lossNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) wNew[i] = (w[i] as number) + step * (dir[i] as number);
      lossNew = f(wNew, gNew);
      if (lossNew <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(lossNew < loss)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (wNew[i] as number) - (w[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
      if (sHist.length > opts.memory) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
    }
    const rel = (loss - lossNew) / Math.max(Math.abs(loss), 1e-12);
    w = wNew;
    g = gNew;
    loss = lossNew;
    if (rel < opts.tol) break;
  }
  return { w, loss, iters };
}
