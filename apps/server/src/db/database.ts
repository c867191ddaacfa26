import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import pg from 'pg';
import { AppError } from '../lib/errors.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  schema?: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise PGlite. */
  url?: string | undefined;
  /** PGlite data directory; omit for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (tests isolate each process in its own schema). */
  schema?: string | undefined;
  poolSize?: number;
}

// pg returns int8 (count(*)) as a string; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      // While the database is down a request fails within this, instead of waiting on a connection for ever.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    watchConnections(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: unavailableAsAppError(pool) }) });
    return { db, kind: 'postgres', schema: opts.schema, close: () => db.destroy() };
  }
  let pglite: PGlite;
  let unlock = () => {};
  if (opts.dataDir) {
    const dir = join(opts.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(opts.dataDir);
    pglite = await PGlite.create(dir);
  } else {
    pglite = await PGlite.create();
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    // Kysely's destroy closes the PGlite instance too; a second close would throw.
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** A request waiting for a database connection gives up after this (the database is down or unreachable). */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Connection-level failures: the database is down, restarting, unreachable, or cut the connection. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout)/;

/**
 * Whether `err` says the database cannot be reached (as opposed to a bad statement or a constraint): such a
 * request is answered SERVICE_UNAVAILABLE (503, "try again shortly"), not INTERNAL. Looks through `cause`
 * and AggregateError (a refused connection to every address of a host name).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  if (err instanceof AppError) return err.code === 'SERVICE_UNAVAILABLE';
  const { code, message, errors, cause } = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** SERVICE_UNAVAILABLE for a connection failure (the original kept as `cause`, for logs); anything else as is. */
export function asServiceError(err: unknown): unknown {
  if (err instanceof AppError || !isDatabaseUnavailable(err)) return err;
  return Object.assign(new AppError('SERVICE_UNAVAILABLE'), { cause: err });
}

/**
 * A PostgreSQL restart sends every connection 57P01 and closes it. pg emits that as an 'error' event on the
 * client, and on the pool for an idle one: without a listener Node throws it and the process dies (measured
 * 2026-12-02). The pool drops a broken client by itself and connects anew on the next request, so the
 * listeners only log, once per outage rather than once per connection.
 */
function watchConnections(pool: pg.Pool): void {
  let quietUntil = 0;
  const log = (err: Error) => {
    if (Date.now() < quietUntil) return;
    quietUntil = Date.now() + 10_000;
    console.error(`数据库连接中断（${(err as { code?: string }).code ?? err.message}），请求将返回“服务暂时不可用”，数据库恢复后自动重连。`);
  };
  pool.on('error', log);
  // A checked-out client (inside a transaction) has no pool listener: its error would be thrown as well.
  pool.on('connect', (client) => client.on('error', log));
}

/**
 * The pool as Kysely sees it, with connection failures turned into AppError('SERVICE_UNAVAILABLE'), so every
 * caller (HTTP handler, socket frame, message writer) answers "服务暂时不可用，请稍后重试。" rather than INTERNAL.
 * Each client keeps one wrapper (Kysely keys its connections by client).
 */
function unavailableAsAppError(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const fail = (err: unknown): never => {
    throw asServiceError(err);
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let w = wrapped.get(client);
    if (!w) {
      w = new Proxy(client, {
        get(target, prop, receiver) {
          if (prop !== 'query') return Reflect.get(target, prop, receiver);
          return (...args: unknown[]) => {
            const result: unknown = Reflect.apply(target.query, target, args);
            return result instanceof Promise ? result.catch(fail) : result;
          };
        },
      });
      wrapped.set(client, w);
    }
    return w;
  };
  return {
    connect: () => pool.connect().then(wrap, fail),
    end: () => pool.end(),
  };
}

export class DataDirInUseError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same directory corrupts it (seen here).
 * A lock file with our pid refuses that plainly; a lock left by a crashed process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'bangban.lock');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(`数据目录 ${dataDir} 正被另一个帮办进程（PID ${holder}）使用。请先停止它，或为本进程设置另一个 DATA_DIR；多个进程请改用 PostgreSQL（DATABASE_URL）。`);
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
