import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { fixedClock } from '../src/lib/clock.ts';
import { recordGap } from '../src/modules/knowledge/gap.commands.ts';
import { multipart, startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';

// Monday 2026-09-28 10:00 in Shanghai, a working day before the National Day holiday.
const clock = fixedClock(new Date('2026-09-28T02:00:00Z'));
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let admin: Caller;
let kb: Caller;
let kbOther: Caller;
let agent: Caller;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  admin = await s.as('admin', units.district);
  kb = await s.as('kb_operator', units.civil);
  kbOther = await s.as('kb_operator', units.other);
  agent = await s.as('agent', units.group);
});
after(() => s.close());

const answerFor = (q: string) => {
  const r = s.ctx.knowledge.search(q);
  return r.decision.kind === 'answer' ? r.decision.entryId : null;
};

async function upload(caller: Caller, url: string, content: Buffer | string, fields: Record<string, string>, name: string) {
  const { payload, headers } = multipart(fields, { name, content: typeof content === 'string' ? content : content.toString('latin1') });
  const body = typeof content === 'string' ? payload : rebuild(payload, content);
  const res = await s.app.inject({ method: 'POST', url, payload: body, headers: { ...headers, cookie: caller.cookie } });
  return { status: res.statusCode, body: res.json() };
}
// multipart() builds UTF-8 text; binary files (XLSX) must go in byte for byte.
function rebuild(payload: Buffer, content: Buffer): Buffer {
  const marker = Buffer.from(content.toString('latin1'), 'utf8');
  const at = payload.indexOf(marker);
  return Buffer.concat([payload.subarray(0, at), content, payload.subarray(at + marker.length)]);
}

describe('entry workflow: draft → review → published, without a restart', () => {
  test('a draft does not answer; publishing makes the assistant answer; an edit keeps the old version live until re-published', async () => {
    const question = '居住证积分办理需要哪些材料';
    const created = await kb.post('/api/kb/entries', { question, similar: ['积分落户材料清单'], answer: '第一版：请携带**身份证**和[居住证](https://example.gov.cn/jzz)。' });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.department.id, units.civil, 'a KB operator writes for their own department');
    const id = created.body.id;
    assert.notEqual(answerFor(question), id);

    assert.equal((await kb.post(`/api/kb/entries/${id}/review`, { decision: 'approve' })).body.error.code, 'KB_BAD_TRANSITION');
    assert.equal((await kb.post(`/api/kb/entries/${id}/submit`)).body.status, 'in_review');
    const rejected = await kb.post(`/api/kb/entries/${id}/review`, { decision: 'reject', note: '请补充办理地点' });
    assert.equal(rejected.body.status, 'draft');
    assert.equal(rejected.body.reviewNote, '请补充办理地点');
    await kb.post(`/api/kb/entries/${id}/submit`);
    const published = await kb.post(`/api/kb/entries/${id}/review`, { decision: 'approve' });
    assert.equal(published.body.status, 'published');
    assert.equal(published.body.publishedVersion, 1);
    assert.equal(answerFor(question), id, 'answers at once, in this process');
    assert.equal(answerFor('积分落户材料清单'), id, 'similar questions too');

    const edited = await kb.patch(`/api/kb/entries/${id}`, { answer: '第二版：身份证、居住证、社保缴费证明。' });
    assert.equal(edited.body.status, 'draft');
    assert.equal(edited.body.hasUnpublishedChanges, true);
    assert.equal(answerFor(question), id, 'version 1 keeps answering while version 2 is drafted');
    const v1 = await s.ctx.db.selectFrom('kb_entry_versions').select('answer').where('entry_id', '=', id).where('version', '=', 1).executeTakeFirstOrThrow();
    assert.match(v1.answer, /^第一版/);

    await kb.post(`/api/kb/entries/${id}/submit`);
    assert.equal((await kb.post(`/api/kb/entries/${id}/review`, { decision: 'approve' })).body.publishedVersion, 2);
    const versions = (await kb.get(`/api/kb/entries/${id}/versions`)).body.items;
    assert.deepEqual(versions.map((v: { version: number }) => v.version), [2, 1]);
    const diff = (await kb.get(`/api/kb/entries/${id}/diff?from=1&to=2`)).body;
    const answerDiff = diff.fields.find((f: { field: string }) => f.field === 'answer');
    assert.equal(answerDiff.changed, true);
    assert.ok(answerDiff.parts.some((p: { removed?: boolean; value: string }) => p.removed && p.value.includes('一')));
    assert.ok(answerDiff.parts.some((p: { added?: boolean; value: string }) => p.added && p.value.includes('二')));
    assert.equal(diff.fields.find((f: { field: string }) => f.field === 'question').changed, false);

    const rolled = await kb.post(`/api/kb/entries/${id}/rollback`, { version: 1 });
    assert.equal(rolled.status, 200);
    assert.equal(rolled.body.publishedVersion, 3, 'a roll-back publishes the old text as a new version');
    assert.match(rolled.body.answer, /^第一版/);
    const live = await s.ctx.db.selectFrom('kb_entry_versions').select('answer').where('entry_id', '=', id).where('version', '=', 3).executeTakeFirstOrThrow();
    assert.match(live.answer, /^第一版/);

    assert.equal((await kb.post(`/api/kb/entries/${id}/archive`)).body.status, 'archived');
    assert.notEqual(answerFor(question), id, 'an archived entry stops answering');
    assert.equal((await kb.patch(`/api/kb/entries/${id}`, { answer: 'x' })).body.error.code, 'KB_BAD_TRANSITION');
    assert.equal((await kb.post(`/api/kb/entries/${id}/reopen`)).body.status, 'draft');

    const trail = (await admin.get(`/api/audit?subjectType=kb_entry&subjectId=${id}`)).body.items.map((e: { action: string }) => e.action);
    for (const action of ['kb.entry_created', 'kb.entry_submitted', 'kb.entry_rejected', 'kb.entry_published', 'kb.entry_updated', 'kb.entry_rolled_back', 'kb.entry_archived', 'kb.entry_reopened']) {
      assert.ok(trail.includes(action), `${action} audited`);
    }
  });

  test('a policy answer published ahead of its effective date waits for that day', async () => {
    const question = '新生儿医保参保登记新政何时实施';
    const e = await kb.post('/api/kb/entries', { question, answer: '自 10 月 9 日起实施。', effectiveFrom: '2026-10-09' });
    await kb.post(`/api/kb/entries/${e.body.id}/submit`);
    await kb.post(`/api/kb/entries/${e.body.id}/review`, { decision: 'approve' });
    assert.notEqual(answerFor(question), e.body.id);
    clock.set(new Date('2026-10-09T01:00:00Z'));
    assert.equal(answerFor(question), e.body.id);
    clock.set(new Date('2026-09-28T02:00:00Z'));
    const bad = await kb.post('/api/kb/entries', { question: 'x', answer: 'y', effectiveFrom: '2026-10-09', expiresOn: '2026-10-01' });
    assert.equal(bad.body.error.code, 'KB_DATES_INVALID');
  });

  test('other departments see shared entries read-only and never a department-only one', async () => {
    const shared = await kb.post('/api/kb/entries', { question: unique('共享条目'), answer: '全区共享', sharing: 'district' });
    const own = await kb.post('/api/kb/entries', { question: unique('内部条目'), answer: '仅本部门', sharing: 'department' });
    const seen = await kbOther.get(`/api/kb/entries/${shared.body.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.can.update, false);
    assert.equal((await kbOther.patch(`/api/kb/entries/${shared.body.id}`, { answer: '改' })).status, 403);
    assert.equal((await kbOther.get(`/api/kb/entries/${own.body.id}`)).body.error.code, 'OUT_OF_SCOPE');
    const list = (await kbOther.get('/api/kb/entries?scope=all&pageSize=200')).body.items.map((e: { id: string }) => e.id);
    assert.ok(list.includes(shared.body.id));
    assert.ok(!list.includes(own.body.id));
    assert.equal((await agent.post('/api/kb/entries', { question: 'x', answer: 'y' })).status, 403);
  });
});

describe('import and export', () => {
  test('the evaluation JSONL format imports (publish at once) and exports back', async () => {
    const lines = [
      { id: 'bj-t1', question: '', similar: [], answer: '公积金账户可通过网上业务平台查询缴存额、缴存基数。', department: '住房公积金管理中心', matter: null },
      { id: 'bj-t2', question: '如何补办社保卡', similar: ['社保卡丢了怎么办'], answer: '携带身份证到社区事务受理服务中心补办。', department: '人社局', matter: null },
    ];
    const res = await upload(kb, '/api/kb/import', lines.map((l) => JSON.stringify(l)).join('\n'), { publish: 'true' }, 'kb.jsonl');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual({ created: res.body.created, published: res.body.published }, { created: 2, published: 2 });
    const r = s.ctx.knowledge.search('社保卡丢了怎么办');
    assert.equal(r.decision.kind, 'answer');
    const again = await upload(kb, '/api/kb/import', lines.map((l) => JSON.stringify(l)).join('\n'), {}, 'kb.jsonl');
    assert.deepEqual({ created: again.body.created, updated: again.body.updated }, { created: 0, updated: 2 });
    const exported = await kb.get('/api/kb/export?format=jsonl&q=社保卡');
    const row = JSON.parse(exported.raw.body.trim().split('\n')[0]!);
    assert.equal(row.id, 'bj-t2');
    assert.deepEqual(row.similar, ['社保卡丢了怎么办']);
  });

  test('XLSX export re-imports; CSV with a bad row names the line and imports nothing', async () => {
    const xlsx = await kb.get('/api/kb/export?format=xlsx&q=社保卡');
    assert.equal(xlsx.status, 200);
    const buf = xlsx.raw.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.getRow(1).getCell(2).value, '标准问');
    const back = await upload(kb, '/api/kb/import', buf, { dryRun: 'true' }, 'kb.xlsx');
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.updated, 1);

    const before = (await kb.get('/api/kb/entries?pageSize=1')).body.total;
    const csv = '编号,标准问,相似问,答复口径,事项编码\nc-1,好问题,,好答复,\nc-2,缺答复,,,\nc-3,坏事项,,答复,NO-SUCH-CODE\n';
    const bad = await upload(kb, '/api/kb/import', csv, {}, 'kb.csv');
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.details.errors.map((e: { line: number }) => e.line), [3, 4]);
    assert.match(bad.body.error.details.errors[0].reason, /答复口径/);
    assert.match(bad.body.error.details.errors[1].reason, /NO-SUCH-CODE/);
    assert.equal((await kb.get('/api/kb/entries?pageSize=1')).body.total, before);
  });
});

describe('hit test', () => {
  test('shows ranked candidates with scores, the field and the matched words', async () => {
    const res = await kb.post('/api/kb/hit-test', { query: '社保卡丢了怎么补办' });
    assert.equal(res.status, 200);
    assert.ok(res.body.candidates.length >= 1);
    const top = res.body.candidates[0];
    assert.match(top.question, /社保卡/);
    assert.ok(top.score > 0);
    assert.ok(top.matchedTerms.length > 0);
    assert.equal(top.ownWords, true, 'the question\'s own words are in the entry');
    assert.equal(res.body.intent.intent, 'consult');
    const complaint = await kb.post('/api/kb/hit-test', { query: '我要投诉窗口工作人员态度恶劣，拖延办理' });
    assert.equal(complaint.body.intent.intent, 'complaint');
  });
});

describe('gaps (查遗补缺)', () => {
  test('a gap is due 5 working days later, across the National Day holiday', async () => {
    clock.set(new Date('2026-09-30T02:00:00Z')); // Wednesday 2026-09-30, the day before the holiday
    const { id } = await recordGap(s.ctx, { question: '请问老年人助餐补贴怎么申请？', source: 'no_match', departmentId: units.civil });
    const again = await recordGap(s.ctx, { question: '老年人助餐补贴怎么申请', source: 'no_match', departmentId: units.civil });
    // Sessions last 12 hours at most: sign in again after each jump of the clock.
    kb = await s.as('kb_operator', units.civil);
    kbOther = await s.as('kb_operator', units.other);
    assert.equal(again.id, id, 'the same question counts again instead of opening a second gap');
    const list = (await kb.get('/api/kb/gaps?status=open')).body;
    const gap = list.items.find((g: { id: string }) => g.id === id);
    assert.equal(gap.occurrences, 2);
    // Holiday 10-01..10-08 (2026), so the 5th working day after 09-30 is 10-14 (a make-up Saturday 10-10 counts).
    const due = await s.ctx.db.selectFrom('kb_gaps').select('due_at').where('id', '=', id).executeTakeFirstOrThrow();
    const expected = s.ctx.calendar.calendar.deadlineAfterWorkingDays(new Date('2026-09-30T02:00:00Z'), 5);
    assert.equal(due.due_at?.toISOString(), expected.toISOString());
    assert.equal(gap.dueAt, expected.toISOString());
    assert.equal((await kbOther.get('/api/kb/gaps')).body.items.some((g: { id: string }) => g.id === id), false, 'scoped to the department');

    const draft = await kb.post(`/api/kb/gaps/${id}/draft`);
    assert.equal(draft.status, 201);
    assert.equal(draft.body.source, 'gap');
    await kb.patch(`/api/kb/entries/${draft.body.id}`, { answer: '携带身份证到社区事务受理服务中心申请。' });
    await kb.post(`/api/kb/entries/${draft.body.id}/submit`);
    clock.set(new Date('2026-10-09T03:00:00Z'));
    kb = await s.as('kb_operator', units.civil);
    await kb.post(`/api/kb/entries/${draft.body.id}/review`, { decision: 'approve' });
    const closed = (await kb.get('/api/kb/gaps?status=answered')).body.items.find((g: { id: string }) => g.id === id);
    assert.equal(closed.answeredEntry.id, draft.body.id);
    assert.equal(closed.answeredInTime, true);
    assert.equal((await kb.post(`/api/kb/gaps/${id}/dismiss`, { reason: '重复' })).body.error.code, 'KB_GAP_CLOSED');
  });

  test('an overdue gap is flagged; dismissing needs a reason; answering needs a published entry', async () => {
    clock.set(new Date('2026-11-02T02:00:00Z'));
    const { id } = await recordGap(s.ctx, { question: unique('无人能答的问题'), source: 'not_solved', departmentId: units.civil });
    clock.set(new Date('2026-11-20T02:00:00Z'));
    kb = await s.as('kb_operator', units.civil);
    const gap = (await kb.get('/api/kb/gaps?overdue=true')).body.items.find((g: { id: string }) => g.id === id);
    assert.equal(gap.overdue, true);
    const draft = await kb.post('/api/kb/entries', { question: unique('未发布'), answer: '草稿' });
    assert.equal((await kb.post(`/api/kb/gaps/${id}/answer`, { entryId: draft.body.id })).body.error.code, 'KB_ENTRY_NOT_PUBLISHED');
    assert.equal((await kb.post(`/api/kb/gaps/${id}/dismiss`, { reason: '' })).status, 400);
    assert.equal((await kb.post(`/api/kb/gaps/${id}/dismiss`, { reason: '属于投诉，已转 12345' })).status, 204);
  });

  test('a gap in a year whose notice is not entered gets a deadline from the law, marked provisional', async () => {
    clock.set(new Date('2027-03-01T02:00:00Z')); // Monday 10:00: five working days → Monday 2027-03-08
    const { id } = await recordGap(s.ctx, { question: unique('明年的问题'), source: 'no_match', departmentId: units.civil });
    const row = await s.ctx.db.selectFrom('kb_gaps').select('due_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.due_at?.toISOString(), new Date('2027-03-08T23:59:59.999+08:00').toISOString());
    const listed = (await (await s.as('kb_operator', units.civil)).get('/api/kb/gaps')).body.items.find((g: { id: string }) => g.id === id);
    assert.deepEqual([listed.dueAt, listed.dueProvisional], [row.due_at?.toISOString(), true]);
    clock.set(new Date('2026-09-28T02:00:00Z'));
  });
});
