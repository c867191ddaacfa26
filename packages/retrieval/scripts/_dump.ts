import { writeFileSync } from 'node:fs';
import { createRetriever } from '../src/retriever.ts';
import { Tokenizer } from '../src/tokenizer.ts';
import { featureVector } from '../src/confidence.ts';
import { loadDevSets } from './lib/harness.ts';

for (const s of loadDevSets()) {
  const tok = new Tokenizer();
  const r = createRetriever(s.kb, { tokenizer: tok });
  const entries = s.kb.map((e) => {
    const a = tok.analyze([e.question, ...(e.similar ?? []), e.matterName ?? '', e.answer].join('。'), false);
    return { id: e.id, words: a.words, chars: a.chars };
  });
  const queries = s.queries.map((q) => {
    const a = tok.analyze(q.query, false);
    const { ids, scored } = r.searchDetailed(q.query);
    return { gold: q.gold, words: a.words, chars: a.chars, ids, scores: scored.map((c) => c.score), feats: scored.map((c) => featureVector(c.features)) };
  });
  writeFileSync(`/tmp/w/${s.name}.json`, JSON.stringify({ entries, queries }));
}
