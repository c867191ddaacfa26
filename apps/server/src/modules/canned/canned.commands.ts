import type { CannedAnswer } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { CannedAnswerRow } from '../../db/schema.ts';
import type { StaffActor, StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { authorize, can, inScope, orgScope } from '../identity/policy.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock'>;
export interface CannedInput {
  unitId: string;
  title: string;
  text: string;
  shortcut: string | null;
}

/*
 * Canned answers (常用语) belong to an org unit. An agent uses those of their group and of every unit above it
 * (department, district); a manager (canned.manage) also sees and edits those of the units in their scope.
 */

/** The units whose canned answers the caller may use: their own unit and every unit above it. */
function usableUnits(ctx: Pick<AppContext, 'org'>, actor: StaffActor): Set<string> {
  return new Set([actor.orgUnitId, ...ctx.org.ancestors(actor.orgUnitId).map((u) => u.id)]);
}

function canEdit(ctx: Pick<AppContext, 'org'>, actor: StaffActor, unitId: string): boolean {
  return can(actor, 'canned.manage') && inScope(orgScope(actor, ctx.org), unitId);
}

function present(ctx: Pick<AppContext, 'org'>, actor: StaffActor, r: CannedAnswerRow): CannedAnswer {
  return { id: r.id, unitId: r.org_unit_id, unit: ctx.org.get(r.org_unit_id)?.name ?? '', title: r.title, text: r.body, shortcut: r.shortcut, canEdit: canEdit(ctx, actor, r.org_unit_id) };
}

export async function listCanned(ctx: Ctx, actor: StaffActor): Promise<CannedAnswer[]> {
  const usable = usableUnits(ctx, actor);
  const scope = can(actor, 'canned.manage') ? orgScope(actor, ctx.org) : new Set<string>();
  let q = ctx.db.selectFrom('canned_answers').selectAll();
  if (scope !== 'all') q = q.where('org_unit_id', 'in', [...new Set([...usable, ...scope])]);
  const rows = await q.orderBy('title').limit(1000).execute();
  // The nearest unit's answers first: the group's own wording before the district's.
  const depth = (unitId: string) => (unitId === actor.orgUnitId ? 0 : usable.has(unitId) ? 1 + ctx.org.ancestors(actor.orgUnitId).findIndex((u) => u.id === unitId) : 99);
  return rows.sort((a, b) => depth(a.org_unit_id) - depth(b.org_unit_id)).map((r) => present(ctx, actor, r));
}

async function checkShortcut(tx: Tx, input: CannedInput, exceptId?: string): Promise<void> {
  if (!input.shortcut) return;
  let q = tx.db.selectFrom('canned_answers').select('id').where('org_unit_id', '=', input.unitId).where('shortcut', '=', input.shortcut);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new AppError('CANNED_SHORTCUT_TAKEN');
}

function checkUnit(ctx: Ctx, actor: StaffActor, unitId: string): void {
  authorize(actor, 'canned.manage');
  if (!ctx.org.get(unitId)) throw new AppError('ORG_UNIT_NOT_FOUND');
  if (!canEdit(ctx, actor, unitId)) throw new AppError('OUT_OF_SCOPE');
}

const auditView = (r: CannedAnswerRow) => ({ unitId: r.org_unit_id, title: r.title, text: r.body, shortcut: r.shortcut });

export async function createCanned(ctx: Ctx, wctx: StaffWriteContext, input: CannedInput): Promise<CannedAnswer> {
  checkUnit(ctx, wctx.actor, input.unitId);
  const row = await inTransaction(ctx, wctx, async (tx) => {
    await checkShortcut(tx, input);
    const r = await tx.db
      .insertInto('canned_answers')
      .values({ org_unit_id: input.unitId, title: input.title, body: input.text, shortcut: input.shortcut, updated_by: wctx.actor.id, updated_at: ctx.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'canned.created', subjectType: 'canned_answer', subjectId: r.id, orgUnitId: r.org_unit_id, summary: `新建常用语：${r.title}`, after: auditView(r) });
    return r;
  });
  return present(ctx, wctx.actor, row);
}

async function loadForWrite(ctx: Ctx, tx: Tx, actor: StaffActor, id: string): Promise<CannedAnswerRow> {
  const row = await tx.db.selectFrom('canned_answers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row || !inScope(orgScope(actor, ctx.org), row.org_unit_id)) throw new AppError('CANNED_NOT_FOUND');
  return row;
}

export async function updateCanned(ctx: Ctx, wctx: StaffWriteContext, id: string, input: CannedInput): Promise<CannedAnswer> {
  checkUnit(ctx, wctx.actor, input.unitId);
  const row = await inTransaction(ctx, wctx, async (tx) => {
    const before = await loadForWrite(ctx, tx, wctx.actor, id);
    await checkShortcut(tx, input, id);
    const r = await tx.db
      .updateTable('canned_answers')
      .set({ org_unit_id: input.unitId, title: input.title, body: input.text, shortcut: input.shortcut, updated_by: wctx.actor.id, updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'canned.updated', subjectType: 'canned_answer', subjectId: id, orgUnitId: r.org_unit_id, summary: `修改常用语：${r.title}`, before: auditView(before), after: auditView(r) });
    return r;
  });
  return present(ctx, wctx.actor, row);
}

export async function deleteCanned(ctx: Ctx, wctx: StaffWriteContext, id: string): Promise<void> {
  authorize(wctx.actor, 'canned.manage');
  await inTransaction(ctx, wctx, async (tx) => {
    const before = await loadForWrite(ctx, tx, wctx.actor, id);
    await tx.db.deleteFrom('canned_answers').where('id', '=', id).execute();
    await tx.record({ type: 'canned.deleted', subjectType: 'canned_answer', subjectId: id, orgUnitId: before.org_unit_id, summary: `删除常用语：${before.title}`, before: auditView(before) });
  });
}
