import { createRetriever } from '../src/retriever.ts';
import { SMALL_KB } from '../test/fixtures.ts';
const r = createRetriever(SMALL_KB);
for (const q of process.argv.slice(2)) { const res = r.search(q); console.log(q, JSON.stringify(res.decision).slice(0, 100)); for (const c of res.candidates) console.log('  ', c.entryId, c.score.toFixed(3), c.confidence.toFixed(3), c.field, c.matchedTerms.join('/')); console.log('  ', JSON.stringify(r.searchDetailed(q).scored.slice(0,3).map(s=>s.features))); }
