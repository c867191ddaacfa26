import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { createRuntime } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config/env.ts';
import { PASSWORD, TestServer } from './harness.ts';
import { createDesk } from './live-help.ts';
import { freePort } from '../../../../scripts/support/free-port.ts';

const ROOT = new URL('../../../../', import.meta.url).pathname;

/** A working-day morning (Tuesday 10:00 in Shanghai): the spawned processes' clocks start here, so groups are open. */
export const CLOCK_START = '2026-03-03T10:00:00+08:00';

/** The default admin connection for tests that need PostgreSQL even when the suite runs on PGlite. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A database for real server processes: what the processes get in their environment (DATA_DIR for PGlite;
 * DATABASE_URL, and a DATA_DIR for blobs, for PostgreSQL), a way to open it from the test process, its removal.
 */
export interface ProcessDatabase {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Opens the database here (migrating it), runs `work` against a TestServer wrapped round it, then closes it. */
  use<T>(work: (s: TestServer) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** The suite's database: a fresh PostgreSQL database beside TEST_DATABASE_URL when set, else PGlite in a temporary DATA_DIR. */
export function suiteDatabase(): Promise<ProcessDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? postgresDatabase(url) : Promise.resolve(pgliteDatabase());
}

export function pgliteDatabase(): ProcessDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'bangban-proc-'));
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir },
    // The runtime is closed before any process is spawned: PGlite is one process's, and closing releases the lock.
    use: (work) => withRuntime({ DATA_DIR: dataDir }, work),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A fresh database on the PostgreSQL server of `adminUrl`, created now and dropped (with force) by `drop`. */
export async function postgresDatabase(adminUrl: string): Promise<ProcessDatabase> {
  const name = `bangban_proc_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Still a DATA_DIR of its own: the processes keep attachment blobs and upload spools there.
  const env = { DATABASE_URL: url.toString(), DATA_DIR: mkdtempSync(join(tmpdir(), 'bangban-proc-')) };
  return {
    kind: 'postgres',
    env,
    use: (work) => withRuntime(env, work),
    drop: async () => {
      await admin(`drop database if exists ${name} with (force)`);
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
}

async function withRuntime<T>(env: Record<string, string>, work: (s: TestServer) => Promise<T>): Promise<T> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...env });
  const runtime = await createRuntime(config);
  const app = await buildApp(runtime.ctx, { serveWeb: false });
  const s = new TestServer(runtime, app, async () => {
    await app.close();
    await runtime.close();
  });
  try {
    return await work(s);
  } finally {
    await s.close();
  }
}

/** What the live-help journeys need, written before any process starts: a district, a desk with a matter, its agent. */
export interface SeededDesk {
  matterId: string;
  groupId: string;
  agent: { username: string; password: string };
}

export function seedDesk(db: ProcessDatabase): Promise<SeededDesk> {
  return db.use(async (s) => {
    const units = await s.seedOrg();
    const desk = await createDesk(s, units.district);
    const agent = await s.createUser('agent', desk.group);
    return { matterId: desk.matter, groupId: desk.group, agent: { username: agent.username, password: PASSWORD } };
  });
}

export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:port */
  readonly url: string;
  /** ws://127.0.0.1:port/api/realtime */
  readonly wsUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown handler, no flush, sockets cut by the kernel. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (the graceful shutdown), then SIGKILL if it takes more than 10 s. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever happens to the test process, no server is left listening behind it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the real server as an operator would (`node --import tsx apps/server/src/main.ts`, or with `entry`
 * a compiled bundle such as apps/server/dist/main.js under plain node) on a free port, without the demo
 * district, its clock at CLOCK_START; resolves once it prints that it has started.
 */
export async function spawnServer(env: Record<string, string>, startTimeoutMs = 60_000, opts: { entry?: string } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const entry = opts.entry ?? 'apps/server/src/main.ts';
  // Where the data is comes from `env` alone, never from the environment the tests run in.
  const { DATABASE_URL: _db, REDIS_URL: _redis, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    cwd: ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      TEST_CLOCK_START: CLOCK_START,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${startTimeoutMs} ms:\n${out}`)), startTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited before it started (code ${code}, signal ${signal}):\n${out}`));
    });
  });
  try {
    await started;
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/api/realtime`,
    output: () => out,
    exited,
    kill: async () => {
      if (alive()) child.kill('SIGKILL');
      return exited;
    },
    stop: async () => {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** HTTP against a spawned server: JSON in and out, a staff cookie or a citizen's Bearer token. */
export async function call(
  server: Pick<ServerProcess, 'url'>,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  opts: { cookie?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method, headers, ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text for the failure message
  }
  return { status: res.status, body, headers: res.headers };
}

/** Signs a staff member in over HTTP (POST /api/auth/login) and returns the session cookie. */
export async function login(server: Pick<ServerProcess, 'url'>, user: { username: string; password: string }): Promise<string> {
  const res = await call(server, 'POST', '/api/auth/login', { body: user });
  if (res.status !== 200) throw new Error(`login ${user.username}: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('bb_session='));
  if (!cookie) throw new Error('login set no session cookie');
  return cookie.split(';')[0]!;
}

/** A new citizen's device token (POST /api/citizen/session). */
export async function citizenToken(server: Pick<ServerProcess, 'url'>): Promise<string> {
  const res = await call(server, 'POST', '/api/citizen/session');
  if (res.status !== 200 && res.status !== 201) throw new Error(`citizen session: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}
