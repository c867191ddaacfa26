import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { STAFF_ROLES, type StaffRole } from '@bangban/shared';
import { runningClockFrom } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { citizenClient, createMatter, publishEntry } from './kb-factory.ts';
import { TUESDAY_10, liveDesk } from './live-help.ts';

/*
 * Schema-driven fuzzing of the HTTP API in-process (app.inject): every operation of the app's own OpenAPI
 * document, driven with malformed path, query and body input as every kind of caller. A request fails the run
 * when it answers 5xx, or a 4xx outside `{error:{code,message}}`, or a zh-CN message with English words
 * that are neither the API's own names (fields, enum values) nor the caller's own text.
 * Shared by test/fuzz.test.ts (short, fixed seed) and scripts/fuzz.ts (`npm run fuzz`, long).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  type?: string | string[];
  format?: string;
  enum?: Json[];
  const?: Json;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  body?: Schema;
  multipart: boolean;
}

export interface Caller {
  name: string;
  headers: Record<string, string>;
}

export interface FuzzWorld {
  s: TestServer;
  app: FastifyInstance;
  operations: Operation[];
  callers: Caller[];
  /** Ids that exist (units, users, a matter, an entry, a conversation): path parameters sometimes hit real rows. */
  ids: string[];
  /** A few of them by name, for targeted tests. */
  known: { chat: string; entry: string; citizenToken: string };
  /** Every name the API itself uses (fields, parameters, enum values): allowed in a zh-CN message. */
  apiWords: Set<string>;
}

/** Builds the app on a fresh database with a small district, one signed-in user per staff role and a citizen. */
export async function startFuzzWorld(): Promise<FuzzWorld> {
  const s = await startTestServer({ clock: runningClockFrom(TUESDAY_10) });
  const units = await s.seedOrg();
  const desk = await liveDesk(s, units.district);
  const home: Record<StaffRole, string> = {
    admin: units.district,
    coordinator: units.office,
    agent: desk.group,
    kb_operator: units.civil,
    leader: units.district,
    center_staff: units.center,
    hotline: units.office,
  };
  const callers: Caller[] = [{ name: 'anonymous', headers: {} }];
  const ids: string[] = Object.values(units);
  for (const role of STAFF_ROLES) {
    const caller = await s.as(role, home[role]);
    callers.push({ name: role, headers: { cookie: caller.cookie } });
    ids.push(caller.userId);
  }
  await desk.agent(true);
  const chat = await desk.chat();
  callers.push({ name: 'citizen', headers: { authorization: `Bearer ${chat.token}` } });
  const matter = await createMatter(s.ctx, { code: 'FUZZ-1', name: '模糊测试事项', departmentId: units.civil });
  const entry = await publishEntry(s.ctx, { departmentId: units.civil, question: '模糊测试问题', answer: '模糊测试答复' });
  const session = await citizenClient(s.app).start(chat.token);
  ids.push(desk.matter, matter, entry, chat.id, session.sessionId);

  await s.app.ready();
  const doc = s.app.swagger() as { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
  const operations: Operation[] = [];
  const apiWords = new Set<string>();
  collectWords(doc, apiWords);
  for (const [path, methods] of Object.entries(doc.paths)) {
    // Logging out would only make the rest of the run anonymous.
    if (!path.startsWith('/api/') || path === '/api/realtime' || path === '/api/auth/logout') continue;
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content || /import|attachments$/.test(path),
      });
    }
  }
  return { s, app: s.app, operations, callers, ids, known: { chat: chat.id, entry, citizenToken: chat.token }, apiWords };
}

function collectWords(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const n of node) collectWords(n, into);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) into.add(name);
      if (k === 'name' && typeof v === 'string') into.add(v);
      if ((k === 'enum' || k === 'const') && v !== null) for (const e of [v].flat()) if (typeof e === 'string') for (const w of e.match(/[A-Za-z]+/g) ?? []) into.add(w);
      collectWords(v, into);
    }
  }
}

// ---- Input ---------------------------------------------------------------------------------------------

const LONG = 'x'.repeat(300_000);
/** Text values that broke the boundary before (NUL, lone surrogates) and other edges. */
const EDGE_STRINGS = [
  'a\u0000b',
  '\u0000',
  'a\ud800b',
  '\udc00',
  '\ud83d',
  '\u202eRTL',
  '\ufeff\u200d',
  '😀🇨🇳',
  '\uffff\u{10ffff}',
  'a\r\nb',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '',
  ' ',
  LONG,
  '__proto__',
  '2147483648',
  '9999-99-99',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const EDGE_VALUES: Json[] = [
  ...EDGE_STRINGS,
  2147483648,
  -2147483649,
  9007199254740993,
  1e308,
  -1,
  0,
  1.5,
  true,
  null,
  [],
  {},
  ['a\u0000b'],
  { __proto__: { polluted: true } } as unknown as Json,
  { constructor: { prototype: { polluted: true } } },
];
const PATH_VALUES = ['%00', 'abc%00def', '%ff%fe', '%ed%a0%80', '%', '..%2f..%2fetc%2fpasswd', 'x'.repeat(5000), "1'%20or%20'1'='1", '2147483648', '-1', '00000000-0000-0000-0000-000000000000'];
const QUERY_VALUES = ['%00', 'a%00b', '%ed%a0%80', '%ff', '2147483648', '1e309', '-1', '99999999999999999999', '', 'x'.repeat(20_000), '__proto__', 'abc', '0', '9999-99-99', '2026-13-45'];
const CONTENT_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=zzz', 'application/json; charset=latin1', 'image/png'];
const BROKEN_JSON = ['{', '{"a":', '[1,2', '{"a":1,}', "{'a':1}", 'nul', '{"a":"\\u12"}', '\u0000', '{"__proto__":{"x":1}}', '{"a":1}{"b":2}'];

/** A value that would pass the schema (or come close): the start that one mutation then breaks. */
function plausible(schema: Schema | undefined, ids: string[], rnd: () => number, depth = 0): Json {
  if (!schema || depth > 6) return null;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return pick(schema.enum);
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return plausible(pick(alt.filter((a) => a.type !== 'null')) ?? alt[0], ids, rnd, depth + 1);
  if (schema.allOf?.length) return plausible(schema.allOf[0], ids, rnd, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return pick(ids);
      if (schema.format === 'date' || schema.pattern?.includes('\\d{4}')) return '2026-12-03';
      if (schema.format === 'date-time') return '2026-12-03T02:00:00.000Z';
      return '测试内容文本'.repeat(Math.max(1, Math.ceil((schema.minLength ?? 1) / 6))).slice(0, Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 12)));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return rnd() < 0.5;
    case 'array':
      return [plausible(schema.items, ids, rnd, depth + 1)];
    case 'object':
    case undefined: {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) if (schema.required?.includes(k) || rnd() < 0.5) out[k] = plausible(v, ids, rnd, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

/** Replaces the value at one path of `value` (an object's field, an array's element, or the whole). */
function mutateAt(value: Json, rnd: () => number, replacement: Json): Json {
  if (value === null || typeof value !== 'object' || rnd() < 0.15) return replacement;
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[Math.floor(rnd() * keys.length)]!;
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  copy[key] = mutateAt(copy[key] as Json, rnd, replacement);
  return copy as Json;
}

function deep(n: number, array: boolean): string {
  return array ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n);
}

function multipartJunk(kind: number): { payload: Buffer; contentType: string } {
  const b = 'fuzzboundary';
  const part = (name: string, filename: string | null, body: string) =>
    `--${b}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\nContent-Type: application/octet-stream\r\n\r\n${body}\r\n`;
  const cases: Array<[string, string]> = [
    [`multipart/form-data`, part('file', 'a.csv', 'a,b')], // no boundary
    [`multipart/form-data; boundary=other`, part('file', 'a.csv', 'a,b') + `--${b}--\r\n`], // wrong boundary
    [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc`], // truncated
    [`multipart/form-data; boundary=${b}`, part('file', 'a\u0000b.txt', 'hello') + `--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, part('other', 'a.txt', 'hello') + `--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, part('file', 'a.txt', 'a') + part('file', 'b.txt', 'b') + `--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, part('file', '../../etc/passwd', '\u0000\u0001\u0002binary') + `--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, part('departmentId', null, 'a\u0000b') + part('file', 'a.jsonl', '{"question":"a\\u0000b"}\n{') + `--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, `garbage\r\n\r\n--${b}\r\nbroken header\r\n\r\n`],
    [`multipart/form-data; boundary=${b}`, part('file', 'x.xlsx', 'PK\u0003\u0004 not a zip') + `--${b}--\r\n`],
  ];
  const [contentType, body] = cases[kind % cases.length]!;
  return { payload: Buffer.from(body, 'utf8'), contentType };
}

export interface FuzzCase {
  op: number;
  caller: number;
  english: boolean;
  pathKind: number;
  queryKind: number;
  bodyKind: number;
  edge: number;
  seed: number;
}

/** The cases as a fast-check arbitrary: integers only, so a seed reproduces a run exactly. */
export function caseArbitrary(world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  return fc.record({
    op: fc.nat({ max: world.operations.length - 1 }),
    caller: fc.nat({ max: world.callers.length - 1 }),
    english: fc.boolean(),
    pathKind: fc.nat({ max: 2 * PATH_VALUES.length }),
    queryKind: fc.nat({ max: 2 * QUERY_VALUES.length }),
    bodyKind: fc.nat({ max: 19 }),
    edge: fc.nat({ max: EDGE_VALUES.length - 1 }),
    seed: fc.nat(),
  });
}

/** The request a case stands for. */
export function requestOf(world: FuzzWorld, c: FuzzCase) {
  const op = world.operations[c.op]!;
  let state = c.seed || 1;
  const rnd = () => {
    // xorshift32: the case's own deterministic stream (fast-check gives the seed).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const idsPick = () => world.ids[Math.floor(rnd() * world.ids.length)]!;
  const mutatedParam = op.pathParams.length > 0 && c.pathKind < PATH_VALUES.length ? op.pathParams[Math.floor(rnd() * op.pathParams.length)] : undefined;
  const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === mutatedParam) return PATH_VALUES[c.pathKind]!;
    if (name === 'provider') return 'demo';
    if (name === 'date') return '2026-12-31';
    if (name === 'version') return '1';
    return idsPick();
  });
  const query: string[] = [];
  for (const q of op.query) {
    const v = plausible(q.schema, world.ids, rnd);
    if (v !== null && rnd() < 0.6) query.push(`${q.name}=${encodeURIComponent(String(v))}`);
  }
  if (op.query.length > 0 && c.queryKind < QUERY_VALUES.length) {
    const name = op.query[Math.floor(rnd() * op.query.length)]!.name;
    query.push(`${name}=${QUERY_VALUES[c.queryKind]}`);
    if (rnd() < 0.2) query.push(`${name}=1`); // an array
  }
  if (c.queryKind === QUERY_VALUES.length) query.push('__proto__[x]=1', 'constructor[prototype][x]=1');
  const headers: Record<string, string> = { ...world.callers[c.caller]!.headers, 'accept-language': c.english ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9' };
  let payload: string | Buffer | undefined;
  const base = op.body ? plausible(op.body, world.ids, rnd) : {};
  const edge = EDGE_VALUES[c.edge]!;
  if (op.multipart && c.bodyKind < 10) {
    const mp = multipartJunk(c.bodyKind);
    payload = mp.payload;
    headers['content-type'] = mp.contentType;
  } else if (op.method !== 'GET' && op.method !== 'DELETE' || c.bodyKind >= 18) {
    switch (c.bodyKind) {
      case 10:
      case 11:
        payload = BROKEN_JSON[c.edge % BROKEN_JSON.length]!;
        headers['content-type'] = 'application/json';
        break;
      case 12:
        payload = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]); // invalid UTF-8
        headers['content-type'] = 'application/json';
        break;
      case 13:
        payload = deep(rnd() < 0.5 ? 100_000 : 5_000, rnd() < 0.5);
        headers['content-type'] = 'application/json';
        break;
      case 14:
        payload = JSON.stringify(base);
        headers['content-type'] = CONTENT_TYPES[c.edge % CONTENT_TYPES.length]!;
        break;
      case 15:
        payload = JSON.stringify(edge);
        headers['content-type'] = 'application/json';
        break;
      case 16:
        payload = JSON.stringify({ a: 'x'.repeat(2.5 * 1024 * 1024) });
        headers['content-type'] = 'application/json';
        break;
      default:
        payload = JSON.stringify(mutateAt(base, rnd, edge));
        headers['content-type'] = 'application/json';
    }
  }
  return { method: op.method as 'GET', url: query.length > 0 ? `${url}?${query.join('&')}` : url, headers, payload };
}

export interface Verdict {
  status: number;
  problem?: 'status_5xx' | 'bad_shape' | 'english';
  detail?: string;
}

const PRODUCT_WORDS = new Set(['JSON', 'JSONL', 'CSV', 'UTF', 'XLSX', 'Excel', 'Word', 'PDF', 'PNG', 'JPG', 'GIF', 'WebP', 'SVG', 'UUID', 'ISO', 'YYYY', 'MM', 'DD', 'HH', 'Cookie', 'MB', 'KB', 'NUL', 'true', 'false', 'ID', 'URL']);

/** What is wrong with one response, if anything. */
export function judge(world: FuzzWorld, req: ReturnType<typeof requestOf>, res: { statusCode: number; body: string }, zh: boolean): Verdict {
  const status = res.statusCode;
  if (status >= 500) return { status, problem: 'status_5xx', detail: res.body.slice(0, 300) };
  if (status < 400) return { status };
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(res.body);
  } catch {
    return { status, problem: 'bad_shape', detail: res.body.slice(0, 300) };
  }
  const code = body?.error?.code;
  const message = body?.error?.message;
  if (typeof code !== 'string' || typeof message !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) return { status, problem: 'bad_shape', detail: res.body.slice(0, 300) };
  if (zh) {
    // The caller's own text may be echoed (a user name, an unknown field): its words are not ours.
    const own = new Set(`${decodeURIComponentSafe(req.url)} ${typeof req.payload === 'string' ? req.payload : (req.payload?.toString('latin1') ?? '')}`.match(/[A-Za-z]+/g) ?? []);
    const foreign = (message.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !world.apiWords.has(w) && !PRODUCT_WORDS.has(w) && !own.has(w));
    if (foreign.length > 0 || !/[\u4e00-\u9fff]/.test(message)) return { status, problem: 'english', detail: `${code}: ${message.slice(0, 200)}` };
  }
  return { status };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface FuzzReport {
  requests: number;
  status_5xx: number;
  bad_shape: number;
  english: number;
  by_status: Record<string, number>;
  operations: number;
  callers: number;
  seed: number;
  failures: Array<{ caller: string; method: string; url: string; problem: string; status: number; detail?: string; payload?: string }>;
}

/** Sends `runs` cases from `seed` and tallies them. */
export async function runFuzz(world: FuzzWorld, opts: { seed: number; runs: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const cases = fc.sample(caseArbitrary(world), { seed: opts.seed, numRuns: opts.runs });
  const report: FuzzReport = { requests: 0, status_5xx: 0, bad_shape: 0, english: 0, by_status: {}, operations: world.operations.length, callers: world.callers.length, seed: opts.seed, failures: [] };
  for (const c of cases) {
    const req = requestOf(world, c);
    const res = await world.app.inject({ method: req.method, url: req.url, headers: req.headers, ...(req.payload !== undefined && { payload: req.payload }) });
    report.requests++;
    report.by_status[res.statusCode] = (report.by_status[res.statusCode] ?? 0) + 1;
    const verdict = judge(world, req, res, !c.english);
    if (verdict.problem) {
      report[verdict.problem]++;
      if (report.failures.length < 50) report.failures.push({ caller: world.callers[c.caller]!.name, method: req.method, url: req.url.slice(0, 200), problem: verdict.problem, status: verdict.status, detail: verdict.detail, payload: req.payload?.toString().slice(0, 300) });
    }
    if (report.requests % 500 === 0) opts.onProgress?.(report.requests);
  }
  return report;
}
