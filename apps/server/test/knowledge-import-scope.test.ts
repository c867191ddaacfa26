import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { fixedClock } from '../src/lib/clock.ts';
import { KB_IMPORT_MAX_ROWS } from '../src/modules/knowledge/entry-interchange.ts';
import { MATTER_IMPORT_MAX_ROWS } from '../src/modules/matters/matter-interchange.ts';
import { multipart, startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';
import { citizenClient, publishEntry } from './support/kb-factory.ts';

// Issue 10 (measurement 2026-12-02, findings 1, 9 and 12): the KB import stays inside the importer's department,
// related entries show only what the reader may see, and one import can neither exhaust memory nor hold the server.

// Tuesday 2026-03-03 10:00 in Shanghai: a working day.
const clock = fixedClock(new Date('2026-03-03T02:00:00Z'));
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let admin: Caller;
let kbOffice: Caller; // KB operator of 区政务服务办
let kb: Caller; // KB operator of 区民政局
let kbOther: Caller; // KB operator of 区市场监管局
let c: ReturnType<typeof citizenClient>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  admin = await s.as('admin', units.district);
  kbOffice = await s.as('kb_operator', units.office);
  kb = await s.as('kb_operator', units.civil);
  kbOther = await s.as('kb_operator', units.other);
  c = citizenClient(s.app);
});
after(() => s.close());

async function upload(caller: Caller, url: string, content: Buffer | string, fields: Record<string, string>, name: string) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // multipart() writes UTF-8 text: put the file's bytes in place of a marker, byte for byte.
  const marker = `@@file-${unique('m')}@@`;
  const { payload, headers } = multipart(fields, { name, content: marker });
  const at = payload.indexOf(marker);
  const body = Buffer.concat([payload.subarray(0, at), bytes, payload.subarray(at + Buffer.byteLength(marker))]);
  const res = await s.app.inject({ method: 'POST', url, payload: body, headers: { ...headers, cookie: caller.cookie } });
  return { status: res.statusCode, body: res.json() };
}

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const entryByExternal = (id: string) => s.ctx.db.selectFrom('kb_entries').selectAll().where('external_id', '=', id).executeTakeFirstOrThrow();
const countEntries = async () => Number((await s.ctx.db.selectFrom('kb_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function citizenAsks(question: string) {
  const token = await c.newCitizen();
  const { sessionId } = await c.start(token);
  const res = await c.ask(token, sessionId, question);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { outcome: string; answer: { entryId: string; answer: string; related: { entryId: string; question: string }[] } | null };
}

describe('finding 1: a KB import matches only entries of the department it imports into', () => {
  test("区民政局's KB operator importing 区政务服务办's external id with publish=true changes nothing, and 小申 keeps the original answer", async () => {
    const externalId = unique('demo-human-');
    const question = '怎样转人工帮办';
    const original = '在对话框里点“转人工”，工作时间内由帮办人员接待。';
    const own = await upload(kbOffice, '/api/kb/import', jsonl([{ id: externalId, question, answer: original }]), { publish: 'true' }, 'kb.jsonl');
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const before = await entryByExternal(externalId);
    assert.equal(before.department_id, units.office);
    assert.equal((await citizenAsks(question)).answer?.answer, original);

    const forged = await upload(kb, '/api/kb/import', jsonl([{ id: 'fine-1', question: '别的问题', answer: '别的答复' }, { id: externalId, question, answer: '请拨打 400-000-0000 转人工。' }]), { publish: 'true' }, 'kb.jsonl');
    assert.equal(forged.status, 422, JSON.stringify(forged.body));
    assert.equal(forged.body.error.code, 'KB_IMPORT_INVALID');
    assert.deepEqual(forged.body.error.details.errors, [{ line: 2, reason: `第 2 行的编号 ${externalId} 属于其他部门的条目，不能覆盖` }]);

    const afterRow = await entryByExternal(externalId);
    assert.deepEqual(
      { department: afterRow.department_id, answer: afterRow.answer, status: afterRow.status, version: afterRow.published_version, updatedAt: afterRow.updated_at.getTime() },
      { department: units.office, answer: original, status: 'published', version: 1, updatedAt: before.updated_at.getTime() },
    );
    const versions = await s.ctx.db.selectFrom('kb_entry_versions').select('answer').where('entry_id', '=', before.id).execute();
    assert.deepEqual(versions.map((v) => v.answer), [original]);
    assert.equal(await s.ctx.db.selectFrom('kb_entries').select('id').where('external_id', '=', 'fine-1').executeTakeFirst(), undefined, 'all or nothing: the good row is not imported either');
    assert.equal((await citizenAsks(question)).answer?.answer, original, 'a new citizen still gets the original answer');

    // A dry run reports the same row error instead of counting an update.
    const dry = await upload(kb, '/api/kb/import', jsonl([{ id: externalId, answer: '改写' }]), { dryRun: 'true' }, 'kb.jsonl');
    assert.equal(dry.status, 422);
  });

  test('an admin importing into one department cannot pull in another department\'s entry either; the owner still updates its own', async () => {
    const externalId = unique('gaj-');
    assert.equal((await upload(kbOther, '/api/kb/import', jsonl([{ id: externalId, question: '营业执照遗失怎么办', answer: '原答复' }]), { publish: 'true' }, 'kb.jsonl')).status, 200);
    const byAdmin = await upload(admin, '/api/kb/import', jsonl([{ id: externalId, answer: '管理员改写' }]), { departmentId: units.civil, publish: 'true' }, 'kb.jsonl');
    assert.equal(byAdmin.status, 422);
    assert.match(byAdmin.body.error.details.errors[0].reason, /属于其他部门的条目，不能覆盖/);
    assert.equal((await entryByExternal(externalId)).department_id, units.other);

    const byOwner = await upload(kbOther, '/api/kb/import', jsonl([{ id: externalId, question: '营业执照遗失怎么办', answer: '新答复' }]), { publish: 'true' }, 'kb.jsonl');
    assert.deepEqual({ created: byOwner.body.created, updated: byOwner.body.updated, published: byOwner.body.published }, { created: 0, updated: 1, published: 1 });
    const row = await entryByExternal(externalId);
    assert.deepEqual({ department: row.department_id, answer: row.answer, status: row.status, version: row.published_version }, { department: units.other, answer: '新答复', status: 'published', version: 2 });
    const versions = await s.ctx.db.selectFrom('kb_entry_versions').select(['version', 'answer', 'note']).where('entry_id', '=', row.id).orderBy('version').execute();
    assert.deepEqual(versions, [{ version: 1, answer: '原答复', note: '批量导入' }, { version: 2, answer: '新答复', note: '批量导入' }]);
    assert.equal((await citizenAsks('营业执照遗失怎么办')).answer?.answer, '新答复', 'the republished version answers at once');
    const audit = await s.ctx.db.selectFrom('audit_events').select('after').where('action', '=', 'kb.entries_imported').where('actor_id', '=', kbOther.userId).orderBy('occurred_at', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual((audit.after as { republished: Record<string, number> }).republished, { [row.id]: 2 });
  });

  test('the export lists only entries the caller may see: not another department\'s department-only entries', async () => {
    const hidden = unique('内部口径');
    const shared = unique('共享口径');
    await kbOther.post('/api/kb/entries', { question: hidden, answer: '仅本部门', sharing: 'department' });
    await kbOther.post('/api/kb/entries', { question: shared, answer: '全区共享', sharing: 'district' });
    const mine = await kb.get(`/api/kb/export?format=jsonl&q=${encodeURIComponent(hidden)}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.raw.body.trim(), '');
    const lent = await kb.get(`/api/kb/export?format=jsonl&q=${encodeURIComponent(shared)}`);
    assert.equal(lent.raw.body.trim().split('\n').length, 1);
    const owner = await kbOther.get(`/api/kb/export?format=jsonl&q=${encodeURIComponent(hidden)}`);
    assert.equal(owner.raw.body.trim().split('\n').length, 1);
  });
});

describe('finding 12: related entries are linked and shown only within what the reader may see', () => {
  test("linking another department's department-only entry is refused on create and on update, like a missing entry", async () => {
    const secret = await kbOther.post('/api/kb/entries', { question: unique('公安内部草稿'), answer: '内部', sharing: 'department' });
    assert.equal(secret.status, 201);
    const created = await kb.post('/api/kb/entries', { question: unique('民政条目'), answer: '答复', relatedIds: [secret.body.id] });
    assert.equal(created.status, 404);
    assert.equal(created.body.error.code, 'KB_RELATED_NOT_FOUND');
    const missing = await kb.post('/api/kb/entries', { question: unique('民政条目'), answer: '答复', relatedIds: ['00000000-0000-4000-8000-000000000000'] });
    assert.equal(missing.body.error.code, 'KB_RELATED_NOT_FOUND', 'the same answer as for an id that does not exist');

    const mine = await kb.post('/api/kb/entries', { question: unique('民政条目'), answer: '答复' });
    const patched = await kb.patch(`/api/kb/entries/${mine.body.id}`, { relatedIds: [secret.body.id] });
    assert.equal(patched.status, 404);
    assert.equal(patched.body.error.code, 'KB_RELATED_NOT_FOUND');
    const links = await s.ctx.db.selectFrom('kb_entry_related').select('related_id').where('entry_id', '=', mine.body.id).execute();
    assert.deepEqual(links, []);

    // Visible entries link as before: own ones and other departments' district-shared ones.
    const lent = await kbOther.post('/api/kb/entries', { question: unique('共享条目'), answer: '共享', sharing: 'district' });
    const ok = await kb.patch(`/api/kb/entries/${mine.body.id}`, { relatedIds: [lent.body.id] });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.related, [{ id: lent.body.id, question: lent.body.question }]);
  });

  test("a reader is not shown a related entry they may not see: staff of another department, and citizens (published only)", async () => {
    const draftQuestion = unique('公安局内部草稿');
    const secret = await kbOther.post('/api/kb/entries', { question: draftQuestion, answer: '内部', sharing: 'department' });
    const question = unique('新办营业执照需要什么材料');
    const shared = await kbOther.post('/api/kb/entries', { question, answer: '身份证和经营场所证明。', sharing: 'district', relatedIds: [secret.body.id] });
    assert.equal(shared.status, 201);
    assert.deepEqual(shared.body.related.map((r: { id: string }) => r.id), [secret.body.id], 'the owning department sees its own link');

    const seen = await kb.get(`/api/kb/entries/${shared.body.id}`);
    assert.equal(seen.status, 200);
    assert.deepEqual(seen.body.related, [], "区民政局 does not get the department-only draft's question");
    assert.ok(!JSON.stringify(seen.body).includes(draftQuestion));

    // 小申: the related entries of an answer are published ones only (a draft has no published question).
    const citizenQuestion = '残疾人就业补贴如何领取';
    const published = await publishEntry(s.ctx, { question: citizenQuestion, answer: '到社区事务受理服务中心申请。', departmentId: units.other, related: [secret.body.id] });
    const reply = await citizenAsks(citizenQuestion);
    assert.equal(reply.answer?.entryId, published);
    assert.deepEqual(reply.answer?.related, []);
  });
});

/** A zip with stored and deflated entries, as the archive writers make them (no data descriptors). */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(e.data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(e.data.length, 22);
    head.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('知识库');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const header = ['编号', '标准问', '答复口径'];
const kbRows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => [`${tag}-${i + 1}`, `${tag} 第 ${i + 1} 个问题`, `第 ${i + 1} 条答复口径`]);

describe('finding 9: one import cannot exhaust memory or hold the server', () => {
  test(`JSONL, CSV and XLSX files over ${KB_IMPORT_MAX_ROWS} rows are refused with KB_IMPORT_TOO_MANY_ROWS; nothing is imported`, async () => {
    const before = await countEntries();
    const tag = unique('cap');
    const over = kbRows(KB_IMPORT_MAX_ROWS + 1, tag);
    const files: [string, Buffer | string][] = [
      ['kb.jsonl', jsonl(over.map(([id, question, answer]) => ({ id, question, answer })))],
      ['kb.csv', [header, ...over].map((r) => r.join(',')).join('\n') + '\n'],
      ['kb.xlsx', await xlsxOf([header, ...over])],
    ];
    for (const [name, content] of files) {
      const res = await upload(kb, '/api/kb/import', content, { publish: 'true' }, name);
      assert.equal(res.status, 413, `${name}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body.error, { code: 'KB_IMPORT_TOO_MANY_ROWS', message: `一次最多导入 ${KB_IMPORT_MAX_ROWS} 行，请把文件分成几个后分别导入。` });
    }
    assert.equal(await countEntries(), before);
  });

  test('an XLSX that inflates past the limit (a zip bomb) is refused before it is parsed', async () => {
    const sheet = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>答复口径</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>'),
      Buffer.alloc(80 * 1024 * 1024, ' '),
      Buffer.from('</t></is></c></row></sheetData></worksheet>'),
    ]);
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>') },
      { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ]);
    assert.ok(bomb.length < 200 * 1024, `the bomb is small on the wire (${bomb.length} bytes)`);
    const before = await countEntries();
    const res = await upload(kb, '/api/kb/import', bomb, {}, 'kb.xlsx');
    assert.equal(res.status, 413, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'KB_IMPORT_XLSX_TOO_LARGE');
    assert.equal(await countEntries(), before);
  });

  test('an XLSX of exactly the limit imports, and /healthz answers while the import runs', async () => {
    const tag = unique('big');
    const file = await xlsxOf([header, ...kbRows(KB_IMPORT_MAX_ROWS, tag)]);
    const order: string[] = [];
    const importing = upload(kb, '/api/kb/import', file, {}, 'kb.xlsx').then((r) => (order.push('import'), r));
    await new Promise((r) => setImmediate(r));
    const health = s.app.inject({ method: 'GET', url: '/healthz' }).then((r) => (order.push('healthz'), r));
    const [res, h] = await Promise.all([importing, health]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.created, KB_IMPORT_MAX_ROWS);
    assert.equal(h.statusCode, 200);
    assert.deepEqual(order, ['healthz', 'import'], 'the health check is not queued behind the import');
    const row = await entryByExternal(`${tag}-${KB_IMPORT_MAX_ROWS}`);
    assert.equal(row.question, `${tag} 第 ${KB_IMPORT_MAX_ROWS} 个问题`);
  });

  test(`the matter import refuses more than ${MATTER_IMPORT_MAX_ROWS} rows with MATTER_IMPORT_TOO_MANY_ROWS; nothing is imported`, async () => {
    const dept = s.ctx.org.get(units.civil)!.name;
    const tag = unique('M');
    const rows = Array.from({ length: MATTER_IMPORT_MAX_ROWS + 1 }, (_, i) => ({ code: `${tag}-${i}`, name: `事项 ${i}`, department: dept, type: '公共服务' }));
    const countMatters = async () => Number((await s.ctx.db.selectFrom('matters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await countMatters();
    for (const [name, content] of [
      ['m.jsonl', jsonl(rows)],
      ['m.csv', ['事项编码,事项名称,实施部门,事项类型', ...rows.map((r) => `${r.code},${r.name},${r.department},${r.type}`)].join('\n') + '\n'],
    ] as const) {
      const res = await upload(admin, '/api/matters/import', content, {}, name);
      assert.equal(res.status, 413, `${name}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body.error, { code: 'MATTER_IMPORT_TOO_MANY_ROWS', message: `一次最多导入 ${MATTER_IMPORT_MAX_ROWS} 行，请把文件分成几个后分别导入。` });
    }
    assert.equal(await countMatters(), before);
  });
});
