// Runs the node:test suites. Node 20's `node --test DIR/` finds no .ts files, so we list them.
// One file per process (PGlite is one connection and ~hundreds of MB: never open many at once).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const kind = process.argv[2] ?? 'unit';
const roots = kind === 'e2e' ? ['e2e'] : ['apps/server/test', ...readdirSync('packages').map((p) => join('packages', p, 'test'))];

function collect(dir) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(collect(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filter = process.argv[3];
const files = roots.flatMap(collect).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no ${kind} test files found`);
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(res.status ?? 1);
