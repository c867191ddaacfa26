// npm run bench:assistant — 小申 over HTTP under load (docs/BENCHMARKS.md, "Assistant").
//
// One real server process (apps/server/src/main.ts, or BENCH_SERVER_ENTRY) on a fresh PostgreSQL database that
// this process seeds with the demo district (its catalogue and KB) and with citizens' device tokens. Each
// citizen opens a 小申 session over HTTP and asks questions from the retrieval dev sets
// (packages/retrieval/eval-data/*.dev.jsonl). Phases: closed loop (BENCH_CONCURRENCY citizens asking flat out:
// saturation), then open loop at BENCH_RATE questions/s (latency), with GET /healthz polled throughout. Beside
// it, in this process, the same questions through the bare search index and intent model (no HTTP, no
// database). Progress goes to stderr; the last stdout line is
// {"answers_per_s","p50_ms","p99_ms","saturation_answers_per_s","healthz_p99_ms","saturation_healthz_p99_ms","bare_retrieval_p50_ms",…}.
//
// Settings (environment): BENCH_RATE (100), BENCH_SECONDS per phase (30), BENCH_WARMUP seconds left out of each
// phase (3), BENCH_CONCURRENCY (64), BENCH_CITIZENS (3000), BENCH_DATABASE_URL / TEST_DATABASE_URL (admin
// connection), BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_SERVER_ENTRY
// (apps/server/src/main.ts; apps/server/dist/main.js runs the compiled server without tsx).
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createRuntime, type Runtime } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config/env.ts';
import { newToken } from '../src/modules/identity/tokens.ts';
import { classify } from '../src/modules/assistant/assistant-replies.ts';
import { seedDemoDistrict } from '../src/seed/demo-district.ts';
import { Child, CORES, freePort, share, withCpu, type CpuShare } from './bench-chat/procs.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DEV_SETS = ['packages/retrieval/eval-data/faq-bj.dev.jsonl', 'packages/retrieval/eval-data/matter-alias.dev.jsonl'];
/** The server's per-citizen ask limit is 30 a minute (assistant.routes.ts): each citizen stays under it. */
const ASKS_PER_CITIZEN_MINUTE = 25;

class SetupError extends Error {}
const log = (msg: string) => console.error(msg);

function setting(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new SetupError(`${name}=${raw} is not a number ≥ ${min}`);
  return value;
}

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        log(`clean-up: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the server and dropping the database…`);
    void cleanUp().then(() => process.exit(130));
  });
}

/* HTTP: node:http with keep-alive (fetch costs the generator several times more CPU per request). */

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function post(base: URL, path: string, token: string | undefined, body: unknown): Promise<{ status: number; body: string }> {
  return send(base, 'POST', path, token, JSON.stringify(body));
}

function send(base: URL, method: string, path: string, token: string | undefined, payload?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = request({ host: base.hostname, port: base.port, path, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/* Figures */

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 10) / 10;
}

interface PhaseResult {
  phase: string;
  asked: number;
  answered: number;
  /** Non-200 answers by status, and transport errors as "error". */
  failures: Record<string, number>;
  answersPerS: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  outcomes: Record<string, number>;
  healthz: { count: number; p50: number; p99: number; max: number; failures: number };
}

/* Citizens */

interface Citizen {
  token: string;
  sessionId: string;
  /** When this citizen asked, for the rate limit (the last ASKS_PER_CITIZEN_MINUTE). */
  asks: number[];
}

class Citizens {
  private next = 0;
  constructor(private readonly all: Citizen[]) {}

  /** The next citizen in turn who may ask now without reaching the server's per-citizen limit. */
  take(): Citizen {
    const now = performance.now();
    for (let tried = 0; tried < this.all.length; tried++) {
      const c = this.all[this.next]!;
      this.next = (this.next + 1) % this.all.length;
      while (c.asks.length && now - c.asks[0]! > 61_000) c.asks.shift();
      if (c.asks.length < ASKS_PER_CITIZEN_MINUTE) {
        c.asks.push(now);
        return c;
      }
    }
    throw new SetupError(`every one of the ${this.all.length} citizens has asked ${ASKS_PER_CITIZEN_MINUTE} times this minute: raise BENCH_CITIZENS`);
  }
}

/* Phases */

class Recorder {
  readonly latencies: number[] = [];
  readonly failures: Record<string, number> = {};
  readonly outcomes: Record<string, number> = {};
  asked = 0;
  answered = 0;
  inWindow = 0;
  constructor(
    readonly windowStart: number,
    readonly windowEnd: number,
  ) {}

  async ask(base: URL, citizen: Citizen, question: string, dueAt: number): Promise<void> {
    this.asked++;
    let status: number | string;
    let body = '';
    try {
      ({ status, body } = await post(base, `/api/assistant/sessions/${citizen.sessionId}/ask`, citizen.token, { question }));
    } catch (err) {
      status = `error ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
    const done = performance.now();
    if (status !== 200) {
      this.failures[status] = (this.failures[status] ?? 0) + 1;
      return;
    }
    this.answered++;
    const outcome = (JSON.parse(body) as { outcome: string }).outcome;
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    if (dueAt >= this.windowStart && dueAt < this.windowEnd) this.latencies.push(done - dueAt);
    if (done >= this.windowStart && done < this.windowEnd) this.inWindow++;
  }
}

/** GET /healthz every 100 ms on its own connection, timed from when it was due. */
function pollHealth(base: URL): { stop(): Promise<{ latencies: number[]; failures: number }> } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const own = new Agent({ keepAlive: true, maxSockets: 1 });
  const loop = (async () => {
    while (running) {
      const due = performance.now();
      const status = await new Promise<number>((resolve) => {
        const req = request({ host: base.hostname, port: base.port, path: '/healthz', method: 'GET', agent: own }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(0));
        req.end();
      });
      if (status === 200) latencies.push(performance.now() - due);
      else failures++;
      const wait = due + 100 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      own.destroy();
      return { latencies, failures };
    },
  };
}

function finish(phase: string, rec: Recorder, health: { latencies: number[]; failures: number }, windowSeconds: number): PhaseResult {
  const sorted = rec.latencies.sort((a, b) => a - b);
  const h = health.latencies.sort((a, b) => a - b);
  return {
    phase,
    asked: rec.asked,
    answered: rec.answered,
    failures: rec.failures,
    answersPerS: Math.round(rec.inWindow / windowSeconds),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    outcomes: rec.outcomes,
    healthz: { count: h.length, p50: percentile(h, 50), p99: percentile(h, 99), max: percentile(h, 100), failures: health.failures },
  };
}

/** Closed loop: `concurrency` citizens, each asking again as soon as answered. */
async function closedLoop(base: URL, citizens: Citizens, questions: string[], concurrency: number, seconds: number, warmup: number): Promise<PhaseResult> {
  const start = performance.now();
  const end = start + seconds * 1000;
  const rec = new Recorder(start + warmup * 1000, end);
  const health = pollHealth(base);
  let q = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const now = performance.now();
      await rec.ask(base, citizens.take(), questions[q++ % questions.length]!, now);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return finish('closed loop', rec, await health.stop(), seconds - warmup);
}

/** Open loop: a question due every 1/rate s whatever the answers; latency counts from when it was due. */
async function openLoop(base: URL, citizens: Citizens, questions: string[], rate: number, seconds: number, warmup: number): Promise<PhaseResult> {
  const start = performance.now();
  const end = start + seconds * 1000;
  const rec = new Recorder(start + warmup * 1000, end);
  const health = pollHealth(base);
  const pending = new Set<Promise<void>>();
  const interval = 1000 / rate;
  let sent = 0;
  let q = 0;
  while (performance.now() < end) {
    const now = performance.now();
    // Everything due by now goes out now, each timed from its own due time.
    while (start + sent * interval <= now && start + sent * interval < end) {
      const p = rec.ask(base, citizens.take(), questions[q++ % questions.length]!, start + sent * interval);
      pending.add(p);
      void p.finally(() => pending.delete(p));
      sent++;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, start + sent * interval - performance.now())));
  }
  await Promise.all(pending);
  return finish('open loop', rec, await health.stop(), seconds - warmup);
}

/* Set-up */

function devQuestions(): string[] {
  const out: string[] = [];
  for (const file of DEV_SETS) {
    for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      // What the API accepts (AskBody: 1–500 characters once trimmed); the few longer ones would only measure a 400.
      const query = (JSON.parse(line) as { query: string }).query.trim();
      if (query.length >= 1 && query.length <= 500) out.push(query);
    }
  }
  // A fixed shuffle: both sets interleaved, the same order every run.
  let seed = 20261202;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same questions through the search index and the intent model in this process: no HTTP, no database. */
function bareRetrieval(runtime: Runtime, questions: string[]): { retrievalP50: number; retrievalP99: number; withIntentP50: number; withIntentP99: number } {
  const retrieval: number[] = [];
  const both: number[] = [];
  for (const q of questions.slice(0, 200)) runtime.ctx.knowledge.search(q, { limit: 5 }); // warm
  for (const q of questions) {
    const t0 = performance.now();
    runtime.ctx.knowledge.search(q, { limit: 5 });
    const t1 = performance.now();
    classify(q);
    const t2 = performance.now();
    retrieval.push(t1 - t0);
    both.push(t2 - t0);
  }
  retrieval.sort((a, b) => a - b);
  both.sort((a, b) => a - b);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const p = (s: number[], q: number) => r2(s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)]!);
  return { retrievalP50: p(retrieval, 50), retrievalP99: p(retrieval, 99), withIntentP50: p(both, 50), withIntentP99: p(both, 99) };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function main(): Promise<void> {
  const rate = setting('BENCH_RATE', 100);
  const seconds = setting('BENCH_SECONDS', 30);
  const warmup = setting('BENCH_WARMUP', 3, 0);
  const concurrency = setting('BENCH_CONCURRENCY', 64);
  const citizenCount = setting('BENCH_CITIZENS', 3000);
  if (warmup >= seconds) throw new SetupError(`BENCH_WARMUP (${warmup}) must be shorter than BENCH_SECONDS (${seconds})`);
  const clockStart = process.env.BENCH_CLOCK_START ?? '2026-03-03T10:00:00+08:00';
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const entry = process.env.BENCH_SERVER_ENTRY || 'apps/server/src/main.ts';
  log(
    `bench:assistant — ${citizenCount} citizens; closed loop ${concurrency} asking at once, open loop ${rate} questions/s, ${seconds} s per phase (first ${warmup} s left out), ` +
      `${CORES} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const questions = devQuestions();
  log(`${questions.length} questions from ${DEV_SETS.map((f) => f.split('/').pop()).join(', ')}`);

  // 1. A fresh database, dropped at the end whatever happens.
  const dbName = `bangban_bench_assistant_${process.pid}`;
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  await admin(adminUrl, `create database ${dbName}`).catch((err: Error) => {
    throw new SetupError(`cannot create database ${dbName} via ${redact(adminUrl)}: ${err.message}`);
  });
  cleanups.push(async () => {
    await admin(adminUrl, `drop database if exists ${dbName} with (force)`);
    log(`dropped database ${dbName}`);
  });
  log(`created database ${dbName}`);

  // 2. The demo district (catalogue and KB, as `npm start` writes it) and the citizens' tokens, from here.
  const started = performance.now();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: dbUrl.toString(), SEED_DEMO: 'false', LOG_LEVEL: 'silent', TEST_CLOCK_START: clockStart });
  const runtime = await createRuntime(config, { db: { url: dbUrl.toString(), poolSize: 4 } });
  cleanups.push(() => runtime.close());
  runtime.ctx.knowledge.pause();
  await seedDemoDistrict(runtime.ctx, 'Bench-pass-2026', { exampleKb: 'faq-bj' }); // its dev sets ask the Beijing passages
  await runtime.ctx.knowledge.resume();
  const tokens = Array.from({ length: citizenCount }, () => ({ id: randomUUID(), ...newToken() }));
  const now = runtime.ctx.clock.now();
  for (let i = 0; i < tokens.length; i += 1000) {
    await runtime.ctx.db
      .insertInto('citizens')
      .values(tokens.slice(i, i + 1000).map((t) => ({ id: t.id, token_hash: t.hash, last_seen_at: now })))
      .execute();
  }
  log(`seeded the demo district (${runtime.ctx.knowledge.size} documents in the index) and ${citizenCount} citizens in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // 3. The bare engine, here: the same questions, the same documents.
  const bare = bareRetrieval(runtime, questions);
  log(`bare search index: p50 ${bare.retrievalP50} ms, p99 ${bare.retrievalP99} ms; with the intent model: p50 ${bare.withIntentP50} ms, p99 ${bare.withIntentP99} ms`);

  // 4. The server under test: one process.
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bangban-bench-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEST_CLOCK_START: clockStart,
  };
  delete env.REDIS_URL;
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const args = entry.endsWith('.ts') ? [...extra, '--import', 'tsx', entry] : [...extra, entry];
  const server = Child.start('server', args, { cwd: ROOT, env });
  cleanups.push(() => server.stop());
  await server.waitFor((l) => l.includes('已启动'), 300_000).catch((err: Error) => {
    throw new SetupError(err.message);
  });
  server.forget();
  log(`server up (pid ${server.pid}, ${entry}) on 127.0.0.1:${port}`);
  const base = new URL(`http://127.0.0.1:${port}`);

  // 5. Each citizen opens a session over HTTP (the session limit is per citizen too).
  const citizens: Citizen[] = new Array(citizenCount);
  let next = 0;
  const opener = async () => {
    while (next < citizenCount) {
      const i = next++;
      const res = await post(base, '/api/assistant/sessions', tokens[i]!.token, { channel: 'widget' });
      if (res.status !== 201) throw new SetupError(`session ${i}: ${res.status} ${res.body}`);
      citizens[i] = { token: tokens[i]!.token, sessionId: (JSON.parse(res.body) as { sessionId: string }).sessionId, asks: [] };
    }
  };
  await Promise.all(Array.from({ length: 16 }, opener));
  log(`${citizenCount} sessions opened through POST /api/assistant/sessions`);
  const pool = new Citizens(citizens);

  const run = async (label: string, phase: () => Promise<PhaseResult>) => {
    log(`${label}…`);
    const { result, cpu } = await withCpu(server.pid, dbName, phase);
    log(`  ${line(result, cpu)}`);
    return { ...result, cpu };
  };
  const saturated = await run(`closed loop, ${concurrency} citizens asking at once for ${seconds} s`, () => closedLoop(base, pool, questions, concurrency, seconds, warmup));
  const open = await run(`open loop, ${rate} questions/s for ${seconds} s`, () => openLoop(base, pool, questions, rate, seconds, warmup));
  if (server.lines) log(`the server logged ${server.lines} lines (warn level and above); the last ones:\n${server.output()}`);
  await server.stop();

  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  log(
    `targets: ≥ 400 answers/s ${ok(saturated.answersPerS >= 400)} (${saturated.answersPerS}); p99 ≤ 100 ms at ${rate}/s ${ok(open.p99 <= 100 && open.answersPerS >= rate * 0.97)} ` +
      `(${open.p99} ms, ${open.answersPerS} answers/s)`,
  );
  const failed = Object.keys(open.failures).length + Object.keys(saturated.failures).length;
  if (failed) log(`failures: closed loop ${JSON.stringify(saturated.failures)}, open loop ${JSON.stringify(open.failures)}`);
  if (!Number.isFinite(open.p99) || !Number.isFinite(saturated.p50)) throw new Error('a phase got no answer at all; see the progress above');
  console.log(
    JSON.stringify({
      answers_per_s: saturated.answersPerS,
      p50_ms: open.p50,
      p99_ms: open.p99,
      saturation_answers_per_s: saturated.answersPerS,
      saturation_p99_ms: saturated.p99,
      open_answers_per_s: open.answersPerS,
      healthz_p99_ms: open.healthz.p99,
      saturation_healthz_p99_ms: saturated.healthz.p99,
      bare_retrieval_p50_ms: bare.retrievalP50,
      bare_retrieval_intent_p50_ms: bare.withIntentP50,
      failures: failed,
    }),
  );
}

const line = (r: PhaseResult, cpu: CpuShare) =>
  `${r.answersPerS} answers/s; latency p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms; asked ${r.asked}, answered ${r.answered}, ` +
  `failed ${JSON.stringify(r.failures)}; outcomes ${JSON.stringify(r.outcomes)}\n` +
  `  /healthz: ${r.healthz.count} polls, p50 ${r.healthz.p50} ms, p99 ${r.healthz.p99} ms, max ${r.healthz.max} ms, failed ${r.healthz.failures}\n` +
  `  CPU, % of one core: server ${share(cpu.targetMs, cpu)}, generator ${share(cpu.generatorMs, cpu)}, postgres ${share(cpu.postgresMs, cpu)}, other processes ${share(cpu.othersMs, cpu)} ` +
  `(machine ${cpu.machine}% busy); CPU ms per answer: server ${perAnswer(cpu.targetMs, r)}, postgres ${perAnswer(cpu.postgresMs, r)}`;

const perAnswer = (ms: number, r: PhaseResult) => (r.answered ? Math.round((ms / r.answered) * 100) / 100 : NaN);

main()
  .catch((err: unknown) => {
    log(`\nbench:assistant failed: ${err instanceof SetupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    agent.destroy();
    process.exit(process.exitCode ?? 0);
  });
