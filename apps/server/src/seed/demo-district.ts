import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { StaffRole } from '@bangban/shared';
import type { AppContext } from '../context.ts';
import { inTransaction } from '../lib/events.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { importMatters } from '../modules/matters/matter-import.command.ts';
import { importEntries } from '../modules/knowledge/entry-import.command.ts';
import { leadUnitFor } from '../modules/matters/matter-lead.ts';

// Real catalogue of 2,262 Guangdong matters (see apps/server/seed/SOURCE.md). Its provincial departments
// become the demo district's departments; a demo needs a living catalogue, not an empty one.
const CATALOGUE = new URL('../../seed/matters-gd.jsonl', import.meta.url);
const KB_PLATFORM = new URL('../../seed/kb-platform.jsonl', import.meta.url);
// The demo district's own matters and knowledge base, one entry per everyday service (see SOURCE.md).
const DISTRICT_MATTERS = new URL('../../seed/matters-district.jsonl', import.meta.url);
const KB_DISTRICT = new URL('../../seed/kb-demo-district.jsonl', import.meta.url);
// Example knowledge bases a demo may import besides its own (SEED_EXAMPLE_KB); not loaded by default.
const EXAMPLE_KBS = {
  'faq-bj': new URL('../../../../packages/retrieval/eval-data/faq-bj.kb.jsonl', import.meta.url),
} as const;
export type ExampleKb = keyof typeof EXAMPLE_KBS;

const HOURS = { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] };

export const DEMO_USERS: { username: string; displayName: string; role: StaffRole; unit: string }[] = [
  { username: 'admin', displayName: '平台管理员', role: 'admin', unit: '演示区' },
  { username: 'coordinator', displayName: '王协调', role: 'coordinator', unit: '区政务服务办' },
  { username: 'agent', displayName: '李帮办', role: 'agent', unit: '区行政服务中心帮办组' },
  { username: 'kb', displayName: '赵知识', role: 'kb_operator', unit: '区民政局' },
  { username: 'leader', displayName: '陈局长', role: 'leader', unit: '区民政局' },
  { username: 'center', displayName: '周窗口', role: 'center_staff', unit: '田林街道社区事务受理服务中心' },
  { username: 'hotline', displayName: '12345 热线对接', role: 'hotline', unit: '区政务服务办' },
];

export async function isSeeded(ctx: Pick<AppContext, 'db'>): Promise<boolean> {
  return (await ctx.db.selectFrom('org_units').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Seeds the demo district once: org tree, one account per role, the real catalogue, a top-100 list. */
export async function seedDemoDistrict(ctx: AppContext, password: string, opts: { exampleKb?: ExampleKb | null } = {}): Promise<void> {
  if (await isSeeded(ctx)) return;
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const add = async (parentId: string | null, kind: 'district' | 'department' | 'service_center' | 'agent_group', name: string, tags: string[] = [], group = false) =>
      (
        await tx.db
          .insertInto('org_units')
          .values({
            parent_id: parentId,
            kind,
            name,
            tags: JSON.stringify(tags),
            working_hours: JSON.stringify(group ? HOURS : null),
            max_concurrent_chats: group ? 5 : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const district = await add(null, 'district', '演示区');
    const office = await add(district, 'department', '区政务服务办', ['coordinator']);
    const civil = await add(district, 'department', '区民政局', ['civil_affairs']);
    const center = await add(office, 'service_center', '区行政服务中心', ['district_center']);
    const tianlin = await add(district, 'service_center', '田林街道社区事务受理服务中心', ['community_center']);
    await add(district, 'service_center', '虹梅街道社区事务受理服务中心', ['community_center']);
    await add(center, 'agent_group', '区行政服务中心帮办组', [], true);
    await add(civil, 'agent_group', '区民政局帮办组', [], true);
    await add(tianlin, 'agent_group', '田林社区帮办组', [], true);
    await add(office, 'agent_group', '区内协调组', [], true);
    await tx.record({ type: 'org_unit.created', subjectType: 'org_unit', subjectId: district, orgUnitId: district, summary: '初始化演示区组织架构' });
  });
  await ctx.org.reload();

  await addDistrictDepartments(ctx);
  await importMatters(ctx, { actor: 'system' }, readFileSync(CATALOGUE, 'utf8'), { createMissingDepartments: true, dryRun: false });
  await ctx.org.reload();
  await assignTopMatters(ctx);
  await addDepartmentGroups(ctx);
  await seedDistrictMatters(ctx);
  await seedKnowledge(ctx);
  await seedDistrictKnowledge(ctx);
  if (opts.exampleKb) await seedExampleKnowledge(ctx, opts.exampleKb);

  await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    for (const u of DEMO_USERS) {
      const unit = ctx.org.findByName(u.unit);
      if (!unit) throw new Error(`demo unit missing: ${u.unit}`);
      const row = await tx.db
        .insertInto('users')
        .values({ username: u.username, display_name: u.displayName, role: u.role, org_unit_id: unit.id, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.record({ type: 'user.created', subjectType: 'user', subjectId: row.id, orgUnitId: unit.id, summary: `演示账号 ${u.username}` });
    }
    // A few canned answers (常用语) for the desk: district-wide wording, and the district centre's own.
    const now = ctx.clock.now();
    const centre = ctx.org.findByName('区行政服务中心帮办组')!.id;
    const district = ctx.org.root()!.id;
    for (const [unit, title, shortcut, body] of [
      [district, '问候', 'hi', '您好，我是人工帮办，请问有什么可以帮您？'],
      [district, '请稍候', 'wait', '正在为您查询，请稍等一两分钟。'],
      [district, '结束语', 'bye', '请问还有其他问题吗？如果没有，本次帮办就先到这里，欢迎您对本次服务进行评价。'],
      [centre, '大厅地址', 'addr', '区行政服务中心地址和开放时间请以事项页面“办理地点”为准；工作日 9:00–12:00、13:30–17:30 可现场办理。'],
    ] as const) {
      const row = await tx.db.insertInto('canned_answers').values({ org_unit_id: unit, title, body, shortcut, updated_by: null, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      await tx.record({ type: 'canned.created', subjectType: 'canned_answer', subjectId: row.id, orgUnitId: unit, summary: `演示常用语：${title}` });
    }
  });
}

/**
 * The plan's top-100 list (35 in the 2021 batch) comes from the city's volume figures, which the
 * catalogue lacks: the demo picks 100 personal matters in a fixed hash order and hosts them in the halls.
 */
async function assignTopMatters(ctx: AppContext): Promise<void> {
  const rows = await ctx.db.selectFrom('matters').select(['id', 'code', 'department_id']).where('audience', 'in', ['personal', 'both']).execute();
  const order = (code: string) => createHash('sha1').update(code).digest('hex');
  const top = rows.sort((a, b) => order(a.code).localeCompare(order(b.code))).slice(0, 100);
  const center = ctx.org.byTag('district_center')[0]!;
  await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    for (const [i, m] of top.entries()) {
      const rank = i + 1;
      const hall = rank <= 60 ? 'district_center' : rank <= 80 ? 'community_center' : 'other';
      const hallUnitId = hall === 'district_center' ? center.id : null;
      await tx.db
        .updateTable('matters')
        .set({
          top_rank: rank,
          top_batch: rank <= 35 ? 2021 : 2022,
          hall,
          hall_unit_id: hallUnitId,
          lead_unit_id: leadUnitFor(ctx.org, { hall, hallUnitId, departmentId: m.department_id }),
        })
        .where('id', '=', m.id)
        .execute();
    }
    await tx.record({ type: 'matter.updated', subjectType: 'matter', subjectId: null, summary: '演示：设定高频事项前 100 名及所在大厅' });
  });
}

/** Each of the five departments owning most matters gets its own help group. */
async function addDepartmentGroups(ctx: AppContext): Promise<void> {
  const busiest = await ctx.db
    .selectFrom('matters')
    .select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('department_id')
    .orderBy('n', 'desc')
    .orderBy('department_id')
    .limit(5)
    .execute();
  await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    for (const d of busiest) {
      const dept = ctx.org.get(d.department_id);
      if (!dept || dept.tags.length) continue;
      await tx.db
        .insertInto('org_units')
        .values({ parent_id: dept.id, kind: 'agent_group', name: `${dept.name}帮办组`, tags: '[]', working_hours: JSON.stringify(HOURS), max_concurrent_chats: 5 })
        .execute();
    }
    await tx.record({ type: 'org_unit.created', subjectType: 'org_unit', subjectId: null, summary: '演示：为事项最多的部门建立帮办小组' });
  });
}

/** A published demo knowledge base: answers about the service itself (kb-platform.jsonl). */
async function seedKnowledge(ctx: AppContext): Promise<void> {
  const office = ctx.org.byTag('coordinator')[0]!;
  const civil = ctx.org.byTag('civil_affairs')[0]!;
  const platform = readFileSync(KB_PLATFORM, 'utf8').trim().split('\n');
  const byDept = (dept: string) => Buffer.from(platform.filter((l) => JSON.parse(l).department === dept).join('\n'));
  for (const [unit, file] of [
    [office.id, byDept('区政务服务办')],
    [civil.id, byDept('区民政局')],
  ] as const) {
    await importEntries(ctx, { actor: 'system' }, file, 'demo.jsonl', { departmentId: unit, publish: true, dryRun: false });
  }
}

/**
 * The departments of the demo district's everyday services (seed/kb-demo-district.jsonl) that the tree above
 * lacks; the police's exit-entry office and traffic police sit under the district public security bureau.
 */
export const DISTRICT_DEPARTMENTS: { name: string; parent?: string }[] = [
  { name: '区公安分局' },
  { name: '区公安分局出入境管理办公室', parent: '区公安分局' },
  { name: '区公安分局交通警察支队', parent: '区公安分局' },
  { name: '区人力资源和社会保障局' },
  { name: '区住房公积金管理部' },
  { name: '区医疗保障局' },
  { name: '区卫生健康委员会' },
  { name: '区教育局' },
  { name: '区残疾人联合会' },
  { name: '区规划和自然资源局' },
  { name: '区住房和城乡建设管理委员会' },
  { name: '区市场监督管理局' },
  { name: '国家税务总局本区税务局' },
  { name: '区城市管理和综合执法局' },
];

async function addDistrictDepartments(ctx: AppContext): Promise<void> {
  await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const ids = new Map<string, string>();
    for (const d of DISTRICT_DEPARTMENTS) {
      if (ctx.org.findByName(d.name, ['department'])) continue;
      const parentId = d.parent ? (ids.get(d.parent) ?? ctx.org.findByName(d.parent, ['department'])!.id) : ctx.org.root()!.id;
      const row = await tx.db
        .insertInto('org_units')
        .values({ parent_id: parentId, kind: 'department', name: d.name, tags: '[]', working_hours: 'null' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(d.name, row.id);
    }
    await tx.record({ type: 'org_unit.created', subjectType: 'org_unit', subjectId: null, summary: '演示：建立区级办事部门' });
  });
  await ctx.org.reload();
}

/** The demo district's own matters for its everyday services, in its own halls (seed/matters-district.jsonl). */
async function seedDistrictMatters(ctx: AppContext): Promise<void> {
  await importMatters(ctx, { actor: 'system' }, readFileSync(DISTRICT_MATTERS, 'utf8'), { createMissingDepartments: false, dryRun: false });
}

/** One published entry per everyday service, each owned by its department (seed/kb-demo-district.jsonl). */
async function seedDistrictKnowledge(ctx: AppContext): Promise<void> {
  const lines = readFileSync(KB_DISTRICT, 'utf8').trim().split('\n');
  const byDept = new Map<string, string[]>();
  for (const line of lines) {
    const dept = (JSON.parse(line) as { department: string }).department;
    byDept.set(dept, [...(byDept.get(dept) ?? []), line]);
  }
  for (const [dept, rows] of byDept) {
    const unit = ctx.org.findByName(dept, ['department']);
    if (!unit) throw new Error(`demo department missing: ${dept}`);
    await importEntries(ctx, { actor: 'system' }, Buffer.from(rows.join('\n')), 'kb-demo-district.jsonl', { departmentId: unit.id, publish: true, dryRun: false });
  }
}

/** An example knowledge base (SEED_EXAMPLE_KB): published, district-shared entries of the 区政务服务办. */
async function seedExampleKnowledge(ctx: AppContext, name: ExampleKb): Promise<void> {
  const office = ctx.org.byTag('coordinator')[0]!;
  await importEntries(ctx, { actor: 'system' }, readFileSync(EXAMPLE_KBS[name]), `${name}.jsonl`, { departmentId: office.id, publish: true, dryRun: false });
}
