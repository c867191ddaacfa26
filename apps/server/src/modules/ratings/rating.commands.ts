import { isCalendarError } from '@bangban/calendar';
import { BAD_RATING_MAX, RATING_LEVEL_LABELS, RATING_REVISION_HOURS, type RatingBody } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { RatingFollowUpRow, RatingRow } from '../../db/schema.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { ownConversation } from '../conversations/assignment.commands.ts';
import { FOLLOW_UP_TRANSITIONS, transition } from './follow-up-state.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock' | 'calendar'>;

/** 差评整改 in common practice: call back and rectify within 15 working days of the bad rating (DOMAIN.md). */
export const FOLLOW_UP_WORKING_DAYS = 15;
const REVISION_MS = RATING_REVISION_HOURS * 3_600_000;

export const isBad = (overall: number) => overall <= BAD_RATING_MAX;

/** End of the 15th working day after the bad rating; null (never a guess) when the calendar lacks the year. */
export function followUpDue(ctx: Pick<AppContext, 'calendar'>, ratedAt: Date): Date | null {
  try {
    return ctx.calendar.calendar.deadlineAfterWorkingDays(ratedAt, FOLLOW_UP_WORKING_DAYS);
  } catch (err) {
    if (!isCalendarError(err)) throw err;
    return null;
  }
}

/** The last moment a rating may still be changed, or null if it may not (already revised, or staff acted). */
export function revisableUntil(rating: RatingRow, followUp: RatingFollowUpRow | undefined, now: Date): Date | null {
  if (rating.revised_at || (followUp && followUp.status !== 'open')) return null;
  const until = new Date(rating.rated_at.getTime() + REVISION_MS);
  return now < until ? until : null;
}

function checkReason(body: RatingBody): void {
  if (isBad(body.overall) && (!body.reason || (body.reason === 'other' && !body.reasonText))) throw new AppError('RATING_REASON_REQUIRED');
}

const scores = (body: RatingBody) => ({
  overall: body.overall,
  efficiency: body.efficiency ?? null,
  guide_accuracy: body.guideAccuracy ?? null,
  convenience: body.convenience ?? null,
  ease_of_use: body.easeOfUse ?? null,
  reason: body.reason ?? null,
  reason_text: body.reasonText ?? null,
  comment: body.comment ?? null,
});

async function openFollowUp(ctx: Ctx, tx: Tx, ratingId: string, at: Date): Promise<void> {
  await tx.db.insertInto('rating_follow_ups').values({ rating_id: ratingId, status: 'open', due_at: followUpDue(ctx, at), created_at: at }).execute();
}

/**
 * The citizen of a closed conversation rates it, once. A bad rating (1–2) needs a reason and opens a follow-up
 * for the department. The audit trail keeps the level, never the citizen's words.
 */
export async function submitRating(ctx: Ctx, citizen: CitizenActor, conversationId: string, body: RatingBody): Promise<RatingRow> {
  const c = await ownConversation(ctx, citizen, conversationId);
  if (c.status !== 'closed') throw new AppError('RATING_CONVERSATION_OPEN');
  const existing = await ctx.db.selectFrom('ratings').select('id').where('conversation_id', '=', c.id).executeTakeFirst();
  if (existing) throw new AppError('RATING_EXISTS', { hours: RATING_REVISION_HOURS });
  checkReason(body);
  const now = ctx.clock.now();
  return inTransaction(ctx, { actor: 'system' }, async (tx) => {
    // The unique conversation_id settles two submissions racing: the second inserts nothing.
    const row = await tx.db
      .insertInto('ratings')
      .values({ conversation_id: c.id, agent_id: c.closed_by ?? c.agent_id, group_id: c.group_id, department_id: ctx.org.owningUnit(c.group_id)?.id ?? null, rated_at: now, ...scores(body) })
      .onConflict((oc) => oc.column('conversation_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('RATING_EXISTS', { hours: RATING_REVISION_HOURS });
    if (isBad(row.overall)) await openFollowUp(ctx, tx, row.id, now);
    await tx.record({ type: 'rating.submitted', subjectType: 'rating', subjectId: row.id, orgUnitId: c.group_id, summary: RATING_LEVEL_LABELS[row.overall], after: { overall: row.overall, conversationId: c.id } });
    return row;
  });
}

/**
 * One change within 24 h of rating, while no staff member has acted on a follow-up (a call-back made under one
 * rating must not find a different one). Bad → good withdraws the untouched follow-up; good → bad opens one, due
 * 15 working days from the change; bad → bad keeps the first due time.
 */
export async function reviseRating(ctx: Ctx, citizen: CitizenActor, conversationId: string, body: RatingBody): Promise<RatingRow> {
  const c = await ownConversation(ctx, citizen, conversationId);
  const before = await ctx.db.selectFrom('ratings').selectAll().where('conversation_id', '=', c.id).executeTakeFirst();
  if (!before) throw new AppError('RATING_NOT_FOUND');
  const followUp = await ctx.db.selectFrom('rating_follow_ups').selectAll().where('rating_id', '=', before.id).executeTakeFirst();
  const now = ctx.clock.now();
  if (!revisableUntil(before, followUp, now)) throw new AppError('RATING_REVISION_CLOSED', { hours: RATING_REVISION_HOURS });
  checkReason(body);
  return inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const row = await tx.db.updateTable('ratings').set({ ...scores(body), revised_at: now }).where('id', '=', before.id).where('revised_at', 'is', null).returningAll().executeTakeFirst();
    if (!row) throw new AppError('RATING_REVISION_CLOSED', { hours: RATING_REVISION_HOURS });
    if (isBad(before.overall) && !isBad(row.overall)) {
      const withdrawn = await tx.db
        .updateTable('rating_follow_ups')
        .set({ status: transition('open', 'withdraw') })
        .where('rating_id', '=', row.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      // Staff called back in the meantime: the change is refused and the transaction rolls back.
      if (Number(withdrawn.numUpdatedRows) !== 1) throw new AppError('RATING_REVISION_CLOSED', { hours: RATING_REVISION_HOURS });
      await tx.record({ type: FOLLOW_UP_TRANSITIONS.withdraw.event, subjectType: 'rating', subjectId: row.id, orgUnitId: row.group_id, summary: '群众改为满意，差评整改撤回' });
    } else if (!isBad(before.overall) && isBad(row.overall)) {
      await openFollowUp(ctx, tx, row.id, now);
    }
    await tx.record({
      type: 'rating.revised',
      subjectType: 'rating',
      subjectId: row.id,
      orgUnitId: row.group_id,
      summary: `${RATING_LEVEL_LABELS[before.overall]} → ${RATING_LEVEL_LABELS[row.overall]}`,
      before: { overall: before.overall },
      after: { overall: row.overall },
    });
    return row;
  });
}
