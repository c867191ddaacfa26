// npm run bench (or: npx tsx packages/retrieval/scripts/bench.ts [--entries N])
// Builds N (default 100,000) entries from the real KBs and measures build time, memory and
// per-query latency for this engine and the plain BM25 baseline, each in its own process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const i = process.argv.indexOf('--entries');
const n = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
const worker = fileURLToPath(new URL('./bench-worker.ts', import.meta.url));

type Row = Record<string, number | string>;
const rows: Row[] = ['engine', 'baseline'].map((kind) => {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', worker, kind, String(n)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Row;
});

const cols = ['engine', 'entries', 'build_s', 'heap_mb', 'rss_mb', 'p50_ms', 'p99_ms', 'mean_ms'];
console.log(cols.join('\t'));
for (const r of rows) console.log(cols.map((c) => r[c]).join('\t'));
console.log(JSON.stringify({ entries: n, engine: rows[0], baseline: rows[1] }));
