import type { CreateOrgUnitBody, OrgKind, UpdateOrgUnitBody } from '@bangban/shared';
import { ORG_KIND_LABELS } from '@bangban/shared';
import { validateWorkingHours } from '@bangban/calendar';
import type { AppContext } from '../../context.ts';
import type { StaffWriteContext, WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import type { OrgUnitRow } from '../../db/schema.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

// Which kind may sit under which: the district's tree is district → department → centre → group.
const ALLOWED_PARENTS: Record<OrgKind, readonly OrgKind[]> = {
  district: [],
  department: ['district'],
  service_center: ['district', 'department'],
  agent_group: ['department', 'service_center'],
};

function checkParent(ctx: Ctx, kind: OrgKind, parentId: string, selfId?: string): void {
  const parent = ctx.org.get(parentId);
  if (!parent) throw new AppError('ORG_UNIT_NOT_FOUND');
  if (!ALLOWED_PARENTS[kind].includes(parent.kind)) {
    throw new AppError('ORG_PARENT_INVALID', { child: ORG_KIND_LABELS[kind], parent: ORG_KIND_LABELS[parent.kind] });
  }
  if (selfId && ctx.org.subtree(selfId).has(parentId)) {
    throw new AppError('ORG_PARENT_INVALID', { child: ORG_KIND_LABELS[kind], parent: '其自身或下级机构' });
  }
}

function checkHours(hours: { periods: { start: string; end: string }[] } | null | undefined): void {
  if (!hours) return;
  try {
    validateWorkingHours(hours);
  } catch (err) {
    throw new AppError('CALENDAR_BAD_HOURS', { detail: err instanceof Error ? err.message : String(err) });
  }
}

async function checkCode(ctx: Ctx, code: string | null | undefined, selfId?: string): Promise<void> {
  if (!code) return;
  let q = ctx.db.selectFrom('org_units').select('id').where('code', '=', code);
  if (selfId) q = q.where('id', '!=', selfId);
  if (await q.executeTakeFirst()) throw new AppError('ORG_CODE_TAKEN', { code });
}

export function auditOrgUnit(row: OrgUnitRow) {
  return {
    parentId: row.parent_id,
    kind: row.kind,
    name: row.name,
    code: row.code,
    tags: row.tags,
    workingHours: row.working_hours,
    maxConcurrentChats: row.max_concurrent_chats,
  };
}

export async function createOrgUnit(ctx: Ctx, wctx: WriteContext, body: CreateOrgUnitBody): Promise<OrgUnitRow> {
  if (body.kind === 'district') throw new AppError('ORG_PARENT_INVALID', { child: '区', parent: '其他机构' });
  checkParent(ctx, body.kind, body.parentId);
  checkHours(body.workingHours);
  await checkCode(ctx, body.code);
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .insertInto('org_units')
      .values({
        parent_id: body.parentId,
        kind: body.kind,
        name: body.name,
        code: body.code || null,
        tags: JSON.stringify(body.tags),
        working_hours: JSON.stringify(body.workingHours ?? null),
        max_concurrent_chats: body.maxConcurrentChats ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'org_unit.created', subjectType: 'org_unit', subjectId: row.id, orgUnitId: row.id, after: auditOrgUnit(row), summary: `新建 ${row.name}` });
    return row;
  });
}

export async function updateOrgUnit(ctx: Ctx, wctx: StaffWriteContext, id: string, body: UpdateOrgUnitBody): Promise<OrgUnitRow> {
  const node = ctx.org.get(id);
  if (!node) throw new AppError('ORG_UNIT_NOT_FOUND');
  if (body.parentId !== undefined) checkParent(ctx, node.kind, body.parentId, id);
  checkHours(body.workingHours);
  await checkCode(ctx, body.code, id);
  return inTransaction(ctx, wctx, async (tx) => {
    // Row lock: two admins editing one unit must not interleave the before/after they audit.
    const before = await tx.db.selectFrom('org_units').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const row = await tx.db
      .updateTable('org_units')
      .set({
        ...(body.parentId !== undefined && { parent_id: body.parentId }),
        ...(body.name !== undefined && { name: body.name }),
        ...(body.code !== undefined && { code: body.code || null }),
        ...(body.tags !== undefined && { tags: JSON.stringify(body.tags) }),
        ...(body.workingHours !== undefined && { working_hours: JSON.stringify(body.workingHours) }),
        ...(body.maxConcurrentChats !== undefined && { max_concurrent_chats: body.maxConcurrentChats }),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'org_unit.updated', subjectType: 'org_unit', subjectId: id, orgUnitId: id, before: auditOrgUnit(before), after: auditOrgUnit(row) });
    return row;
  });
}

export async function deleteOrgUnit(ctx: Ctx, wctx: StaffWriteContext, id: string): Promise<void> {
  const node = ctx.org.get(id);
  if (!node) throw new AppError('ORG_UNIT_NOT_FOUND');
  if (node.kind === 'district') throw new AppError('ORG_UNIT_IN_USE');
  await inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.selectFrom('org_units').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const [child, user, matter] = await Promise.all([
      tx.db.selectFrom('org_units').select('id').where('parent_id', '=', id).executeTakeFirst(),
      tx.db.selectFrom('users').select('id').where('org_unit_id', '=', id).executeTakeFirst(),
      tx.db
        .selectFrom('matters')
        .select('id')
        .where((eb) => eb.or([eb('department_id', '=', id), eb('lead_unit_id', '=', id), eb('hall_unit_id', '=', id)]))
        .executeTakeFirst(),
    ]);
    if (child || user || matter) throw new AppError('ORG_UNIT_IN_USE');
    await tx.db.deleteFrom('org_units').where('id', '=', id).execute();
    await tx.record({ type: 'org_unit.deleted', subjectType: 'org_unit', subjectId: id, orgUnitId: before.parent_id, before: auditOrgUnit(before), summary: `删除 ${before.name}` });
  });
}
