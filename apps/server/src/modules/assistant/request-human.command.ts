import type { HumanRequestAck } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { inTransaction } from '../../lib/events.ts';
import { ownSession } from './assistant-session.commands.ts';
import { humanHelpStatus, humanRequestMessage } from './human-help.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock' | 'calendar'>;

/**
 * Who would take a session's request: the lead unit of the page's matter, else of the matter of the last
 * answer, else the department of the last answered entry. Null when 小申 never knew what it was about.
 */
export async function responsibleUnit(ctx: Pick<AppContext, 'db'>, session: { id: string; matter_id: string | null }) {
  const lastAnswer = await ctx.db
    .selectFrom('assistant_turns')
    .select(['matter_id', 'department_id'])
    .where('session_id', '=', session.id)
    .where('outcome', '=', 'answer')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const matterId = session.matter_id ?? lastAnswer?.matter_id ?? null;
  const matter = matterId ? await ctx.db.selectFrom('matters').select(['id', 'lead_unit_id']).where('id', '=', matterId).executeTakeFirst() : undefined;
  return { matterId: matter?.id ?? null, leadUnitId: matter?.lead_unit_id ?? lastAnswer?.department_id ?? null };
}

/**
 * Live human help comes with the next issue; until then a request is stored as waiting and the citizen is told
 * plainly who will take it and when that unit is at work.
 */
export async function requestHuman(
  ctx: Ctx,
  citizen: CitizenActor,
  sessionId: string,
  input: { question?: string | undefined; contact?: string | undefined },
): Promise<HumanRequestAck> {
  const session = await ownSession(ctx, citizen, sessionId);
  const { matterId, leadUnitId } = await responsibleUnit(ctx, session);
  const lastQuestion = await ctx.db
    .selectFrom('assistant_turns')
    .select('question')
    .where('session_id', '=', sessionId)
    .where('outcome', '!=', 'smalltalk')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const now = ctx.clock.now();
  const status = humanHelpStatus(ctx, leadUnitId, now);
  const unitName = leadUnitId ? (ctx.org.get(leadUnitId)?.name ?? null) : null;
  const request = await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const row = await tx.db
      .insertInto('help_requests')
      .values({
        session_id: sessionId,
        citizen_id: citizen.citizenId,
        matter_id: matterId,
        lead_unit_id: leadUnitId,
        question: input.question || lastQuestion?.question || null,
        contact: input.contact || null,
        status: 'waiting',
        // The first-response clock starts here, or at the next opening outside working hours (DOMAIN.md).
        opens_at: status.opensAt ? new Date(status.opensAt) : null,
        created_at: now,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await tx.db.updateTable('assistant_sessions').set({ human_requested_at: now, last_activity_at: now }).where('id', '=', sessionId).where('human_requested_at', 'is', null).execute();
    // No contact or question text in the audit row: it is citizen data.
    await tx.record({ type: 'assistant.help_requested', subjectType: 'help_request', subjectId: row.id, orgUnitId: leadUnitId, summary: `小申转人工：${unitName ?? '未确定负责单位'}` });
    return row;
  });
  return { requestId: request.id, status: request.status, message: humanRequestMessage(status, unitName, !!input.contact), humanHelp: status, leadUnit: unitName };
}
