import { maskPersonalNumbers } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { KbEntryRow, KbGapRow } from '../../db/schema.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { createEntry } from './entry.commands.ts';
import { canWriteEntry } from './knowledge.policy.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

/** Gaps with no department (nothing pointed anywhere) are the district office's to route. */
export function canResolveGap(wctx: StaffWriteContext, ctx: Ctx, gap: KbGapRow): boolean {
  const { actor } = wctx;
  if (actor.role === 'admin') return true;
  if (!gap.department_id) return actor.role === 'coordinator';
  return actor.role === 'kb_operator' && inScope(orgScope(actor, ctx.org), gap.department_id);
}

async function lockOpenGap(tx: Tx, id: string): Promise<KbGapRow> {
  const gap = await tx.db.selectFrom('kb_gaps').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!gap) throw new AppError('KB_GAP_NOT_FOUND');
  if (gap.status !== 'open') throw new AppError('KB_GAP_CLOSED');
  return gap;
}

/** Answers a gap with an entry that is already live. */
export async function answerGap(ctx: Ctx, wctx: StaffWriteContext, id: string, entryId: string): Promise<void> {
  await inTransaction(ctx, wctx, async (tx) => {
    const gap = await lockOpenGap(tx, id);
    if (!canResolveGap(wctx, ctx, gap)) throw new AppError('FORBIDDEN');
    const entry = await tx.db.selectFrom('kb_entries').select(['id', 'published_version', 'status']).where('id', '=', entryId).executeTakeFirst();
    if (!entry) throw new AppError('KB_ENTRY_NOT_FOUND');
    if (entry.published_version === null || entry.status === 'archived') throw new AppError('KB_ENTRY_NOT_PUBLISHED');
    await tx.db
      .updateTable('kb_gaps')
      .set({ status: 'answered', answered_entry_id: entryId, answered_at: ctx.clock.now(), closed_by: wctx.actor.id })
      .where('id', '=', id)
      .execute();
    await tx.record({ type: 'kb.gap_answered', subjectType: 'kb_gap', subjectId: id, orgUnitId: gap.department_id, after: { entryId }, summary: `补充答复：${maskPersonalNumbers(gap.question)}` });
  });
}

export async function dismissGap(ctx: Ctx, wctx: StaffWriteContext, id: string, reason: string): Promise<void> {
  await inTransaction(ctx, wctx, async (tx) => {
    const gap = await lockOpenGap(tx, id);
    if (!canResolveGap(wctx, ctx, gap)) throw new AppError('FORBIDDEN');
    await tx.db.updateTable('kb_gaps').set({ status: 'dismissed', dismiss_reason: reason, closed_by: wctx.actor.id, answered_at: ctx.clock.now() }).where('id', '=', id).execute();
    await tx.record({ type: 'kb.gap_dismissed', subjectType: 'kb_gap', subjectId: id, orgUnitId: gap.department_id, after: { reason }, summary: `不予补充：${maskPersonalNumbers(gap.question)}` });
  });
}

/** Starts a draft entry from a gap; publishing it answers the gap (see publishWorkingCopy). */
export async function draftFromGap(ctx: Ctx, wctx: StaffWriteContext, id: string): Promise<KbEntryRow> {
  const gap = await ctx.db.selectFrom('kb_gaps').selectAll().where('id', '=', id).executeTakeFirst();
  if (!gap) throw new AppError('KB_GAP_NOT_FOUND');
  if (gap.status !== 'open') throw new AppError('KB_GAP_CLOSED');
  if (!canResolveGap(wctx, ctx, gap)) throw new AppError('FORBIDDEN');
  const departmentId = gap.department_id ?? undefined;
  if (departmentId && !canWriteEntry(wctx.actor, ctx.org, { department_id: departmentId })) throw new AppError('FORBIDDEN');
  return createEntry(
    ctx,
    wctx,
    {
      // A draft goes on to be published to everyone: never with a number the citizen typed into the question.
      question: maskPersonalNumbers(gap.question),
      similar: [],
      answer: '（请填写答复口径）',
      ...(departmentId && { departmentId }),
      sharing: 'district',
      matterIds: gap.matter_id ? [gap.matter_id] : [],
      relatedIds: [],
    },
    { source: 'gap', sourceRef: gap.id },
  );
}
