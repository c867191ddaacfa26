import { loadDevSets, rankAll, rankMetrics } from './lib/harness.ts';
const sets = loadDevSets();
const base: Record<string, unknown> = {};
const parse = (s: string): unknown => (s.startsWith('{') ? JSON.parse(s) : Number(s));
for (const a of process.argv.slice(2).filter((x) => x.startsWith('set:'))) { const [k, v] = a.slice(4).split('='); base[k!] = parse(v!); }
const sweep = process.argv.slice(2).find((x) => x.startsWith('sweep:'));
const variants: Record<string, unknown>[] = [{}];
if (sweep) { const [k, vs] = sweep.slice(6).split('='); variants.length = 0; for (const v of vs!.split(';')) variants.push({ [k!]: parse(v) }); }
for (const v of variants) {
  const cfg = { ...base, ...v };
  const out = sets.map((s) => { const { ranked, ms } = rankAll(s, cfg as never); const m = rankMetrics(ranked); return `${s.name} ${m.top1}/${m.top5}/${m.mrr} ${ms.toFixed(2)}ms`; });
  console.log(JSON.stringify(v), out.join('  |  '));
}
