// node --expose-gc --import tsx apps/server/scripts/bench-kb-import.ts — what one KB import costs the server (issue 10,
// measurement 2026-12-02 finding 9). Without --expose-gc the RSS "before" figures include garbage.
//
// In one process, on a fresh in-memory PGlite (or BENCH_DATABASE_URL, an empty PostgreSQL database):
// a department, a KB operator, then three imports through the real route (app.inject):
//   1. like the measurement's file: an XLSX of BENCH_BIG_ROWS (400,000) identical short rows (3.7 MB here, 2.8 MB there);
//   2. an allowed file: an XLSX of BENCH_OK_ROWS (5,000) rows, imported as drafts;
//   3. the same file again with publish=true: every row updates its entry and publishes it.
// For each: status and error code, wall time, RSS before and peak (sampled every 20 ms), event-loop delay
// (p50 / p99 / max, perf_hooks) and /healthz round trips injected every 100 ms while the import runs.
// The files are generated here (ExcelJS streaming writer) and never written to disk. Progress goes to stderr;
// the last stdout line is JSON with the three results.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.ts';
import { createRuntime } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config/env.ts';
import { hashPassword } from '../src/modules/identity/password.ts';

const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 400_000);
const OK_ROWS = Number(process.env.BENCH_OK_ROWS ?? 5_000);
const log = (msg: string) => console.error(msg);
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/** `same`: every row the same question and answer, no id (shared strings: 400,000 rows in ~2.8 MB, as measured). */
async function xlsx(rows: number, tag: string, same = false): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('知识库');
  ws.addRow(['编号', '标准问', '答复口径']).commit();
  for (let i = 1; i <= rows; i++) ws.addRow(same ? [null, '怎样转人工帮办', '请拨打 12345。'] : [`${tag}-${i}`, `问题${i}`, `答复${i}`]).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

function multipart(file: Buffer, name: string, fields: Record<string, string>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----bench${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0);

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '100000' });
const runtime = await createRuntime(config, { db: { url: process.env.BENCH_DATABASE_URL, poolSize: 4 } });
const app = await buildApp(runtime.ctx, { serveWeb: false });
const { db } = runtime.ctx;
const root = (await db.insertInto('org_units').values({ parent_id: null, kind: 'district', name: '基准区', tags: '[]', working_hours: 'null' }).returning('id').executeTakeFirstOrThrow()).id;
const dept = (await db.insertInto('org_units').values({ parent_id: root, kind: 'department', name: `基准民政局${randomBytes(2).toString('hex')}`, tags: '[]', working_hours: 'null' }).returning('id').executeTakeFirstOrThrow()).id;
await runtime.ctx.org.reload();
const username = `bench-kb-${randomBytes(3).toString('hex')}`;
const password = 'Bench-pass-2026';
await db.insertInto('users').values({ username, display_name: '基准', role: 'kb_operator', org_unit_id: dept, password_hash: await hashPassword(password) }).execute();
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const cookie = `bb_session=${login.cookies.find((c) => c.name === 'bb_session')!.value}`;

async function measure(label: string, file: Buffer, fields: Record<string, string> = {}) {
  global.gc?.();
  const rssBefore = rssMb();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 20);
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const health: number[] = [];
  let done = false;
  const prober = (async () => {
    while (!done) {
      const t = performance.now();
      await app.inject({ method: 'GET', url: '/healthz' });
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const { payload, headers } = multipart(file, 'kb.xlsx', fields);
  const started = performance.now();
  const res = await app.inject({ method: 'POST', url: '/api/kb/import', payload, headers: { ...headers, cookie } });
  const ms = Math.round(performance.now() - started);
  done = true;
  await prober;
  clearInterval(sampler);
  eld.disable();
  const body = res.json() as { error?: { code: string }; created?: number };
  const result = {
    label,
    bytes: file.length,
    status: res.statusCode,
    outcome: body.error?.code ?? `created ${body.created}`,
    ms,
    rssBeforeMb: rssBefore,
    rssPeakMb: rssPeak,
    eventLoopDelayMs: { p50: Math.round(eld.percentile(50) / 1e6), p99: Math.round(eld.percentile(99) / 1e6), max: Math.round(eld.max / 1e6) },
    healthz: { n: health.length, p50Ms: Math.round(pct(health, 50)), maxMs: Math.round(Math.max(0, ...health)) },
  };
  log(JSON.stringify(result));
  return result;
}

log(`generating ${BIG_ROWS} rows…`);
const big = await xlsx(BIG_ROWS, 'big', true);
const ok = await xlsx(OK_ROWS, 'ok');
log(`files: ${(big.length / 1024 / 1024).toFixed(2)} MB and ${(ok.length / 1024).toFixed(0)} KB`);
const results = [
  await measure(`${BIG_ROWS} rows`, big),
  await measure(`${OK_ROWS} rows, new drafts`, ok),
  await measure(`${OK_ROWS} rows again, updated and published`, ok, { publish: 'true' }),
];
await app.close();
await runtime.close();
console.log(JSON.stringify(results));
