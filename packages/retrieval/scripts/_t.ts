import { createRetriever } from '/work/main/packages/retrieval/src/retriever.ts';
import { SMALL_KB } from '/work/main/packages/retrieval/test/fixtures.ts';
const r = createRetriever(SMALL_KB);
for (const q of ['住房公积金提取', '律所', '火星探测器发射窗口', '']) { const res = r.search(q); console.log(q, JSON.stringify(res.decision).slice(0, 200), res.candidates.slice(0,3).map(c=>[c.entryId, c.score.toFixed(3), c.confidence.toFixed(3)])); }
