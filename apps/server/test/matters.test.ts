import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { multipart, startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';

const CATALOGUE = readFileSync(new URL('../seed/matters-gd.jsonl', import.meta.url), 'utf8');
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let admin: Caller;

before(async () => {
  s = await startTestServer();
  units = await s.seedOrg();
  admin = await s.as('admin', units.district);
});
after(() => s.close());

async function upload(caller: Caller, content: string, fields: Record<string, string> = {}, name = 'matters.jsonl') {
  const { payload, headers } = multipart(fields, { name, content });
  const res = await s.app.inject({ method: 'POST', url: '/api/matters/import', payload, headers: { ...headers, cookie: caller.cookie } });
  return { status: res.statusCode, body: res.json() };
}

const matterCount = async () => Number((await s.ctx.db.selectFrom('matters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('matter catalogue import', () => {
  test('a file naming unknown departments is refused unless the admin asks to create them', async () => {
    const res = await upload(admin, CATALOGUE.split('\n').slice(0, 3).join('\n'));
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'MATTER_IMPORT_INVALID');
    assert.match(res.body.error.details.errors[0].reason, /实施部门“广东省.*”不在组织架构中/);
    assert.equal(await matterCount(), 0);
  });

  test('the full real catalogue (2,262 matters) imports as it is, all or nothing', async () => {
    const dry = await upload(admin, CATALOGUE, { createMissingDepartments: 'true', dryRun: 'true' });
    assert.equal(dry.status, 200);
    assert.equal(dry.body.total, 2262);
    assert.equal(await matterCount(), 0, 'a dry run writes nothing');

    const res = await upload(admin, CATALOGUE, { createMissingDepartments: 'true' });
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.body.created, 2262);
    assert.equal(res.body.updated, 0);
    assert.ok(res.body.departmentsCreated.length > 50, `departments: ${res.body.departmentsCreated.length}`);
    assert.equal(await matterCount(), 2262);

    const again = await upload(admin, CATALOGUE, { createMissingDepartments: 'true' });
    assert.equal(again.body.created, 0);
    assert.equal(again.body.updated, 2262, 're-importing updates by code');
    assert.equal(await matterCount(), 2262);
  });

  test('a file with bad rows is rejected whole, with each bad line and its reason', async () => {
    const before = await matterCount();
    const lines = [
      JSON.stringify({ code: unique('OK-'), name: '好的一行', department: '区民政局x', type: '公共服务' }),
      '{"code": "broken json"',
      JSON.stringify({ code: unique('NO-NAME-'), department: '广东省民政厅', type: '公共服务' }),
      JSON.stringify({ code: unique('X-'), name: '多余字段', department: '广东省民政厅', type: '公共服务', colour: 'red' }),
      '',
      JSON.stringify({ code: unique('R-'), name: '排名越界', department: '广东省民政厅', type: '公共服务', topRank: 500 }),
    ];
    const dupCode = unique('DUP-');
    lines.push(JSON.stringify({ code: dupCode, name: '甲', department: '广东省民政厅', type: '公共服务' }));
    lines.push(JSON.stringify({ code: dupCode, name: '乙', department: '广东省民政厅', type: '公共服务' }));
    const res = await upload(admin, lines.join('\n'));
    assert.equal(res.status, 422);
    const errors: { line: number; reason: string }[] = res.body.error.details.errors;
    assert.deepEqual(errors.map((e) => e.line), [1, 2, 3, 4, 6, 8]);
    assert.match(errors[0]!.reason, /实施部门“区民政局x”不在组织架构中/);
    assert.match(errors[1]!.reason, /不是有效的 JSON/);
    assert.match(errors[2]!.reason, /缺少事项名称/);
    assert.match(errors[3]!.reason, /不认识的字段：colour/);
    assert.match(errors[4]!.reason, /高频排名/);
    assert.match(errors[5]!.reason, /与第 7 行重复/);
    assert.match(res.body.error.message, /6 行有误，已全部取消导入/);
    assert.equal(await matterCount(), before, 'nothing was half-imported');
  });

  test('CSV export re-imports to the same catalogue (Chinese headers, arrays one per line)', async () => {
    const res = await admin.get('/api/matters/export?format=csv&q=婚姻');
    assert.equal(res.status, 200);
    assert.match(res.raw.headers['content-type'] as string, /text\/csv/);
    const csv = res.raw.body;
    assert.ok(csv.startsWith('\uFEFF事项编码,事项名称,实施部门'));
    const rows = await admin.get('/api/matters?q=婚姻&pageSize=200');
    const back = await upload(admin, csv, {}, 'export.csv');
    assert.equal(back.status, 200, JSON.stringify(back.body).slice(0, 400));
    assert.equal(back.body.updated, rows.body.total);
    assert.equal(back.body.created, 0);
    const jsonl = await admin.get('/api/matters/export?format=jsonl&q=婚姻');
    const first = JSON.parse(jsonl.raw.body.split('\n')[0]!);
    assert.ok(Array.isArray(first.materials));
    assert.equal(typeof first.department, 'string');
  });

  test('a CSV with a bad cell names its line', async () => {
    const csv = '事项编码,事项名称,实施部门,事项类型,高频排名\nC-1,甲,广东省民政厅,公共服务,3\nC-2,乙,广东省民政厅,公共服务,第一\n';
    const res = await upload(admin, csv, { dryRun: 'true' }, 'bad.csv');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.details.errors.map((e: { line: number }) => e.line), [3]);
  });

  test('an unknown format and an empty file are clear errors', async () => {
    assert.equal((await upload(admin, 'hello world\nfoo')).body.error.code, 'MATTER_IMPORT_FORMAT');
    assert.equal((await upload(admin, '\n\n')).body.error.code, 'MATTER_IMPORT_EMPTY');
  });
});

describe('matter search and filters', () => {
  test('finds matters by a Chinese search, exact and prefix names first', async () => {
    const res = await admin.get('/api/matters?q=婚姻登记&pageSize=50');
    assert.equal(res.status, 200);
    assert.ok(res.body.total > 0);
    for (const m of res.body.items) assert.match(m.name + m.code, /婚姻登记/);
    const codeSearch = await admin.get(`/api/matters?q=${res.body.items[0].code}`);
    assert.equal(codeSearch.body.items[0].code, res.body.items[0].code);
    const twoWords = await admin.get('/api/matters?q=' + encodeURIComponent('公证 出生'));
    for (const m of twoWords.body.items) assert.ok(m.name.includes('公证') && m.name.includes('出生'), m.name);
    assert.equal((await admin.get('/api/matters?q=' + encodeURIComponent('100%_'))).body.total, 0, 'LIKE wildcards are literal');
  });

  test('filters by department, type, audience and top-100, with facets', async () => {
    const facets = (await admin.get('/api/matters/facets')).body;
    const type = facets.types[0];
    const dept = facets.departments[0];
    const byType = await admin.get(`/api/matters?type=${encodeURIComponent(type.type)}&pageSize=1`);
    assert.equal(byType.body.total, type.count);
    const byDept = await admin.get(`/api/matters?departmentId=${dept.id}&pageSize=1`);
    assert.equal(byDept.body.total, dept.count);
    const enterprise = await admin.get('/api/matters?audience=enterprise&pageSize=200');
    for (const m of enterprise.body.items) assert.ok(['enterprise', 'both'].includes(m.audience));

    const some = (await admin.get('/api/matters?pageSize=3')).body.items;
    for (const [i, m] of some.entries()) await admin.patch(`/api/matters/${m.id}`, { topRank: i + 1, topBatch: i === 0 ? 2021 : 2022 });
    assert.equal((await admin.get('/api/matters?top=100')).body.total, 3);
    assert.equal((await admin.get('/api/matters?top=35')).body.total, 1);
    assert.equal((await admin.get('/api/matters?top=100')).body.items[0].topRank, 1, 'ranked matters come first');
  });

  test('bad query parameters get a clear error', async () => {
    const res = await admin.get('/api/matters?pageSize=5000');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.match(res.body.error.message, /^提交的内容有误/);
    assert.equal((await admin.get('/api/matters?top=7')).status, 400);
    assert.equal((await admin.get('/api/matters/not-a-uuid')).status, 400);
    assert.equal((await admin.get('/api/matters/00000000-0000-4000-8000-000000000000')).body.error.code, 'MATTER_NOT_FOUND');
  });
});

describe('who leads a matter\u2019s online help', () => {
  const base = () => ({ code: unique('LEAD-'), name: unique('测试事项'), type: '行政许可', audience: 'personal', departmentId: units.other });

  test('hosted in the district administrative service centre: that centre leads', async () => {
    const res = await admin.post('/api/matters', { ...base(), hall: 'district_center' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.leadUnit.id, units.center);
  });

  test('hosted in a community centre: the civil affairs bureau leads', async () => {
    const res = await admin.post('/api/matters', { ...base(), hall: 'community_center', hallUnitId: units.community });
    assert.equal(res.body.leadUnit.id, units.civil);
  });

  test('elsewhere: the owner of the hall, or the department when it has no hall', async () => {
    assert.equal((await admin.post('/api/matters', { ...base(), hall: 'other' })).body.leadUnit.id, units.other);
    const hall = await admin.post('/api/org-units', { parentId: units.civil, kind: 'service_center', name: unique('民政服务大厅') });
    const res = await admin.post('/api/matters', { ...base(), hall: 'other', hallUnitId: hall.body.id });
    assert.equal(res.body.leadUnit.id, units.civil);
  });

  test('moving a matter to another hall moves its lead', async () => {
    const created = await admin.post('/api/matters', { ...base(), hall: 'other' });
    const moved = await admin.patch(`/api/matters/${created.body.id}`, { hall: 'district_center' });
    assert.equal(moved.body.leadUnit.id, units.center);
  });
});

describe('deleting a matter', () => {
  const fresh = async () => {
    const res = await admin.post('/api/matters', { code: unique('DEL-'), name: unique('待删除事项'), type: '行政许可', audience: 'personal', departmentId: units.other });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };

  test('an unused matter is deleted', async () => {
    const id = await fresh();
    assert.equal((await admin.delete(`/api/matters/${id}`)).status, 204);
    assert.equal((await admin.get(`/api/matters/${id}`)).status, 404);
  });

  test('a matter a citizen has consulted on stays, with a plain refusal instead of a 500', async () => {
    const id = await fresh();
    const citizen = await s.app.inject({ method: 'POST', url: '/api/citizen/session' });
    const { token } = citizen.json<{ token: string }>();
    const session = await s.app.inject({ method: 'POST', url: '/api/assistant/sessions', headers: { authorization: `Bearer ${token}` }, payload: { channel: 'widget', matterId: id } });
    assert.equal(session.statusCode, 201, session.body);
    const refused = await admin.delete(`/api/matters/${id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'MATTER_IN_USE');
    assert.doesNotMatch(refused.body.error.message, /[A-Za-z]/);
    assert.equal((await admin.get(`/api/matters/${id}`)).status, 200);
  });
});
