import type { AppContext } from '../../context.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordGap } from '../knowledge/gap.commands.ts';
import { REPLY } from './assistant-replies.ts';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'calendar'>;
type Feedback = 'solved' | 'not_solved';

/**
 * "解决了吗？" on an answer. The citizen may change their mind; the last answer counts. Turning to "not solved"
 * puts the question in the KB gap queue (once per change, so toggling back and forth is not a flood).
 */
export async function recordFeedback(ctx: Ctx, citizen: CitizenActor, turnId: string, feedback: Feedback) {
  const turn = await ctx.db
    .selectFrom('assistant_turns as t')
    .innerJoin('assistant_sessions as s', 's.id', 't.session_id')
    .select(['t.id', 't.session_id', 't.question', 't.outcome', 't.feedback', 't.matter_id', 't.department_id', 's.citizen_id'])
    .where('t.id', '=', turnId)
    .executeTakeFirst();
  // Someone else's turn is "not found", like a missing one: turn ids must not be probeable.
  if (!turn || turn.citizen_id !== citizen.citizenId) throw new AppError('ASSISTANT_TURN_NOT_FOUND');
  if (turn.outcome !== 'answer') throw new AppError('ASSISTANT_FEEDBACK_NOT_APPLICABLE');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('assistant_turns').set({ feedback, feedback_at: now }).where('id', '=', turnId).execute();
    await trx.updateTable('assistant_sessions').set({ last_activity_at: now }).where('id', '=', turn.session_id).execute();
  });
  if (feedback === 'not_solved' && turn.feedback !== 'not_solved') {
    await recordGap(ctx, { question: turn.question, source: 'not_solved', matterId: turn.matter_id, departmentId: turn.department_id, sessionId: turn.session_id });
  }
  const notSolved = feedback === 'not_solved';
  return { turnId, feedback, message: notSolved ? REPLY.notSolved : REPLY.solved, offerHuman: notSolved };
}
