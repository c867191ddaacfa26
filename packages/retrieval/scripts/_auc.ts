import { loadDevSets, rankAll } from './lib/harness.ts';
import { featureVector } from '../src/confidence.ts';
for (const s of loadDevSets()) {
  const rs = rankAll(s, {}).ranked.filter((r) => r.features);
  const names = ['score', 'gap', 'answerScore', 'coverage', 'units', 'relgap'];
  const out = names.map((n, j) => {
    const pos = rs.filter((r) => r.top1Correct).map((r) => [...featureVector(r.features!), r.features!.gap / Math.max(r.features!.score, 1e-9)][j]!);
    const neg = rs.filter((r) => !r.top1Correct).map((r) => [...featureVector(r.features!), r.features!.gap / Math.max(r.features!.score, 1e-9)][j]!);
    let w = 0; for (const p of pos) for (const q of neg) w += p > q ? 1 : p === q ? 0.5 : 0;
    return `${n} ${(w / pos.length / neg.length).toFixed(3)}`;
  });
  // unanswerable vs answerable-correct
  console.log(s.name, out.join('  '));
}
