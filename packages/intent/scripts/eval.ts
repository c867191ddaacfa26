// Evaluates the SHIPPED model file on a labelled JSONL file. Rule outputs are folded onto the data's
// labels (greeting/thanks/goodbye -> consult, legal -> complaint). The last line is one JSON object.
// Usage: npm run eval:intent -- --data MESSAGES.jsonl [--model FILE]
import { parseArgs } from 'node:util';
import { readJsonl } from '../src/data.ts';
import { loadIntentModel, toDataLabel } from '../src/classify.ts';
import { computeMetrics } from '../src/metrics.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, model: { type: 'string' } } });
if (!values.data) {
  console.error('usage: npm run eval:intent -- --data MESSAGES.jsonl [--model FILE]');
  process.exit(2);
}
const rows = readJsonl(values.data);
const classifier = loadIntentModel(values.model);
const t0 = performance.now();
const results = rows.map((r) => classifier.classify(r.text));
const ms = performance.now() - t0;
const bySource = new Map<string, number>();
for (const r of results) bySource.set(`${r.source}:${r.intent}`, (bySource.get(`${r.source}:${r.intent}`) ?? 0) + 1);
console.error(`classified ${rows.length} in ${ms.toFixed(0)} ms (${((ms / Math.max(1, rows.length)) * 1000).toFixed(0)} µs/message)`);
console.error(`by source: ${JSON.stringify(Object.fromEntries([...bySource].sort()))}`);
const m = computeMetrics(rows.map((r) => r.label), results.map((r) => toDataLabel(r.intent)));
console.log(JSON.stringify({ n: m.n, accuracy: m.accuracy, macro_f1: m.macro_f1, complaint_precision: m.complaint_precision, complaint_recall: m.complaint_recall }));
