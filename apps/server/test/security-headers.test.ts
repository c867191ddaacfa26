import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/env.ts';
import { securityHeaders } from '../src/lib/security-headers.ts';
import { multipart, startTestServer, type Caller, type TestServer } from './support/harness.ts';

// Finding 7 of the 2026-12-02 security measurement: no page or API response carried security headers, the
// console was framable, and a same-site page's text/plain form POST moved a KB entry (SameSite=Lax was the
// only barrier). The web app is a stand-in dist (shell + the demo portal page) served by the real app.
const PORTAL = 'https://www.portal.example.gov.cn';
const FOREIGN = 'http://127.0.0.1:18701';
const dist = mkdtempSync(join(tmpdir(), 'bangban-web-'));
mkdirSync(join(dist, 'demo'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
writeFileSync(join(dist, 'demo', 'matter-page.html'), '<!doctype html><style>p{}</style><script src="/widget.js" async></script>');

let s: TestServer;
let web: FastifyInstance;
let kb: Caller;

before(async () => {
  s = await startTestServer({ env: { WEB_DIST: dist, PORTAL_ORIGINS: PORTAL } });
  web = await buildApp(s.ctx, { serveWeb: true });
  const units = await s.seedOrg();
  kb = await s.as('kb_operator', units.civil);
});
after(async () => {
  await web.close();
  await s.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string) => web.inject({ method: 'GET', url, headers: { host: 'bangban.test:8080' } });
const csp = (res: { headers: Record<string, unknown> }) => String(res.headers['content-security-policy']);

describe('security headers', () => {
  test('console pages: a strict CSP (scripts from self only), never framable, and the common headers', async () => {
    for (const url of ['/console', '/console/kb', '/console/desk', '/']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(
        csp(res),
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; " +
          "connect-src 'self' ws://bangban.test:8080; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        url,
      );
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
      assert.equal(res.headers['permissions-policy'], 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()');
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    }
  });

  test('the citizen chat and the demo portal page are framable by this origin and PORTAL_ORIGINS only', async () => {
    for (const url of ['/chat', '/chat?embed=1&matter=M1', '/demo/matter-page.html']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(csp(res), new RegExp(`frame-ancestors 'self' ${PORTAL}$`), url);
      assert.match(csp(res), /script-src 'self';/);
      assert.equal(res.headers['x-frame-options'], undefined, `${url}: X-Frame-Options cannot name the portals`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('API answers, /docs and assets: nothing runs in them, nothing frames them', async () => {
    const me = await get('/api/me');
    assert.equal(me.statusCode, 401);
    assert.equal(csp(me), "default-src 'none'; frame-ancestors 'none'");
    assert.equal(me.headers['x-frame-options'], 'DENY');
    assert.equal(me.headers['x-content-type-options'], 'nosniff');
    const missing = await get('/api/nope');
    assert.equal(csp(missing), "default-src 'none'; frame-ancestors 'none'");

    const docs = await get('/docs/');
    assert.equal(docs.statusCode, 200);
    assert.equal(
      csp(docs),
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    );
    assert.equal(docs.headers['x-frame-options'], 'DENY');
  });

  test('HSTS only behind HTTPS: COOKIE_SECURE=true or an https PUBLIC_URL', async () => {
    for (const [env, hsts] of [
      [{}, undefined],
      [{ COOKIE_SECURE: 'true' }, 'max-age=31536000'],
      [{ PUBLIC_URL: 'https://bangban.example.gov.cn' }, 'max-age=31536000'],
    ] as const) {
      const app = Fastify();
      securityHeaders(app, loadConfig({ NODE_ENV: 'test', ...env }));
      app.get('/x', async () => ({ ok: true }));
      const res = await app.inject({ method: 'GET', url: '/x' });
      assert.equal(res.headers['strict-transport-security'], hsts, JSON.stringify(env));
      await app.close();
    }
  });
});

describe('CSRF: state changes only from this deployment\u2019s pages', () => {
  const newDraft = async () => {
    const res = await kb.post('/api/kb/entries', { question: `跨站测试条目${Math.random()}`, answer: '草稿' });
    assert.equal(res.status, 201);
    return res.body.id as string;
  };
  const status = async (id: string) => (await s.ctx.db.selectFrom('kb_entries').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const submit = (id: string, headers: Record<string, string>, payload?: string | Buffer) =>
    web.inject({ method: 'POST', url: `/api/kb/entries/${id}/submit`, headers: { host: 'bangban.test:8080', cookie: kb.cookie, ...headers }, ...(payload !== undefined && { payload }) });

  test('a text/plain form POST from another origin of the same site is refused and the entry stays a draft', async () => {
    const id = await newDraft();
    const res = await submit(id, { origin: FOREIGN, 'content-type': 'text/plain', 'sec-fetch-site': 'same-site' }, 'x=1');
    assert.equal(res.statusCode, 403);
    assert.deepEqual(res.json().error, { code: 'CSRF_REFUSED', message: '请求来源不被允许，请从帮办平台页面操作。' });
    assert.equal(await status(id), 'draft');
  });

  test('each signal alone refuses: a foreign Origin, a foreign Referer, Sec-Fetch-Site same-site or cross-site, a form body', async () => {
    const id = await newDraft();
    const cases: Record<string, string>[] = [
      { origin: FOREIGN, 'content-type': 'application/json' },
      { origin: 'null', 'content-type': 'application/json' },
      { referer: `${FOREIGN}/evil.html`, 'content-type': 'application/json' },
      { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of cases) {
      const res = await submit(id, headers, headers['content-type'] === 'application/json' ? '{}' : 'a=1');
      assert.equal(res.statusCode, 403, JSON.stringify(headers));
      assert.equal(res.json().error.code, 'CSRF_REFUSED');
    }
    const form = multipart({ a: '1' }, { name: 'x.txt', content: 'x' });
    assert.equal((await submit(id, form.headers, form.payload)).json().error.code, 'CSRF_REFUSED', 'multipart only where uploads are taken');
    assert.equal(await status(id), 'draft');
    // Logging in from a foreign page (login CSRF) is refused as well.
    const login = await web.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: FOREIGN }, payload: { username: 'x', password: 'y' } });
    assert.equal(login.json().error.code, 'CSRF_REFUSED');
  });

  test('the console\u2019s own requests and header-less clients still work; uploads still take multipart', async () => {
    const own = await newDraft();
    const res = await submit(own, { origin: 'http://bangban.test:8080', referer: 'http://bangban.test:8080/console/kb', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, '{}');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(await status(own), 'in_review');
    const bare = await newDraft();
    assert.equal((await submit(bare, {})).statusCode, 200, 'no Origin, no Referer, no body: a script or curl');
    assert.equal(await status(bare), 'in_review');

    const upload = multipart({}, { name: 'entries.jsonl', content: '{"question":"上传测试","answer":"答"}\n' });
    const imported = await web.inject({ method: 'POST', url: '/api/kb/import', headers: { host: 'bangban.test:8080', origin: 'http://bangban.test:8080', cookie: kb.cookie, ...upload.headers }, payload: upload.payload });
    assert.notEqual(imported.json().error?.code, 'CSRF_REFUSED', imported.body);
    // GET is never refused: a link from a portal must open the chat.
    assert.equal((await web.inject({ method: 'GET', url: '/chat', headers: { origin: FOREIGN, 'sec-fetch-site': 'cross-site' } })).statusCode, 200);
  });
});
