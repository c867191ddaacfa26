import type { KbEntryBody, UpdateKbEntryBody } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { KbEntryRow } from '../../db/schema.ts';
import type { StaffActor, StaffWriteContext, WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { transition } from './entry-state.ts';
import { canReviewEntry, canSeeEntry, canWriteEntry, homeDepartment } from './knowledge.policy.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

export function auditEntry(row: KbEntryRow, matterIds?: string[]) {
  return {
    question: row.question,
    similar: row.similar,
    answer: row.answer,
    status: row.status,
    sharing: row.sharing,
    departmentId: row.department_id,
    effectiveFrom: row.effective_from,
    expiresOn: row.expires_on,
    ...(matterIds && { matterIds }),
  };
}

function checkContent(body: { question?: string; answer?: string; effectiveFrom?: string | null; expiresOn?: string | null }, current?: KbEntryRow) {
  const question = body.question ?? current?.question ?? '';
  const answer = body.answer ?? current?.answer ?? '';
  if (!question.trim() && !answer.trim()) throw new AppError('KB_EMPTY_ENTRY');
  const from = body.effectiveFrom !== undefined ? body.effectiveFrom : current?.effective_from;
  const to = body.expiresOn !== undefined ? body.expiresOn : current?.expires_on;
  if (from && to && to < from) throw new AppError('KB_DATES_INVALID');
}

async function checkMatters(ctx: Ctx, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await ctx.db.selectFrom('matters').select('id').where('id', 'in', ids).execute();
  if (found.length !== new Set(ids).size) throw new AppError('MATTER_NOT_FOUND');
}

/**
 * Related entries are shown with their question to whoever reads this entry: only entries the writer may see
 * can be linked, and an invisible one is refused like a missing one (its existence is not confirmed).
 */
async function checkRelated(ctx: Ctx, actor: StaffActor, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const want = [...new Set(ids)];
  const found = await ctx.db.selectFrom('kb_entries').select(['id', 'department_id', 'sharing']).where('id', 'in', want).execute();
  if (found.length !== want.length || !found.every((e) => canSeeEntry(actor, ctx.org, e))) throw new AppError('KB_RELATED_NOT_FOUND');
}

async function setLinks(tx: Tx, entryId: string, matterIds?: string[], relatedIds?: string[]): Promise<void> {
  if (matterIds) {
    await tx.db.deleteFrom('kb_entry_matters').where('entry_id', '=', entryId).execute();
    if (matterIds.length) await tx.db.insertInto('kb_entry_matters').values([...new Set(matterIds)].map((matter_id) => ({ entry_id: entryId, matter_id }))).execute();
  }
  if (relatedIds) {
    await tx.db.deleteFrom('kb_entry_related').where('entry_id', '=', entryId).execute();
    const ids = [...new Set(relatedIds)].filter((id) => id !== entryId);
    // An id that names no entry was a foreign-key 500 (found by npm run fuzz): it is the caller's mistake.
    if (ids.length && (await tx.db.selectFrom('kb_entries').select('id').where('id', 'in', ids).execute()).length !== ids.length) throw new AppError('KB_ENTRY_NOT_FOUND');
    if (ids.length) await tx.db.insertInto('kb_entry_related').values(ids.map((related_id) => ({ entry_id: entryId, related_id }))).execute();
  }
}

export async function loadEntryForUpdate(tx: Tx, id: string): Promise<KbEntryRow> {
  // Row lock: two operators acting on one entry must not both publish "version N+1".
  const row = await tx.db.selectFrom('kb_entries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('KB_ENTRY_NOT_FOUND');
  return row;
}

export async function createEntry(
  ctx: Ctx,
  wctx: StaffWriteContext,
  body: KbEntryBody,
  /** `proposal`: an agent's "提为知识条目" — only ever a draft, which the department's KB operator reviews. */
  origin: { source?: KbEntryRow['source']; sourceRef?: string; proposal?: boolean } = {},
): Promise<KbEntryRow> {
  const departmentId = body.departmentId ?? homeDepartment(wctx.actor, ctx.org);
  if (!departmentId || ctx.org.get(departmentId)?.kind !== 'department') throw new AppError('ORG_UNIT_NOT_FOUND');
  if (!origin.proposal && !canWriteEntry(wctx.actor, ctx.org, { department_id: departmentId })) throw new AppError('FORBIDDEN');
  checkContent(body);
  await checkMatters(ctx, body.matterIds);
  await checkRelated(ctx, wctx.actor, body.relatedIds);
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .insertInto('kb_entries')
      .values({
        department_id: departmentId,
        sharing: body.sharing,
        status: 'draft',
        question: body.question,
        similar: JSON.stringify(body.similar),
        answer: body.answer,
        effective_from: body.effectiveFrom ?? null,
        expires_on: body.expiresOn ?? null,
        source: origin.source ?? 'manual',
        source_ref: origin.sourceRef ?? null,
        created_by: wctx.actor.id,
        updated_by: wctx.actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setLinks(tx, row.id, body.matterIds, body.relatedIds);
    await tx.record({ type: 'kb.entry_created', subjectType: 'kb_entry', subjectId: row.id, orgUnitId: departmentId, after: auditEntry(row, body.matterIds), summary: `新建知识条目：${row.question || row.answer.slice(0, 30)}` });
    return row;
  });
}

export async function updateEntry(ctx: Ctx, wctx: StaffWriteContext, id: string, body: UpdateKbEntryBody): Promise<KbEntryRow> {
  await checkMatters(ctx, body.matterIds);
  await checkRelated(ctx, wctx.actor, body.relatedIds);
  if (body.departmentId && ctx.org.get(body.departmentId)?.kind !== 'department') throw new AppError('ORG_UNIT_NOT_FOUND');
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await loadEntryForUpdate(tx, id);
    if (!canWriteEntry(wctx.actor, ctx.org, before)) throw new AppError('FORBIDDEN');
    if (body.departmentId && body.departmentId !== before.department_id && wctx.actor.role !== 'admin') throw new AppError('FORBIDDEN');
    checkContent(body, before);
    const status = transition(before.status, 'edit');
    const row = await tx.db
      .updateTable('kb_entries')
      .set({
        status,
        ...(body.question !== undefined && { question: body.question }),
        ...(body.similar !== undefined && { similar: JSON.stringify(body.similar) }),
        ...(body.answer !== undefined && { answer: body.answer }),
        ...(body.departmentId !== undefined && { department_id: body.departmentId }),
        ...(body.sharing !== undefined && { sharing: body.sharing }),
        ...(body.effectiveFrom !== undefined && { effective_from: body.effectiveFrom }),
        ...(body.expiresOn !== undefined && { expires_on: body.expiresOn }),
        updated_by: wctx.actor.id,
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await setLinks(tx, id, body.matterIds, body.relatedIds);
    await tx.record({ type: 'kb.entry_updated', subjectType: 'kb_entry', subjectId: id, orgUnitId: row.department_id, before: auditEntry(before), after: auditEntry(row, body.matterIds) });
    return row;
  });
}

export async function submitEntry(ctx: Ctx, wctx: StaffWriteContext, id: string): Promise<KbEntryRow> {
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await loadEntryForUpdate(tx, id);
    if (!canWriteEntry(wctx.actor, ctx.org, before)) throw new AppError('FORBIDDEN');
    const row = await tx.db
      .updateTable('kb_entries')
      .set({ status: transition(before.status, 'submit'), submitted_by: wctx.actor.id, review_note: null, updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'kb.entry_submitted', subjectType: 'kb_entry', subjectId: id, orgUnitId: row.department_id, summary: '提交审核' });
    return row;
  });
}

/** Snapshots the working copy as the next version and makes it the one citizens get. */
async function publishWorkingCopy(ctx: Ctx, tx: Tx, wctx: WriteContext, entry: KbEntryRow, note: string | null): Promise<number> {
  const actorId = wctx.actor === 'system' ? null : wctx.actor.id;
  const last = await tx.db.selectFrom('kb_entry_versions').select((eb) => eb.fn.max('version').as('v')).where('entry_id', '=', entry.id).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const matterIds = (await tx.db.selectFrom('kb_entry_matters').select('matter_id').where('entry_id', '=', entry.id).execute()).map((m) => m.matter_id);
  const now = ctx.clock.now();
  await tx.db
    .insertInto('kb_entry_versions')
    .values({
      entry_id: entry.id,
      version,
      question: entry.question,
      similar: JSON.stringify(entry.similar),
      answer: entry.answer,
      matter_ids: JSON.stringify(matterIds),
      effective_from: entry.effective_from,
      expires_on: entry.expires_on,
      published_by: actorId,
      published_at: now,
      note,
    })
    .execute();
  await tx.db.updateTable('kb_entries').set({ status: 'published', published_version: version, reviewed_by: actorId, updated_at: now }).where('id', '=', entry.id).execute();
  // An entry drafted from a gap answers it when it goes live (查遗补缺 closes on publication).
  if (entry.source === 'gap' && entry.source_ref) {
    await tx.db
      .updateTable('kb_gaps')
      .set({ status: 'answered', answered_entry_id: entry.id, answered_at: now, closed_by: actorId })
      .where('id', '=', entry.source_ref)
      .where('status', '=', 'open')
      .execute();
  }
  await tx.record({ type: 'kb.entry_published', subjectType: 'kb_entry', subjectId: entry.id, orgUnitId: entry.department_id, after: { version, ...auditEntry(entry, matterIds) }, summary: `发布第 ${version} 版` });
  return version;
}

export async function reviewEntry(ctx: Ctx, wctx: StaffWriteContext, id: string, decision: 'approve' | 'reject', note?: string): Promise<KbEntryRow> {
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await loadEntryForUpdate(tx, id);
    if (!canReviewEntry(wctx.actor, ctx.org, before)) throw new AppError('FORBIDDEN');
    transition(before.status, decision);
    if (decision === 'approve') {
      await publishWorkingCopy(ctx, tx, wctx, before, note ?? null);
    } else {
      await tx.db.updateTable('kb_entries').set({ status: 'draft', review_note: note ?? null, reviewed_by: wctx.actor.id, updated_at: ctx.clock.now() }).where('id', '=', id).execute();
      await tx.record({ type: 'kb.entry_rejected', subjectType: 'kb_entry', subjectId: id, orgUnitId: before.department_id, summary: `退回修改：${note ?? ''}` });
    }
    return tx.db.selectFrom('kb_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
}

export async function archiveEntry(ctx: Ctx, wctx: StaffWriteContext, id: string, action: 'archive' | 'reopen'): Promise<KbEntryRow> {
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await loadEntryForUpdate(tx, id);
    if (!canReviewEntry(wctx.actor, ctx.org, before)) throw new AppError('FORBIDDEN');
    const row = await tx.db
      .updateTable('kb_entries')
      .set({ status: transition(before.status, action), updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({
      type: action === 'archive' ? 'kb.entry_archived' : 'kb.entry_reopened',
      subjectType: 'kb_entry',
      subjectId: id,
      orgUnitId: row.department_id,
      before: { status: before.status },
      after: { status: row.status },
    });
    return row;
  });
}

/** Restores version N's text as a new published version: history stays linear and nothing is lost. */
export async function rollbackEntry(ctx: Ctx, wctx: StaffWriteContext, id: string, version: number): Promise<KbEntryRow> {
  return inTransaction(ctx, wctx, async (tx) => {
    const before = await loadEntryForUpdate(tx, id);
    if (!canReviewEntry(wctx.actor, ctx.org, before)) throw new AppError('FORBIDDEN');
    transition(before.status, 'rollback');
    const old = await tx.db.selectFrom('kb_entry_versions').selectAll().where('entry_id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!old) throw new AppError('KB_VERSION_NOT_FOUND', { version });
    const restored = await tx.db
      .updateTable('kb_entries')
      .set({ question: old.question, similar: JSON.stringify(old.similar), answer: old.answer, effective_from: old.effective_from, expires_on: old.expires_on, updated_by: wctx.actor.id })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await setLinks(tx, id, old.matter_ids);
    const newVersion = await publishWorkingCopy(ctx, tx, wctx, restored, `回滚到第 ${version} 版`);
    await tx.record({ type: 'kb.entry_rolled_back', subjectType: 'kb_entry', subjectId: id, orgUnitId: before.department_id, before: auditEntry(before), after: { ...auditEntry(restored), version: newVersion, from: version }, summary: `回滚到第 ${version} 版（发布为第 ${newVersion} 版）` });
    return tx.db.selectFrom('kb_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
}

export { publishWorkingCopy };
