import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/lib/clock.ts';
import { REPLY } from '../src/modules/assistant/assistant-replies.ts';
import { seedDemoDistrict } from '../src/seed/demo-district.ts';
import { Caller, startTestServer, type TestServer } from './support/harness.ts';
import { citizenClient } from './support/kb-factory.ts';

// Issue 11 item 1: the demo district answers like a real one. Its everyday services (topic → owning department,
// copied from the demokb/evalq contract TOPICS.md of 2026-12-03) each have one published entry `demo-<topic>`
// with a standard question, citizens' similar questions, a linked matter and the right department.
const TOPICS: [string, string][] = [
  ['marriage', '区民政局'],
  ['divorce', '区民政局'],
  ['marriage-cert', '区民政局'],
  ['id-card', '区公安分局'],
  ['id-card-lost', '区公安分局'],
  ['id-card-temp', '区公安分局'],
  ['birth-hukou', '区公安分局'],
  ['hukou-move', '区公安分局'],
  ['residence-permit', '区公安分局'],
  ['residence-renew', '区公安分局'],
  ['flexible-insurance', '区人力资源和社会保障局'],
  ['insurance-record', '区人力资源和社会保障局'],
  ['ss-card', '区人力资源和社会保障局'],
  ['retirement', '区人力资源和社会保障局'],
  ['pension-check', '区人力资源和社会保障局'],
  ['unemployment', '区人力资源和社会保障局'],
  ['work-injury', '区人力资源和社会保障局'],
  ['talent-hukou', '区人力资源和社会保障局'],
  ['fund-withdraw', '区住房公积金管理部'],
  ['fund-loan', '区住房公积金管理部'],
  ['fund-transfer', '区住房公积金管理部'],
  ['fund-company', '区住房公积金管理部'],
  ['medical-enrol', '区医疗保障局'],
  ['medical-remote', '区医疗保障局'],
  ['medical-reimburse', '区医疗保障局'],
  ['maternity', '区医疗保障局'],
  ['birth-cert', '区卫生健康委员会'],
  ['birth-registration', '区卫生健康委员会'],
  ['school-enrol', '区教育局'],
  ['disability-card', '区残疾人联合会'],
  ['disability-subsidy', '区民政局'],
  ['elderly-allowance', '区民政局'],
  ['elderly-card', '区民政局'],
  ['dibao', '区民政局'],
  ['funeral', '区民政局'],
  ['property-transfer', '区规划和自然资源局'],
  ['property-first', '区规划和自然资源局'],
  ['property-proof', '区规划和自然资源局'],
  ['rental-housing', '区住房和城乡建设管理委员会'],
  ['passport', '区公安分局出入境管理办公室'],
  ['hk-macau', '区公安分局出入境管理办公室'],
  ['taiwan', '区公安分局出入境管理办公室'],
  ['driving-renew', '区公安分局交通警察支队'],
  ['driving-lost', '区公安分局交通警察支队'],
  ['vehicle-plate', '区公安分局交通警察支队'],
  ['dog', '区公安分局'],
  ['company-setup', '区市场监督管理局'],
  ['sole-trader', '区市场监督管理局'],
  ['company-change', '区市场监督管理局'],
  ['company-close', '区市场监督管理局'],
  ['licence-lost', '区市场监督管理局'],
  ['annual-report', '区市场监督管理局'],
  ['food-licence', '区市场监督管理局'],
  ['drug-retail', '区市场监督管理局'],
  ['new-taxpayer', '国家税务总局本区税务局'],
  ['invoice', '国家税务总局本区税务局'],
  ['seal', '区公安分局'],
  ['company-insurance', '区人力资源和社会保障局'],
  ['public-health', '区卫生健康委员会'],
  ['outdoor-ad', '区城市管理和综合执法局'],
];

// Tuesday 2026-03-03 10:00 in Shanghai: a working day.
const clock = fixedClock(new Date('2026-03-03T02:00:00Z'));
let s: TestServer;

before(async () => {
  s = await startTestServer({ clock });
  s.ctx.knowledge.pause();
  await seedDemoDistrict(s.ctx, 'Demo-pass-2026');
  await s.ctx.knowledge.resume();
});
after(() => s.close());

async function citizenAsks(question: string) {
  const c = citizenClient(s.app);
  const token = await c.newCitizen();
  const { sessionId } = await c.start(token);
  const res = await c.ask(token, sessionId, question);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { outcome: string; reply: string; answer: { entryId: string; question: string; demo: boolean } | null };
}

describe('the demo district knowledge base', () => {
  test('every everyday service has its entry: published, a standard question, at least 5 similar questions, a linked matter, the right department', async () => {
    const rows = await s.ctx.db
      .selectFrom('kb_entries as e')
      .innerJoin('org_units as o', 'o.id', 'e.department_id')
      .leftJoin('kb_entry_matters as em', 'em.entry_id', 'e.id')
      .leftJoin('matters as m', 'm.id', 'em.matter_id')
      .select(['e.external_id', 'e.status', 'e.question', 'e.similar', 'e.source_ref', 'o.name as department', 'm.code', 'm.department_id as matter_department'])
      .where('e.external_id', 'like', 'demo-%')
      .execute();
    assert.equal(TOPICS.length, 60);
    for (const [topic, department] of TOPICS) {
      const e = rows.find((r) => r.external_id === `demo-${topic}`);
      assert.ok(e, `no entry demo-${topic}`);
      assert.equal(e.status, 'published', topic);
      assert.ok(e.question.trim().length >= 4, `${topic}: standard question`);
      assert.ok(e.similar.length >= 5 && e.similar.length <= 8, `${topic}: ${e.similar.length} similar questions`);
      assert.equal(new Set(e.similar).size, e.similar.length, `${topic}: similar questions repeat`);
      assert.equal(e.department, department, `${topic}: owning department`);
      assert.ok(e.code, `${topic}: no linked matter`);
      assert.ok(e.source_ref && e.source_ref.length > 4, `${topic}: no source named`);
      if (e.code.startsWith('DEMO-')) {
        assert.equal(e.code, `DEMO-${topic.toUpperCase()}`, topic);
        assert.equal(s.ctx.org.get(e.matter_department!)?.name, department, `${topic}: matter's department`);
      }
    }
    // Every similar question belongs to one entry only, so the retrieval can tell the services apart.
    const owners = new Map<string, string>();
    for (const r of rows)
      for (const q of [r.question, ...r.similar]) {
        assert.ok(!owners.has(q) || owners.get(q) === r.external_id, `“${q}” in ${owners.get(q)} and ${r.external_id}`);
        owners.set(q, r.external_id!);
      }
  });

  test('the exit-entry office and the traffic police sit under the district public security bureau; the existing accounts keep their units', async () => {
    const police = s.ctx.org.findByName('区公安分局', ['department'])!;
    for (const name of ['区公安分局出入境管理办公室', '区公安分局交通警察支队']) assert.equal(s.ctx.org.findByName(name, ['department'])?.parentId, police.id, name);
    const kb = await s.ctx.db.selectFrom('users').innerJoin('org_units as o', 'o.id', 'users.org_unit_id').select('o.name').where('username', '=', 'kb').executeTakeFirstOrThrow();
    assert.equal(kb.name, '区民政局');
  });

  test('the Beijing example passages are not loaded by default', async () => {
    const bj = await s.ctx.db.selectFrom('kb_entries').select('id').where('external_id', 'like', 'bj-%').execute();
    assert.equal(bj.length, 0);
    const untitled = await s.ctx.db.selectFrom('kb_entries').select('id').where('status', '=', 'published').where('question', '=', '').execute();
    assert.equal(untitled.length, 0);
  });

  test("a citizen's everyday question is answered from the district's entry, marked as demo wording", async () => {
    for (const [question, topic] of [
      ['结婚登记要带什么材料', 'marriage'],
      ['身份证丢了怎么补办', 'id-card-lost'],
      // A matter's own name: the entry that covers the matter answers (with its card), not the bare card.
      ['住房公积金异地转移接续', 'fund-transfer'],
      ['办理往来港澳通行证', 'hk-macau'],
    ] as const) {
      const r = await citizenAsks(question);
      assert.equal(r.outcome, 'answer', `${question}: ${r.outcome}`);
      const entry = await s.ctx.db.selectFrom('kb_entries').select('external_id').where('id', '=', r.answer!.entryId).executeTakeFirstOrThrow();
      assert.equal(entry.external_id, `demo-${topic}`, question);
      assert.equal(r.answer!.demo, true);
      assert.ok(!r.reply.includes('关于“”'), r.reply);
    }
  });

  test('KB operators see the demo mark and the source on the entry', async () => {
    const user = await s.ctx.db.selectFrom('users').select('id').where('username', '=', 'kb').executeTakeFirstOrThrow();
    const kb = new Caller(s.app, await s.login('kb', 'Demo-pass-2026'), user.id);
    const e = await s.ctx.db.selectFrom('kb_entries').select('id').where('external_id', '=', 'demo-marriage').executeTakeFirstOrThrow();
    const res = await kb.get(`/api/kb/entries/${e.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.demo, true);
    assert.match(res.body.citation, /婚姻登记条例/);
    const list = await kb.get('/api/kb/entries?q=结婚登记');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((i: { demo: boolean }) => i.demo), JSON.stringify(list.body).slice(0, 300));
    // The source travels with the entry: exported as `source`, so a re-import keeps it.
    const exported = await kb.get('/api/kb/export?format=jsonl&q=结婚登记');
    assert.equal(exported.status, 200);
    const row = exported.raw.body
      .trim()
      .split('\n')
      .map((l: string) => JSON.parse(l) as { id: string; source: string | null })
      .find((r: { id: string }) => r.id === 'demo-marriage');
    assert.match(row!.source!, /婚姻登记条例/);
  });
});

describe("小申's lead-in to an answer", () => {
  test('quotes the standard question, and never an empty title', () => {
    assert.equal(REPLY.answer('结婚登记要带什么材料？'), '关于“结婚登记要带什么材料？”，答复如下：');
    for (const blank of ['', '  ']) {
      assert.ok(!REPLY.answer(blank).includes('关于“”'), REPLY.answer(blank));
      assert.ok(REPLY.answer(blank).length > 0);
    }
  });
});
