import { loadDevSets } from './lib/harness.ts';
import { createRetriever } from '../src/retriever.ts';
const [, faq] = loadDevSets();
const r = createRetriever(faq!.kb, { ranking: { answerChars: true } });
const byId = new Map(faq!.kb.map((e) => [e.id, e]));
const bg = (s: string) => { const o = new Set<string>(); for (let i = 0; i + 1 < s.length; i++) o.add(s.slice(i, i + 2)); return o; };
let dup = 0, fail = 0; const lenG: number[] = [], lenT: number[] = []; const deptSame = [0, 0];
for (const q of faq!.queries) {
  if (!q.gold.length) continue;
  const { ids } = r.searchDetailed(q.query);
  if (q.gold.includes(ids[0]!)) continue;
  fail++;
  const g = byId.get(q.gold[0]!)!, t = byId.get(ids[0]!)!;
  const a = bg(g.answer), b = bg(t.answer); let inter = 0; for (const x of a) if (b.has(x)) inter++;
  if (inter / Math.min(a.size, b.size) > 0.7) dup++;
  lenG.push(g.answer.length); lenT.push(t.answer.length);
  deptSame[g.department === t.department ? 0 : 1]!++;
}
const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1];
console.log({ fail, dup, medGold: med(lenG), medTop: med(lenT), deptSame });
const all = faq!.kb.map((e) => e.answer.length); console.log('kb median', med(all));
const gl = faq!.queries.filter((q) => q.gold.length).map((q) => byId.get(q.gold[0]!)!.answer.length); console.log('gold median', med(gl));
