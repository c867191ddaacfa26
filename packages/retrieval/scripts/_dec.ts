import { writeFileSync } from 'node:fs';
import { createRetriever } from '../src/retriever.ts';
import { featureVector } from '../src/confidence.ts';
import { loadDevSets } from './lib/harness.ts';

const rows: { set: string; y: string; x: number[]; x2: number[]; rank: number }[] = [];
for (const s of loadDevSets()) {
  const r = createRetriever(s.kb);
  for (const q of s.queries) {
    const { ids, scored } = r.searchDetailed(q.query);
    const gold = new Set(q.gold);
    const rank = ids.findIndex((id) => gold.has(id));
    const y = gold.size === 0 ? 'unans' : rank === 0 ? 'correct' : 'wrong';
    rows.push({ set: s.name, y, x: scored[0] ? featureVector(scored[0].features) : [], x2: scored[1] ? featureVector(scored[1].features) : [], rank });
  }
}
writeFileSync('/tmp/_feat.json', JSON.stringify(rows));
