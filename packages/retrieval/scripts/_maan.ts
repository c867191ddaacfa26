import { loadDevSets } from './lib/harness.ts';
import { createRetriever } from '../src/retriever.ts';
const [ma] = loadDevSets(['matter-alias']);
const r = createRetriever(ma!.kb);
const byId = new Map(ma!.kb.map((e) => [e.id, e]));
const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s“”"）)（(]/g, '');
const cats: Record<string, number> = {};
for (const q of ma!.queries) {
  const { ids } = r.searchDetailed(q.query);
  if (q.gold.includes(ids[0]!)) continue;
  const qn = norm(q.query);
  if (!ids[0]) { cats.none = (cats.none ?? 0) + 1; continue; }
  const top = norm(byId.get(ids[0]!)!.question), gold = q.gold.filter((g) => byId.has(g)).map((g) => norm(byId.get(g)!.question));
  const key = `${top.includes(qn) ? 'topHas' : 'topNot'}-${gold.some((g) => g.includes(qn)) ? 'goldHas' : 'goldNot'}-${gold.includes(top) ? 'sameTitle' : ''}`;
  cats[key] = (cats[key] ?? 0) + 1;
}
console.log(cats);
// Among all answerable queries where several titles contain the query: which one is gold?
const stats = { goldShortest: 0, goldPrefix: 0, anyPrefix: 0, goldIsFirstInKb: 0, n: 0, goldMinPos: 0 };
const kbOrder = new Map(ma!.kb.map((e, i) => [e.id, i]));
for (const q of ma!.queries) {
  const qn = norm(q.query);
  const containing = ma!.kb.filter((e) => norm(e.question).includes(qn));
  if (containing.length < 2 || !containing.some((e) => q.gold.includes(e.id))) continue;
  stats.n++;
  const minLen = Math.min(...containing.map((e) => norm(e.question).length));
  const gold = containing.filter((e) => q.gold.includes(e.id));
  if (gold.some((e) => norm(e.question).length === minLen)) stats.goldShortest++;
  if (containing.some((e) => norm(e.question).startsWith(qn))) { stats.anyPrefix++; if (gold.some((e) => norm(e.question).startsWith(qn))) stats.goldPrefix++; }
  const minPos = Math.min(...containing.map((e) => norm(e.question).indexOf(qn)));
  if (gold.some((e) => norm(e.question).indexOf(qn) === minPos)) stats.goldMinPos++;
  const first = Math.min(...containing.map((e) => kbOrder.get(e.id)!));
  if (gold.some((e) => kbOrder.get(e.id) === first)) stats.goldIsFirstInKb++;
}
console.log(stats);
