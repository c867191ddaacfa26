import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { StaffRole } from '@bangban/shared';
import { buildApp } from '../../src/app.ts';
import { createRuntime, type Runtime } from '../../src/bootstrap.ts';
import { loadConfig, type Config } from '../../src/config/env.ts';
import type { AppContext } from '../../src/context.ts';
import { systemClock, type Clock } from '../../src/lib/clock.ts';
import { hashPassword } from '../../src/modules/identity/password.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';

export const PASSWORD = 'Test-pass-2026';

/**
 * One database per test process: in-memory PGlite by default, or a fresh schema on the PostgreSQL server
 * named by TEST_DATABASE_URL (dropped when the file's tests end). Tests in a file share it and build the
 * rows they need with the factories below, with unique names. Pair with `after(() => s.close())`.
 */
export async function startTestServer(opts: { clock?: Clock; env?: Record<string, string>; handle?: DatabaseHandle } = {}): Promise<TestServer> {
  const url = process.env.TEST_DATABASE_URL;
  let schema: string | undefined;
  if (url && !opts.handle) {
    schema = `t_${process.pid}_${randomBytes(3).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
  }
  const config: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '100000', ...opts.env });
  const runtime = await createRuntime(config, { clock: opts.clock ?? systemClock, db: { url, schema, poolSize: 4 }, ...(opts.handle && { handle: opts.handle }) });
  const app = await buildApp(runtime.ctx, { serveWeb: false });
  return new TestServer(runtime, app, async () => {
    await app.close();
    await runtime.close();
    if (url && schema) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    }
  });
}

let seq = 0;
export const unique = (prefix: string) => `${prefix}${process.pid}x${++seq}`;

export class TestServer {
  readonly ctx: AppContext;
  constructor(
    readonly runtime: Runtime,
    readonly app: FastifyInstance,
    /** Call from the test file's top-level `after`: closes the app and drops the test schema. */
    readonly close: () => Promise<void>,
  ) {
    this.ctx = runtime.ctx;
  }

  /** A minimal district: the units the plan names by function, each tagged as the code expects. */
  async seedOrg() {
    const add = async (parentId: string | null, kind: 'district' | 'department' | 'service_center' | 'agent_group', name: string, tags: string[] = []) =>
      (
        await this.ctx.db
          .insertInto('org_units')
          .values({ parent_id: parentId, kind, name, tags: JSON.stringify(tags), working_hours: 'null' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const existing = this.ctx.org.root();
    const district = existing?.id ?? (await add(null, 'district', '测试区'));
    const office = await add(district, 'department', unique('区政务服务办'), ['coordinator']);
    const civil = await add(district, 'department', unique('区民政局'), ['civil_affairs']);
    const other = await add(district, 'department', unique('区市场监管局'));
    const center = await add(office, 'service_center', unique('区行政服务中心'), ['district_center']);
    const community = await add(district, 'service_center', unique('社区事务受理服务中心'), ['community_center']);
    const group = await add(center, 'agent_group', unique('帮办组'));
    await this.ctx.org.reload();
    return { district, office, civil, other, center, community, group };
  }

  async createUser(role: StaffRole, orgUnitId: string, username = unique(role)) {
    const row = await this.ctx.db
      .insertInto('users')
      .values({ username, display_name: `${role} 测试`, role, org_unit_id: orgUnitId, password_hash: await hashPassword(PASSWORD) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
  }

  async login(username: string, password = PASSWORD): Promise<string> {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'bb_session');
    if (!cookie) throw new Error('no session cookie');
    return `bb_session=${cookie.value}`;
  }

  /** Creates a user of the role and returns a logged-in request helper for them. */
  async as(role: StaffRole, orgUnitId: string) {
    const user = await this.createUser(role, orgUnitId);
    const cookie = await this.login(user.username);
    return new Caller(this.app, cookie, user.id);
  }
}

export class Caller {
  constructor(
    readonly app: FastifyInstance,
    readonly cookie: string,
    readonly userId: string,
  ) {}

  async req(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    const res = await this.app.inject({ method, url, headers: { cookie: this.cookie }, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : undefined, raw: res };
  }
  get(url: string) {
    return this.req('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.req('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown) {
    return this.req('PATCH', url, payload);
  }
  put(url: string, payload: unknown) {
    return this.req('PUT', url, payload);
  }
  delete(url: string) {
    return this.req('DELETE', url);
  }
}

function safeJson(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** Builds a multipart/form-data body by hand: inject() has no FormData support of its own. */
export function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = `----bangban${randomBytes(6).toString('hex')}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join(''), 'utf8'), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
