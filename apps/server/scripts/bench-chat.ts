// npm run bench:chat — the live-chat WebSocket under load (docs/BENCHMARKS.md, "Live chat").
//
// One real server process (apps/server/src/main.ts) on a fresh PostgreSQL database, seeded here with agents and
// assigned chats; this process holds every citizen's and agent's socket on loopback and measures
// citizen→agent delivery: a closed-loop phase with BENCH_INFLIGHT messages in flight (maximum throughput), then
// an open-loop phase at BENCH_RATE msgs/s (latency percentiles). Then the same sockets and phases against a
// bare `ws` relay process (no auth, no storage): the upper limit on this machine. Progress goes to stderr; the
// last stdout line is {"sockets","msgs_per_s","p50_ms","p99_ms","relay_msgs_per_s","ratio"}.
//
// Settings (environment): BENCH_SOCKETS (5000), BENCH_RATE (1000), BENCH_SECONDS per phase (20),
// BENCH_WARMUP seconds left out of each phase's figures (3), BENCH_INFLIGHT (256), BENCH_CONNECT_CONCURRENCY
// (100), BENCH_DATABASE_URL / TEST_DATABASE_URL (admin connection), BENCH_SERVER_NODE_ARGS (extra node flags
// for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). Diagnostics: BENCH_TIMELINE=file (worst latency per
// 100 ms of each phase, load.ts), BENCH_CHILD_LOG=prefix (the server's and relay's whole output, to prefix.server
// and prefix.relay).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Fleet, sleep, type FleetSpec, type PhaseResult } from './bench-chat/load.ts';
import { Child, CORES, freePort, idle, rssMb, share, withCpu, type CpuShare } from './bench-chat/procs.ts';
import { AGENT_PASSWORD, seed, type Seeded } from './bench-chat/seed.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SERVER_ENTRY = 'apps/server/src/main.ts';
const RELAY_ENTRY = 'apps/server/scripts/bench-chat/relay.ts';

function setting(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new SetupError(`${name}=${raw} is not a number ≥ ${min}`);
  return value;
}

class SetupError extends Error {}

const log = (msg: string) => console.error(msg);

interface Measured {
  open: PhaseResult & { cpu: CpuShare };
  saturated: PhaseResult & { cpu: CpuShare };
  /** Only when the target could not carry BENCH_RATE: the open loop at half the closed loop's throughput. */
  bearable?: PhaseResult & { cpu: CpuShare };
  sockets: number;
  /** Resident memory of the target with every socket open, MB. */
  rss: number;
  errors: Record<string, number>;
  strays: number;
  unexpectedCloses: number;
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
    log(`\n${signal}: stopping the processes and dropping the database…`);
    void cleanUp().then(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const sockets = setting('BENCH_SOCKETS', 5000, 2);
  const rate = setting('BENCH_RATE', 1000);
  const seconds = setting('BENCH_SECONDS', 20);
  const warmup = setting('BENCH_WARMUP', 3, 0);
  const inflight = setting('BENCH_INFLIGHT', 256);
  const concurrency = setting('BENCH_CONNECT_CONCURRENCY', 100);
  if (warmup >= seconds) throw new SetupError(`BENCH_WARMUP (${warmup}) must be shorter than BENCH_SECONDS (${seconds})`);
  const clockStart = process.env.BENCH_CLOCK_START ?? '2026-03-03T10:00:00+08:00'; // a Tuesday morning in Shanghai
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  log(`bench:chat — ${sockets} sockets, open loop ${rate} msgs/s, closed loop ${inflight} in flight, ${seconds} s per phase (first ${warmup} s left out), ${CORES} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // 1. A fresh database, dropped at the end whatever happens.
  const dbName = `bangban_bench_${process.pid}`;
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

  // 2. Seed from here (migrations, org, agents, citizens, assigned chats), before the server starts.
  const started = performance.now();
  const seeded = await seed(dbUrl.toString(), clockStart, sockets, log).catch((err: Error) => {
    throw new SetupError(`seeding failed: ${err.stack ?? err.message}`);
  });
  log(`seeding took ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // 3. The server under test: one process, as `npm start` runs it (without the web build).
  const chat = await measureChat(adminUrl, dbUrl.toString(), dbName, clockStart, seeded, { rate, seconds, warmup, inflight, concurrency });

  // 4. The bare relay: same sockets, same load.
  const relay = await measureRelay(seeded, dbName, { rate, seconds, warmup, inflight, concurrency });

  report(chat, relay, rate);
  if (![chat.saturated.msgsPerS, chat.open.p50, chat.open.p99, relay.saturated.msgsPerS].every(Number.isFinite)) {
    throw new Error('a phase delivered no message at all; see the progress above');
  }
  const ratio = relay.saturated.msgsPerS > 0 ? Math.round((chat.saturated.msgsPerS / relay.saturated.msgsPerS) * 1000) / 1000 : 0;
  console.log(
    JSON.stringify({
      sockets: chat.sockets,
      msgs_per_s: chat.saturated.msgsPerS,
      p50_ms: chat.open.p50,
      p99_ms: chat.open.p99,
      relay_msgs_per_s: relay.saturated.msgsPerS,
      ratio,
    }),
  );
}

interface Load {
  rate: number;
  seconds: number;
  warmup: number;
  inflight: number;
  concurrency: number;
}

async function measureChat(adminUrl: string, databaseUrl: string, database: string, clockStart: string, seeded: Seeded, load: Load): Promise<Measured> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bangban-bench-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEST_CLOCK_START: clockStart,
    // Every agent signs in at once from one address; the login limit is per address.
    LOGIN_RATE_PER_MINUTE: '100000',
  };
  delete env.REDIS_URL; // one process alone: no cross-process relay
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const server = Child.start('server', [...extra, '--import', 'tsx', SERVER_ENTRY], { cwd: ROOT, env });
  cleanups.push(() => server.stop());
  await server.waitFor((l) => l.includes('已启动'), 120_000).catch((err: Error) => {
    throw new SetupError(err.message);
  });
  server.forget();
  log(`server up (pid ${server.pid}) on 127.0.0.1:${port}`);

  const http = `http://127.0.0.1:${port}`;
  const cookies = await signIn(http, seeded.agents.map((a) => a.username));
  log(`${cookies.length} agents signed in through POST /api/auth/login`);
  const spec: FleetSpec = {
    kind: 'chat',
    url: `ws://127.0.0.1:${port}/api/realtime`,
    agents: seeded.agents.map((a, i) => ({ cookie: cookies[i]!, conversations: a.conversations })),
    citizens: seeded.citizens,
    idle: () => idle(server.pid),
  };
  const measured = await drive('chat server', spec, server, database, load, () => dbCounters(adminUrl, database));
  if (server.lines) log(`the server logged ${server.lines} lines (warn level and above); the last ones:\n${server.output()}`);
  await server.stop();
  return measured;
}

async function measureRelay(seeded: Seeded, database: string, load: Load): Promise<Measured> {
  const relay = Child.start('relay', ['--import', 'tsx', RELAY_ENTRY], { cwd: ROOT, env: { ...process.env, PORT: '0' } });
  cleanups.push(() => relay.stop());
  const line = await relay.waitFor((l) => l.startsWith('{"port"'), 60_000);
  const { port } = JSON.parse(line) as { port: number };
  log(`relay up (pid ${relay.pid}) on 127.0.0.1:${port}`);
  const spec: FleetSpec = { kind: 'relay', url: `ws://127.0.0.1:${port}/`, agents: seeded.agents, citizens: seeded.citizens, idle: () => idle(relay.pid) };
  const measured = await drive('bare relay', spec, relay, database, load);
  await relay.stop();
  return measured;
}

async function drive(name: string, spec: FleetSpec, target: Child, database: string, load: Load, counters?: () => Promise<DbCounters>): Promise<Measured> {
  const fleet = new Fleet(spec);
  cleanups.push(async () => fleet.close());
  log(`${name}: opening ${spec.agents.length + spec.citizens.length} sockets (${spec.agents.length} agents, ${spec.citizens.length} citizens)…`);
  await fleet.open(load.concurrency, log).catch((err: Error) => {
    throw new SetupError(`${name}: opening the sockets failed: ${err.message}${target.lines ? `\n${target.name} output:\n${target.output()}` : ''}`);
  });
  const rss = rssMb(target.pid);
  log(`  ${name} holds them in ${rss} MB resident`);
  const run = async (label: string, phase: () => Promise<PhaseResult>) => {
    log(`${name}: ${label}…`);
    const before = await counters?.();
    const { result, cpu } = await withCpu(target.pid, database, phase);
    log(`  ${line(result, cpu)}`);
    if (before && counters) {
      // Backends report their counts about once a second: near enough over a phase.
      await sleep(1500);
      const after = await counters();
      const n = result.delivered + result.lateDelivered;
      const per = (k: keyof DbCounters) => (n ? ((after[k] - before[k]) / n).toFixed(1) : '-');
      log(`  PostgreSQL per delivered message: ${per('xacts')} transactions, ${per('fetched')} rows fetched, ${per('inserted')} inserted, ${per('updated')} updated`);
    }
    return { ...result, cpu };
  };
  // Saturation first (it also warms the target up), then the open loop at the target rate; when the target
  // cannot carry that rate, once more at half of what it carried, for its latency under a load it can bear.
  const saturated = await run(`closed loop, ${load.inflight} in flight for ${load.seconds} s`, () => fleet.closedLoop('closed loop', load.inflight, load.seconds, load.warmup, log));
  const open = await run(`open loop, ${load.rate} msgs/s for ${load.seconds} s`, () => fleet.openLoop('open loop', load.rate, load.seconds, load.warmup, log));
  let bearable: Measured['bearable'];
  if (saturated.msgsPerS < load.rate * 0.9) {
    const rate = Math.max(1, Math.round(saturated.msgsPerS / 2));
    bearable = await run(`open loop at half its capacity, ${rate} msgs/s for ${load.seconds} s`, () => fleet.openLoop('open loop, half capacity', rate, load.seconds, load.warmup, log));
  }
  const sockets = fleet.openSockets();
  fleet.close();
  return { open, saturated, bearable, sockets, rss, errors: Object.fromEntries(fleet.errors), strays: fleet.strays, unexpectedCloses: fleet.unexpectedCloses };
}

/** CPU ms per delivered message. */
const perMsg = (ms: number, r: PhaseResult) => {
  const n = r.delivered + r.lateDelivered;
  return n ? Math.round((ms / n) * 100) / 100 : NaN;
};

const line = (r: PhaseResult, cpu: CpuShare) =>
  `${r.msgsPerS} msgs/s delivered; latency p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms; sent ${r.sent}, delivered ${r.delivered}, refused ${r.failed}, lost ${r.lost}\n` +
  `  CPU, % of one core: target ${share(cpu.targetMs, cpu)}, generator ${share(cpu.generatorMs, cpu)}, postgres ${share(cpu.postgresMs, cpu)}, other processes ${share(cpu.othersMs, cpu)} (machine ${cpu.machine}% busy); ` +
  `ms per message: target ${perMsg(cpu.targetMs, r)}, generator ${perMsg(cpu.generatorMs, r)}, postgres ${perMsg(cpu.postgresMs, r)}`;

function report(chat: Measured, relay: Measured, rate: number): void {
  const rows: [string, PhaseResult & { cpu: CpuShare }][] = [
    ['chat, closed loop', chat.saturated],
    ['chat, open loop', chat.open],
    ...(chat.bearable ? [['chat, open, half cap.', chat.bearable] as [string, PhaseResult & { cpu: CpuShare }]] : []),
    ['relay, closed loop', relay.saturated],
    ['relay, open loop', relay.open],
    ...(relay.bearable ? [['relay, open, half cap.', relay.bearable] as [string, PhaseResult & { cpu: CpuShare }]] : []),
  ];
  log('');
  log('phase                    offered     msgs/s   p50 ms   p99 ms   max ms   lost │ CPU % of a core: target gen pg others │ CPU ms/msg: target gen pg');
  for (const [label, r] of rows) {
    const c = r.cpu;
    const offered = r.phase === 'closed loop' ? `${r.offered} infl` : `${r.offered}/s`;
    const cols = [r.msgsPerS, r.p50, r.p99, r.max].map((v) => String(v).padStart(8)).join(' ');
    const pct = [c.targetMs, c.generatorMs, c.postgresMs, c.othersMs].map((ms) => String(share(ms, c)).padStart(4)).join(' ');
    const ms = [c.targetMs, c.generatorMs, c.postgresMs].map((v) => String(perMsg(v, r)).padStart(5)).join(' ');
    log(`${label.padEnd(24)} ${offered.padStart(9)}  ${cols} ${String(r.lost).padStart(6)} │                  ${pct}   │                 ${ms}`);
  }
  for (const [label, m] of [['chat', chat], ['relay', relay]] as const) {
    const problems = [
      Object.keys(m.errors).length ? `error frames ${JSON.stringify(m.errors)}` : '',
      m.strays ? `${m.strays} duplicate or unknown deliveries` : '',
      m.unexpectedCloses ? `${m.unexpectedCloses} sockets closed by the other side` : '',
    ].filter(Boolean);
    if (problems.length) log(`${label}: ${problems.join('; ')}`);
  }
  // What the CPU alone allows: this run's cost per message against this machine's cores, nothing else running.
  const sat = chat.saturated;
  const cost = perMsg(sat.cpu.targetMs, sat) + perMsg(sat.cpu.postgresMs, sat);
  if (cost > 0) {
    log(
      `chat CPU per delivered message (closed loop): server ${perMsg(sat.cpu.targetMs, sat)} ms + PostgreSQL ${perMsg(sat.cpu.postgresMs, sat)} ms; ` +
        `at that cost ${CORES} cores to themselves would carry at most about ${Math.round((CORES * 1000) / cost)} msgs/s (the server's one thread alone: ${Math.round(1000 / perMsg(sat.cpu.targetMs, sat))} msgs/s)`,
    );
  }
  const others = Math.max(...rows.map(([, r]) => share(r.cpu.othersMs, r.cpu)));
  if (others > 20) log(`note: other processes used up to ${others}% of a core during the phases; the figures are lower than on an otherwise idle machine`);
  log(`resident memory with ${chat.sockets} sockets open: server ${chat.rss} MB, relay ${relay.rss} MB`);
  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  log(
    `targets: ≥ 5,000 sockets ${ok(chat.sockets >= 5000)} (${chat.sockets}); ≥ 1,000 msgs/s ${ok(chat.saturated.msgsPerS >= 1000)} (${chat.saturated.msgsPerS}); ` +
      `p99 ≤ 50 ms at ${rate} msgs/s ${ok(chat.open.p99 <= 50 && chat.open.msgsPerS >= rate * 0.98)} (${chat.open.p99} ms, ${chat.open.msgsPerS} msgs/s delivered)`,
  );
}

/** Signs every agent in through the real login endpoint; returns the `bb_session=…` cookies in order. */
async function signIn(http: string, usernames: string[]): Promise<string[]> {
  const cookies: string[] = new Array(usernames.length);
  let next = 0;
  const worker = async () => {
    while (next < usernames.length) {
      const i = next++;
      const res = await fetch(`${http}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: usernames[i], password: AGENT_PASSWORD }),
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('bb_session='));
      if (res.status !== 200 || !cookie) throw new SetupError(`login of ${usernames[i]} failed: ${res.status} ${await res.text()}`);
      cookies[i] = cookie.split(';')[0]!;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return cookies;
}

interface DbCounters {
  xacts: number;
  fetched: number;
  inserted: number;
  updated: number;
}

/** The database's activity counters so far (pg_stat_database). */
async function dbCounters(adminUrl: string, database: string): Promise<DbCounters> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ [K in keyof DbCounters]: string }>(
      'select xact_commit + xact_rollback as xacts, tup_fetched as fetched, tup_inserted as inserted, tup_updated as updated from pg_stat_database where datname = $1',
      [database],
    );
    const r = rows[0];
    return { xacts: Number(r?.xacts ?? 0), fetched: Number(r?.fetched ?? 0), inserted: Number(r?.inserted ?? 0), updated: Number(r?.updated ?? 0) };
  } finally {
    await client.end();
  }
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

main()
  .catch((err: unknown) => {
    log(`\nbench:chat failed: ${err instanceof SetupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    // Sockets and pools must not keep the run alive after the report.
    process.exit(process.exitCode ?? 0);
  });
