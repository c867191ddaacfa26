import type { AppContext } from '../../context.ts';
import type { ConversationRow, MatterRow } from '../../db/schema.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { ownSession } from '../assistant/assistant-session.commands.ts';
import { groupHelpStatus } from '../assistant/human-help.ts';
import { findMatter } from '../assistant/matter-card.ts';
import { responsibleUnit } from '../assistant/responsible-unit.ts';
import { dispatch, ownConversation, type Ctx } from './assignment.commands.ts';
import { routeToGroup } from './route-group.ts';

export interface OpenConversationInput {
  assistantSessionId?: string | undefined;
  matterId?: string | undefined;
  matterCode?: string | undefined;
  question?: string | undefined;
  contact?: string | undefined;
}

/**
 * 转人工: routes the request by its matter to an agent group and, inside the group's working hours, queues it
 * (then hands it to a free agent at once if there is one); outside, stores it as a ticket (留言) whose
 * first-response clock starts at the group's next opening (DOMAIN.md).
 */
export async function openConversation(ctx: Ctx, citizen: CitizenActor, input: OpenConversationInput): Promise<ConversationRow> {
  const session = input.assistantSessionId ? await ownSession(ctx, citizen, input.assistantSessionId) : null;
  // One open request per citizen: a second tab, a double tap or a retry gets the one already waiting or served.
  const open = await ctx.db.selectFrom('conversations').selectAll().where('citizen_id', '=', citizen.citizenId).where('status', '!=', 'closed').orderBy('requested_at', 'desc').limit(1).executeTakeFirst();
  if (open) return open;
  let matter: MatterRow | null = null;
  let answerDepartmentId: string | null = null;
  if (input.matterId || input.matterCode) {
    matter = await findMatter(ctx, { id: input.matterId, code: input.matterCode });
  } else if (session) {
    const found = await responsibleUnit(ctx, session);
    matter = found.matterId ? ((await ctx.db.selectFrom('matters').selectAll().where('id', '=', found.matterId).executeTakeFirst()) ?? null) : null;
    answerDepartmentId = matter ? null : found.leadUnitId;
  }
  const route = routeToGroup(ctx.org, { leadUnitId: matter?.lead_unit_id, departmentId: matter?.department_id, answerDepartmentId });
  if (!route) throw new AppError('CONVERSATION_NO_GROUP');
  const lastQuestion = session
    ? await ctx.db.selectFrom('assistant_turns').select('question').where('session_id', '=', session.id).where('outcome', '!=', 'smalltalk').orderBy('seq', 'desc').limit(1).executeTakeFirst()
    : undefined;

  const now = ctx.clock.now();
  const help = groupHelpStatus(ctx, route.groupId, now);
  const opensAt = help.opensAt ? new Date(help.opensAt) : null;
  const row = await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const created = await tx.db
      .insertInto('conversations')
      .values({
        citizen_id: citizen.citizenId,
        assistant_session_id: session?.id ?? null,
        matter_id: matter?.id ?? null,
        group_id: route.groupId,
        routed_via: route.via,
        status: help.availableNow ? 'queued' : 'ticket',
        question: input.question || lastQuestion?.question || null,
        contact: input.contact || null,
        requested_at: now,
        // The first-response clock: from queueing, or from the next opening (null while the calendar can't tell).
        sla_start_at: help.availableNow ? now : opensAt,
        queue_since: help.availableNow ? now : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (session) {
      await tx.db.updateTable('assistant_sessions').set({ human_requested_at: now, last_activity_at: now }).where('id', '=', session.id).where('human_requested_at', 'is', null).execute();
    }
    // No question or contact in the audit row: they are the citizen's.
    await tx.record({
      type: 'conversation.requested',
      subjectType: 'conversation',
      subjectId: created.id,
      orgUnitId: route.groupId,
      summary: `转人工：${ctx.org.get(route.groupId)?.name ?? ''}（${help.availableNow ? '排队' : '留言'}）`,
    });
    return created;
  });
  if (row.status === 'queued') await dispatch(ctx, { actor: 'system' }, [row.group_id]);
  return (await ctx.db.selectFrom('conversations').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? row;
}

/**
 * The citizen leaves (or corrects) a phone number while the request is open, typically on a 留言 outside working
 * hours, so that staff can call back. The number is the citizen's: kept on the conversation, not in the audit
 * trail, and shown masked to staff without `citizen.viewPii`.
 */
export async function leaveContact(ctx: Pick<AppContext, 'db'>, citizen: CitizenActor, id: string, contact: string): Promise<ConversationRow> {
  const row = await ctx.db
    .updateTable('conversations')
    .set({ contact })
    .where('id', '=', id)
    .where('citizen_id', '=', citizen.citizenId)
    .where('status', '!=', 'closed')
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  await ownConversation(ctx, citizen, id); // someone else's, or no such chat: not found
  throw new AppError('CONVERSATION_BAD_TRANSITION', { status: '已结束', action: '再留联系电话' });
}
