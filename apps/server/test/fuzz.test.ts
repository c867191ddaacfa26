import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { multipart } from './support/harness.ts';
import { RtClient, realtimeUrl } from './support/realtime-client.ts';
import { runFuzz, startFuzzWorld, type FuzzWorld } from './support/fuzz.ts';

/*
 * The request boundary (finding 11 and 13 of the 2026-12-02 security measurement): unguarded input gave 500s
 * (NUL, lone surrogates, int4 overflow, malformed multipart), framework errors left the project's shape, and
 * validation messages mixed zod's and Fastify's English into Chinese.
 */

let w: FuzzWorld;
before(async () => {
  w = await startFuzzWorld();
});
after(() => w.s.close());

const caller = (name: string) => w.callers.find((c) => c.name === name)!.headers;
const zh = { 'accept-language': 'zh-CN' };

async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, headers: Record<string, string>, payload?: string | object | Buffer) {
  const res = await w.app.inject({ method, url, headers: { ...zh, ...headers }, ...(payload !== undefined && { payload }) });
  return { status: res.statusCode, body: res.json() as { error: { code: string; message: string } } };
}

describe('the request boundary', () => {
  test('NUL and lone surrogates are refused in any field, query or path parameter, naming the field', async () => {
    const login = await call('POST', '/api/auth/login', {}, { username: 'a\u0000b', password: 'whatever-123' });
    assert.equal(login.status, 400);
    assert.equal(login.body.error.code, 'VALIDATION_FAILED');
    assert.match(login.body.error.message, /^提交的内容有误：用户名：含有无法识别的字符/);
    for (const url of ['/api/assistant/matters/card?code=%00', '/api/citizen/sso/demo/callback?state=a%00b']) {
      const res = await call('GET', url, {});
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED', url);
    }
    const kb = await call('POST', '/api/kb/entries', caller('kb_operator'), { question: '怎样办理', answer: '这样办理', similar: ['a\ud800b'] });
    assert.equal(kb.status, 400);
    assert.match(kb.body.error.message, /相似问法第 1 项：/);
    const path = await call('GET', '/api/kb/entries/a%00b', caller('admin'));
    assert.equal(path.status, 400);
    const english = await w.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'a\u0000b', password: 'x' } });
    assert.equal(english.json().error.message, 'The request is not valid: username: contains characters that cannot be read (such as NUL); remove them and try again');
  });

  test('integers beyond int4 are refused at the boundary, not by the database', async () => {
    const chat = w.known.chat;
    const after = await call('GET', `/api/conversations/${chat}/messages?after=2147483648`, caller('citizen'));
    assert.equal(after.status, 400);
    assert.equal(after.body.error.code, 'VALIDATION_FAILED');
    assert.match(after.body.error.message, /起始位置：不能大于 2147483647/);
    const entry = w.known.entry;
    const rollback = await call('POST', `/api/kb/entries/${entry}/rollback`, caller('admin'), { version: 2147483648 });
    assert.equal(rollback.status, 400);
    assert.equal(rollback.body.error.code, 'VALIDATION_FAILED');
  });

  test('what the fuzzer found deeper: a related id that names no entry, a day that does not exist', async () => {
    const kb = caller('kb_operator');
    const related = await call('POST', '/api/kb/entries', kb, { question: '怎样办理模糊测试', answer: '这样办理', relatedIds: [w.known.chat] });
    assert.deepEqual([related.status, related.body.error.code], [404, 'KB_RELATED_NOT_FOUND']);
    const day = await call('POST', '/api/kb/entries', kb, { question: '怎样办理模糊测试', answer: '这样办理', effectiveFrom: '2026-02-30' });
    assert.deepEqual([day.status, day.body.error.code], [400, 'VALIDATION_FAILED']);
    assert.match(day.body.error.message, /生效日期：没有这一天/);
  });

  test('malformed multipart on the three upload endpoints is a 400 UPLOAD_MALFORMED', async () => {
    const good = multipart({}, { name: 'a.csv', content: 'a,b\n1,2\n' });
    const boundary = good.headers['content-type'].split('boundary=')[1]!;
    const bodies: Array<[string, Buffer]> = [
      ['multipart/form-data', good.payload],
      ['multipart/form-data; boundary=wrong', good.payload],
      [good.headers['content-type'], good.payload.subarray(0, good.payload.length - boundary.length - 10)],
    ];
    for (const [url, who] of [['/api/attachments', 'citizen'], ['/api/kb/import', 'admin'], ['/api/matters/import', 'admin']] as const) {
      for (const [type, payload] of bodies) {
        const res = await call('POST', url, { ...caller(who), 'content-type': type }, payload);
        assert.equal(res.status, 400, `${url} ${type}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'UPLOAD_MALFORMED', `${url} ${type}`);
      }
    }
  });

  test('framework errors answer in the project shape, in Chinese (English on request)', async () => {
    const badUrl = await call('GET', '/api/kb/entries/%ff%fe', caller('admin'));
    assert.deepEqual([badUrl.status, badUrl.body.error.code], [400, 'REQUEST_BAD_URL']);
    const long = await call('GET', `/api/kb/entries/${'x'.repeat(5000)}`, caller('admin'));
    assert.deepEqual([long.status, long.body.error.code], [414, 'REQUEST_URL_TOO_LONG']);
    const media = await call('POST', '/api/auth/login', { 'content-type': 'application/xml' }, '<a/>');
    assert.deepEqual([media.status, media.body.error.code], [415, 'REQUEST_MEDIA_TYPE']);
    const json = await call('POST', '/api/auth/login', { 'content-type': 'application/json' }, '{"username":');
    assert.deepEqual([json.status, json.body.error.message], [400, '提交的内容有误：内容不是有效的 JSON']);
    const big = await call('POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ a: 'x'.repeat(3 * 1024 * 1024) }));
    assert.deepEqual([big.status, big.body.error.code], [413, 'REQUEST_BODY_TOO_LARGE']);
    const zod = await call('POST', '/api/auth/login', {}, { username: 1 });
    assert.equal(zod.body.error.message, '提交的内容有误：用户名：应为文本，收到的是数字；密码：必须填写');
    const en = await w.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 1 } });
    assert.match(en.json().error.message, /^The request is not valid: username: Invalid input: expected string, received number/);

    // Headers too large: answered by Node's HTTP parser before Fastify sees a request.
    await realtimeUrl(w.app);
    const port = (w.app.server.address() as AddressInfo).port;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`GET /api/me HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
      let got = '';
      socket.on('data', (d) => (got += d.toString('utf8')));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 431 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    assert.equal(body.error.code, 'REQUEST_HEADERS_TOO_LARGE');
    assert.match(body.error.message, /too large/);
  });

  test('a WebSocket frame with NUL text or a seq beyond int4 is a bad frame, not an internal error', async () => {
    const token = w.known.citizenToken;
    const chat = w.known.chat;
    const ws = await RtClient.citizen(await realtimeUrl(w.app), token);
    ws.send({ type: 'send', conversationId: chat, clientId: 'abcdefgh\u0000', body: 'hi' });
    ws.send({ type: 'read', conversationId: chat, seq: 2147483648 });
    const errors = () => ws.frames.filter((f) => f.type === 'error');
    const deadline = Date.now() + 4000;
    while (errors().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(errors().map((f) => f.code), ['BAD_FRAME', 'BAD_FRAME']);
    ws.ws.close();
  });

  test('seeded fuzzing: no 5xx, every 4xx in the project shape, no English in zh-CN messages', async () => {
    const report = await runFuzz(w, { seed: 20261202, runs: 2000 });
    assert.equal(report.requests, 2000);
    assert.ok(Object.keys(report.by_status).length > 5, `varied answers: ${JSON.stringify(report.by_status)}`);
    assert.deepEqual(report.failures, []);
  });
});
