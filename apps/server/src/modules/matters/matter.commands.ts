import type { MatterBody, UpdateMatterBody } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import type { MatterRow } from '../../db/schema.ts';
import { canOnMatter } from '../identity/policy.ts';
import { leadUnitFor } from './matter-lead.ts';
import { getMatter } from './matter.queries.ts';
import { toInterchange } from './matter.presenter.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

function checkUnits(ctx: Ctx, departmentId: string | undefined, hallUnitId: string | null | undefined): void {
  if (departmentId && ctx.org.get(departmentId)?.kind !== 'department') throw new AppError('ORG_UNIT_NOT_FOUND');
  if (hallUnitId && !ctx.org.get(hallUnitId)) throw new AppError('ORG_UNIT_NOT_FOUND');
}

function columns(body: UpdateMatterBody) {
  return {
    ...(body.code !== undefined && { code: body.code }),
    ...(body.name !== undefined && { name: body.name }),
    ...(body.type !== undefined && { type: body.type }),
    ...(body.audience !== undefined && { audience: body.audience }),
    ...(body.departmentId !== undefined && { department_id: body.departmentId }),
    ...(body.hall !== undefined && { hall: body.hall }),
    ...(body.hallUnitId !== undefined && { hall_unit_id: body.hallUnitId }),
    ...(body.topRank !== undefined && { top_rank: body.topRank }),
    ...(body.topBatch !== undefined && { top_batch: body.topBatch }),
    ...(body.area !== undefined && { area: body.area }),
    ...(body.serviceObjects !== undefined && { service_objects: JSON.stringify(body.serviceObjects) }),
    ...(body.themes !== undefined && { themes: JSON.stringify(body.themes) }),
    ...(body.location !== undefined && { location: body.location }),
    ...(body.legalTimeLimit !== undefined && { legal_time_limit: body.legalTimeLimit }),
    ...(body.promisedTimeLimit !== undefined && { promised_time_limit: body.promisedTimeLimit }),
    ...(body.consultPhone !== undefined && { consult_phone: body.consultPhone }),
    ...(body.complainPhone !== undefined && { complain_phone: body.complainPhone }),
    ...(body.materials !== undefined && { materials: JSON.stringify(body.materials) }),
    ...(body.acceptStandard !== undefined && { accept_standard: body.acceptStandard }),
    ...(body.url !== undefined && { url: body.url }),
  };
}

export async function createMatter(ctx: Ctx, wctx: StaffWriteContext, body: MatterBody): Promise<MatterRow> {
  checkUnits(ctx, body.departmentId, body.hallUnitId);
  if (!canOnMatter(wctx.actor, ctx.org, 'update', { departmentId: body.departmentId })) throw new AppError('FORBIDDEN');
  const taken = await ctx.db.selectFrom('matters').select('id').where('code', '=', body.code).executeTakeFirst();
  if (taken) throw new AppError('MATTER_CODE_TAKEN', { code: body.code });
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .insertInto('matters')
      .values({
        ...columns(body),
        code: body.code,
        name: body.name,
        type: body.type,
        audience: body.audience,
        department_id: body.departmentId,
        hall: body.hall,
        service_objects: JSON.stringify(body.serviceObjects),
        themes: JSON.stringify(body.themes),
        materials: JSON.stringify(body.materials),
        lead_unit_id: leadUnitFor(ctx.org, { hall: body.hall, hallUnitId: body.hallUnitId ?? null, departmentId: body.departmentId }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'matter.created', subjectType: 'matter', subjectId: row.id, orgUnitId: row.department_id, after: toInterchange(row, ctx.org), summary: `新建事项 ${row.name}` });
    return row;
  });
}

export async function updateMatter(ctx: Ctx, wctx: StaffWriteContext, id: string, body: UpdateMatterBody): Promise<MatterRow> {
  const current = await getMatter(ctx, id);
  if (!canOnMatter(wctx.actor, ctx.org, 'update', { departmentId: current.department_id })) throw new AppError('FORBIDDEN');
  // Moving a matter to another department is the admin's call, not the owning department's.
  if (body.departmentId && body.departmentId !== current.department_id && wctx.actor.role !== 'admin') throw new AppError('FORBIDDEN');
  checkUnits(ctx, body.departmentId, body.hallUnitId);
  if (body.code && body.code !== current.code) {
    const taken = await ctx.db.selectFrom('matters').select('id').where('code', '=', body.code).executeTakeFirst();
    if (taken) throw new AppError('MATTER_CODE_TAKEN', { code: body.code });
  }
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await tx.db.selectFrom('matters').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const hall = body.hall ?? before.hall;
    const hallUnitId = body.hallUnitId !== undefined ? body.hallUnitId : before.hall_unit_id;
    const departmentId = body.departmentId ?? before.department_id;
    const row = await tx.db
      .updateTable('matters')
      .set({ ...columns(body), lead_unit_id: leadUnitFor(ctx.org, { hall, hallUnitId, departmentId }), updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'matter.updated', subjectType: 'matter', subjectId: id, orgUnitId: row.department_id, before: toInterchange(before, ctx.org), after: toInterchange(row, ctx.org) });
    return row;
  });
}

export async function deleteMatter(ctx: Ctx, wctx: StaffWriteContext, id: string): Promise<void> {
  const current = await getMatter(ctx, id);
  if (!canOnMatter(wctx.actor, ctx.org, 'delete', { departmentId: current.department_id })) throw new AppError('FORBIDDEN');
  try {
    await inTransaction(ctx, wctx, async (tx) => {
      await tx.db.deleteFrom('matters').where('id', '=', id).execute();
      await tx.record({ type: 'matter.deleted', subjectType: 'matter', subjectId: id, orgUnitId: current.department_id, before: toInterchange(current, ctx.org), summary: `删除事项 ${current.name}` });
    });
  } catch (err) {
    // Citizens' sessions, turns, chats and KB entries keep their matter (foreign keys without cascade): their
    // history must not lose it, so such a matter stays.
    if ((err as { code?: string }).code === '23503') throw new AppError('MATTER_IN_USE');
    throw err;
  }
}
