import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_LABELS_ZH, fieldLabelZh } from '../src/lib/field-labels.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

// Issue 11 item 7: a Chinese validation message names the field in Chinese. Every request field of every
// OpenAPI operation (path, query and JSON body, nested too) must have a Chinese name, so a new field cannot
// ship an English word into a zh-CN message.
let s: TestServer;
before(async () => {
  s = await startTestServer();
  await s.app.ready();
});
after(() => s.close());

type Schema = { properties?: Record<string, Schema>; items?: Schema | Schema[]; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; additionalProperties?: Schema | boolean };

function requestFields(): Set<string> {
  const doc = s.app.swagger() as { paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
  const names = new Set<string>();
  const walk = (sc: Schema | boolean | undefined) => {
    if (!sc || typeof sc !== 'object') return;
    for (const [k, v] of Object.entries(sc.properties ?? {})) {
      names.add(k);
      walk(v);
    }
    for (const v of [sc.items, sc.anyOf, sc.oneOf, sc.allOf, sc.additionalProperties].flat()) walk(v as Schema | undefined);
  };
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      for (const p of op.parameters ?? []) names.add(p.name);
      walk(op.requestBody?.content?.['application/json']?.schema);
    }
  }
  return names;
}

describe('Chinese field names in validation messages', () => {
  test('every request field of the API has a Chinese name', () => {
    const fields = requestFields();
    assert.ok(fields.size > 50, `found ${fields.size} fields`);
    const missing = [...fields].filter((f) => !FIELD_LABELS_ZH[f] || /[A-Za-z]/.test(FIELD_LABELS_ZH[f]!));
    assert.deepEqual(missing, [], `add Chinese names to apps/server/src/lib/field-labels.ts for: ${missing.join(', ')}`);
  });

  test('paths read as Chinese, list positions counted from 1', () => {
    assert.equal(fieldLabelZh('similar.0'), '相似问法第 1 项');
    assert.equal(fieldLabelZh('username'), '用户名');
  });

  test('a refused login names its fields in Chinese, and in English for an English caller', async () => {
    const zh = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 7 } });
    assert.equal(zh.statusCode, 400);
    assert.doesNotMatch(zh.json().error.message, /[A-Za-z]/);
    assert.match(zh.json().error.message, /用户名：/);
    const en = await s.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 7 } });
    assert.match(en.json().error.message, /username: /);
  });
});
