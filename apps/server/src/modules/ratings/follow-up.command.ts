import type { FollowUpAction } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { RatingFollowUpRow } from '../../db/schema.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { authorize } from '../identity/policy.ts';
import { FOLLOW_UP_ACTION_LABELS, FOLLOW_UP_TRANSITIONS, transition } from './follow-up-state.ts';
import { scopedRating } from './rating.queries.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock' | 'calendar'>;

/** What each step writes: the note goes into the step's own column, with when and by whom. */
function stepColumns(action: FollowUpAction, note: string, at: Date, by: string): Partial<RatingFollowUpRow> {
  switch (action) {
    case 'call_back':
      return { call_back_note: note, called_back_at: at, called_back_by: by };
    case 'rectify':
      return { rectification: note, rectified_at: at, rectified_by: by };
    case 'close':
      return { close_note: note, closed_at: at, closed_by: by };
    case 'dismiss':
      return { dismiss_reason: note, dismissed_at: at, dismissed_by: by };
  }
}

const auditView = (f: RatingFollowUpRow) => ({ status: f.status, dueAt: f.due_at?.toISOString() ?? null });

/**
 * Moves a bad rating's follow-up one step (the caller holds `rating.followUp`, checked by the route; dismissing
 * also needs `rating.dismiss`). The note is staff's own words (call-back record, measures, reason) and goes into
 * the audit summary; the citizen's words never do.
 */
export async function followUpRating(ctx: Ctx, wctx: StaffWriteContext, ratingId: string, input: { action: FollowUpAction; note: string }): Promise<void> {
  const actor = wctx.actor;
  if (input.action === 'dismiss') authorize(actor, 'rating.dismiss');
  const { rating, followUp } = await scopedRating(ctx, actor, ratingId);
  if (!followUp) throw new AppError('RATING_NO_FOLLOW_UP');
  const status = transition(followUp.status, input.action);
  const now = ctx.clock.now();
  await inTransaction(ctx, wctx, async (tx) => {
    // Conditional on the status we read: of two people acting on one follow-up at once, the second finds it moved.
    const after = await tx.db
      .updateTable('rating_follow_ups')
      .set({ status, ...stepColumns(input.action, input.note, now, actor.id) })
      .where('id', '=', followUp.id)
      .where('status', '=', followUp.status)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new AppError('RATING_FOLLOW_UP_BAD_TRANSITION', { action: FOLLOW_UP_ACTION_LABELS[input.action], status: '已变化' });
    await tx.record({
      type: FOLLOW_UP_TRANSITIONS[input.action].event,
      subjectType: 'rating',
      subjectId: rating.id,
      orgUnitId: rating.group_id,
      summary: `${FOLLOW_UP_ACTION_LABELS[input.action]}：${input.note}`,
      before: auditView(followUp),
      after: auditView(after),
    });
  });
}
