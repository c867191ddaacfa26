import { createRetriever } from '/work/main/packages/retrieval/src/retriever.ts';
import { readJsonl, readKb, type EvalQuery } from '/work/main/packages/retrieval/scripts/lib/jsonl.ts';
const name = process.argv[2]!;
const kb = readKb(`/work/main/packages/retrieval/eval-data/${name}.kb.jsonl`);
const qs = readJsonl<EvalQuery>(`/work/main/packages/retrieval/eval-data/${name}.dev.jsonl`);
const byId = new Map(kb.map((e) => [e.id, e]));
const r = createRetriever(kb);
const show = (id: string) => { const e = byId.get(id); if (!e) return "?"; return (e.question || e.answer).slice(0, 90).replace(/\n/g, ' '); };
let n = 0;
for (const q of qs) {
  if (q.gold.length === 0) continue;
  const { ids, scored } = r.searchDetailed(q.query);
  if (q.gold.includes(ids[0]!)) continue;
  const rank = ids.findIndex((i) => q.gold.includes(i));
  if (n++ > Number(process.argv[3] ?? 60)) break;
  console.log(`Q ${q.query}  [gold rank ${rank}] gold=${q.gold.map(show).join(" | ").slice(0,120)}`);
  for (let i = 0; i < 2; i++) console.log(`   ${scored[i]?.score.toFixed(3)} ${show(ids[i]!)}`);
  if (rank > 0) console.log(`   gold ${scored[rank]!.score.toFixed(3)} t=${scored[rank]!.titleScore.toFixed(2)} a=${scored[rank]!.answerScore.toFixed(2)}`);
}
