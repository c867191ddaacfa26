import type { HandoffPreview, HumanHelpStatus } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { ConversationRow, MatterRow } from '../../db/schema.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { ownSession } from '../assistant/assistant-session.commands.ts';
import { groupHelpStatus, openingPhrase, provisionalNote } from '../assistant/human-help.ts';
import { findMatter } from '../assistant/matter-card.ts';
import { responsibleUnit } from '../assistant/responsible-unit.ts';
import { dispatch, ownConversation, type Ctx } from './assignment.commands.ts';
import { appendMessage } from './conversation-writes.ts';
import { routeToGroup, type RoutedVia } from './route-group.ts';

export interface OpenConversationInput {
  assistantSessionId?: string | undefined;
  matterId?: string | undefined;
  matterCode?: string | undefined;
  question?: string | undefined;
  contact?: string | undefined;
}

/** Where a request for human help goes and what happens to it there: one decision, for the preview and the request. */
interface HandoffPlan {
  session: Awaited<ReturnType<typeof ownSession>> | null;
  matter: MatterRow | null;
  route: { groupId: string; via: RoutedVia };
  help: HumanHelpStatus;
  now: Date;
}

async function planHandoff(ctx: Ctx, citizen: CitizenActor, input: Pick<OpenConversationInput, 'assistantSessionId' | 'matterId' | 'matterCode'>): Promise<HandoffPlan> {
  const session = input.assistantSessionId ? await ownSession(ctx, citizen, input.assistantSessionId) : null;
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
  const now = ctx.clock.now();
  return { session, matter, route, help: groupHelpStatus(ctx, route.groupId, now), now };
}

/**
 * What 转人工 would do now, before the citizen confirms (no side effects): the group it goes to, whether an
 * agent of that group is 在线, and outside working hours when the 留言 will be picked up. The same plan as
 * openConversation, so the dialog cannot promise what the request then does not do.
 */
export async function previewHandoff(ctx: Ctx, citizen: CitizenActor, input: Pick<OpenConversationInput, 'assistantSessionId' | 'matterId' | 'matterCode'>): Promise<HandoffPreview> {
  const { route, help, now } = await planHandoff(ctx, citizen, input);
  const groupName = ctx.org.get(route.groupId)?.name ?? '';
  const { n } = await ctx.db
    .selectFrom('agent_status')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('group_id', '=', route.groupId)
    .where('status', '=', 'online')
    .executeTakeFirstOrThrow();
  const agentsOnline = Number(n);
  const provisional = help.provisional === true;
  if (help.availableNow) {
    return agentsOnline > 0
      ? { mode: 'live', groupName, agentsOnline, opensAt: null, provisional, text: `现在有工作人员在线（${groupName}），确认后会尽快为您接通。` }
      : { mode: 'queue', groupName, agentsOnline, opensAt: null, provisional, text: `现在是上班时间，但${groupName}暂时没有工作人员在线。确认后您会排队等候，工作人员上线后按顺序接待您。` };
  }
  if (!help.opensAt) {
    return { mode: 'ticket', groupName, agentsOnline, opensAt: null, provisional, text: `现在不在上班时间（${help.hoursText}）。${help.opensAtText}；您可以先留言，工作人员上班后处理。` };
  }
  const opens = new Date(help.opensAt);
  return {
    mode: 'ticket',
    groupName,
    agentsOnline,
    opensAt: help.opensAt,
    provisional,
    text: `现在不在上班时间（${help.hoursText}）。${openingPhrase(now, opens)} 有人接待，您的留言会在那时处理。${provisional ? provisionalNote(opens) : ''}`,
  };
}

/**
 * 转人工: routes the request by its matter to an agent group and, inside the group's working hours, queues it
 * (then hands it to a free agent at once if there is one); outside, stores it as a ticket (留言) whose
 * first-response clock starts at the group's next opening (DOMAIN.md). A question typed in the dialog is the
 * citizen's first message of the chat, so that it shows in their own chat and is what the agent reads first.
 */
export async function openConversation(ctx: Ctx, citizen: CitizenActor, input: OpenConversationInput): Promise<ConversationRow> {
  // One open request per citizen: a second tab, a double tap or a retry gets the one already waiting or served.
  if (input.assistantSessionId) await ownSession(ctx, citizen, input.assistantSessionId);
  const open = await ctx.db.selectFrom('conversations').selectAll().where('citizen_id', '=', citizen.citizenId).where('status', '!=', 'closed').orderBy('requested_at', 'desc').limit(1).executeTakeFirst();
  if (open) return open;
  const { session, matter, route, help, now } = await planHandoff(ctx, citizen, input);
  const lastQuestion = session
    ? await ctx.db.selectFrom('assistant_turns').select('question').where('session_id', '=', session.id).where('outcome', '!=', 'smalltalk').orderBy('seq', 'desc').limit(1).executeTakeFirst()
    : undefined;

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
    if (input.question) await appendMessage(tx, created.id, { sender: 'citizen', body: input.question, at: now });
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
