import type { ImportResult, MatterAudience } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import type { NewMatterRow } from '../../db/schema.ts';
import { describeMatterIssues, ImportRow, parseInterchange } from './matter-interchange.ts';
import { leadUnitFor } from './matter-lead.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

export interface ImportOptions {
  createMissingDepartments: boolean;
  dryRun: boolean;
}

const ENTERPRISE_OBJECTS = ['企业法人', '非法人企业', '事业法人', '社会组织法人', '其他组织', '行政机关'];

/** Personal, enterprise or both, from the catalogue's service objects when the file doesn't say. */
export function audienceFrom(objects: readonly string[]): MatterAudience {
  const personal = objects.includes('自然人');
  const enterprise = objects.some((o) => ENTERPRISE_OBJECTS.includes(o));
  if (personal && !enterprise) return 'personal';
  if (enterprise && !personal) return 'enterprise';
  return personal ? 'both' : 'enterprise';
}

/**
 * All or nothing: every line is checked first and any bad line rejects the whole file with each line's
 * reason, so a catalogue is never half-imported. Existing codes are updated, new ones created.
 */
export async function importMatters(ctx: Ctx, wctx: WriteContext, content: string, opts: ImportOptions): Promise<ImportResult> {
  const parsed = parseInterchange(content);
  if (parsed === 'unknown-format') throw new AppError('MATTER_IMPORT_FORMAT');
  if (parsed.length === 0) throw new AppError('MATTER_IMPORT_EMPTY');

  const errors: { line: number; reason: string }[] = [];
  const rows: { line: number; row: ImportRow }[] = [];
  const seen = new Map<string, number>();
  const missingDepartments = new Set<string>();
  for (const p of parsed) {
    if (p.error) {
      errors.push({ line: p.line, reason: p.error });
      continue;
    }
    const res = ImportRow.safeParse(p.value);
    if (!res.success) {
      errors.push({ line: p.line, reason: describeMatterIssues(res.error.issues) });
      continue;
    }
    const row = res.data;
    const dup = seen.get(row.code);
    if (dup) {
      errors.push({ line: p.line, reason: `事项编码 ${row.code} 与第 ${dup} 行重复` });
      continue;
    }
    seen.set(row.code, p.line);
    if (!ctx.org.findByName(row.department, ['department'])) {
      if (opts.createMissingDepartments) missingDepartments.add(row.department);
      else errors.push({ line: p.line, reason: `实施部门“${row.department}”不在组织架构中（可勾选“自动创建缺少的部门”）` });
    }
    if (row.hallUnit && !ctx.org.findByName(row.hallUnit, ['service_center', 'department'])) {
      errors.push({ line: p.line, reason: `大厅所属机构“${row.hallUnit}”不在组织架构中` });
    }
    rows.push({ line: p.line, row });
  }
  if (errors.length) throw new AppError('MATTER_IMPORT_INVALID', { count: errors.length }, { errors });

  const existing = new Set(
    (await ctx.db.selectFrom('matters').select('code').where('code', 'in', [...seen.keys()]).execute()).map((r) => r.code),
  );
  const result: ImportResult = {
    dryRun: opts.dryRun,
    total: rows.length,
    created: rows.filter((r) => !existing.has(r.row.code)).length,
    updated: rows.filter((r) => existing.has(r.row.code)).length,
    departmentsCreated: [...missingDepartments],
  };
  if (opts.dryRun) return result;

  await inTransaction(ctx, wctx, async (tx) => {
    const root = ctx.org.root();
    if (!root) throw new AppError('ORG_UNIT_NOT_FOUND');
    const deptIds = new Map<string, string>();
    for (const name of missingDepartments) {
      const d = await tx.db
        .insertInto('org_units')
        .values({ parent_id: root.id, kind: 'department', name, tags: '[]', working_hours: 'null' })
        .returning('id')
        .executeTakeFirstOrThrow();
      deptIds.set(name, d.id);
      await tx.record({ type: 'org_unit.created', subjectType: 'org_unit', subjectId: d.id, orgUnitId: d.id, summary: `导入事项时新建部门 ${name}` });
    }
    const now = ctx.clock.now();
    const values: NewMatterRow[] = rows.map(({ row }) => {
      const departmentId = deptIds.get(row.department) ?? ctx.org.findByName(row.department, ['department'])!.id;
      const hall = row.hall ?? 'other';
      const hallUnitId = row.hallUnit ? ctx.org.findByName(row.hallUnit, ['service_center', 'department'])!.id : null;
      return {
        code: row.code,
        name: row.name,
        type: row.type,
        audience: row.audience ?? audienceFrom(row.serviceObjects ?? []),
        department_id: departmentId,
        source_department: row.department,
        hall,
        hall_unit_id: hallUnitId,
        lead_unit_id: leadUnitFor(ctx.org, { hall, hallUnitId, departmentId }),
        top_rank: row.topRank ?? null,
        top_batch: row.topBatch ?? null,
        area: row.area ?? null,
        service_objects: JSON.stringify(row.serviceObjects ?? []),
        themes: JSON.stringify(row.themes ?? []),
        location: row.location ?? null,
        legal_time_limit: row.legalTimeLimit ?? null,
        promised_time_limit: row.promisedTimeLimit ?? null,
        consult_phone: row.consultPhone ?? null,
        complain_phone: row.complainPhone ?? null,
        materials: JSON.stringify(row.materials ?? []),
        accept_standard: row.acceptStandard ?? null,
        url: row.url ?? null,
        updated_at: now,
      };
    });
    for (let i = 0; i < values.length; i += 250) {
      await tx.db
        .insertInto('matters')
        .values(values.slice(i, i + 250))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            type: eb.ref('excluded.type'),
            audience: eb.ref('excluded.audience'),
            department_id: eb.ref('excluded.department_id'),
            source_department: eb.ref('excluded.source_department'),
            hall: eb.ref('excluded.hall'),
            hall_unit_id: eb.ref('excluded.hall_unit_id'),
            lead_unit_id: eb.ref('excluded.lead_unit_id'),
            top_rank: eb.ref('excluded.top_rank'),
            top_batch: eb.ref('excluded.top_batch'),
            area: eb.ref('excluded.area'),
            service_objects: eb.ref('excluded.service_objects'),
            themes: eb.ref('excluded.themes'),
            location: eb.ref('excluded.location'),
            legal_time_limit: eb.ref('excluded.legal_time_limit'),
            promised_time_limit: eb.ref('excluded.promised_time_limit'),
            consult_phone: eb.ref('excluded.consult_phone'),
            complain_phone: eb.ref('excluded.complain_phone'),
            materials: eb.ref('excluded.materials'),
            accept_standard: eb.ref('excluded.accept_standard'),
            url: eb.ref('excluded.url'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    await tx.record({
      type: 'matter.imported',
      subjectType: 'matter',
      subjectId: null,
      summary: `导入事项 ${result.total} 条：新建 ${result.created}，更新 ${result.updated}`,
      after: { ...result, codes: [...seen.keys()].slice(0, 50) },
    });
  });
  return result;
}
