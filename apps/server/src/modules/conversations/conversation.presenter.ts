import { maskPersonalNumbers, type CitizenConversation, type StaffConversation } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { can, inScope, orgScope } from '../identity/policy.ts';
import { groupHelpStatus, humanRequestMessage } from '../assistant/human-help.ts';
import { queuePosition, waitEstimate } from './queue.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'calendar'>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What the citizen reads: where they stand, an honest wait, and who is helping — no staff internals. */
export async function presentForCitizen(ctx: Ctx, c: ConversationRow): Promise<CitizenConversation> {
  const group = ctx.org.get(c.group_id);
  const unit = group?.parentId ? ctx.org.get(group.parentId) : undefined;
  const humanHelp = groupHelpStatus(ctx, c.group_id, ctx.clock.now());
  const position = await queuePosition(ctx.db, c);
  const wait = position ? await waitEstimate(ctx, c.group_id, position) : null;
  const agent = c.agent_id ? await ctx.db.selectFrom('users').select('display_name').where('id', '=', c.agent_id).executeTakeFirst() : undefined;
  let message: string;
  if (c.status === 'ticket') message = humanRequestMessage(humanHelp, unit?.name ?? null, !!c.contact);
  else if (c.status === 'queued') message = `已为您转接${unit?.name ?? ''}人工帮办，您前面还有 ${(position ?? 1) - 1} 位，${wait?.text ?? ''}。`;
  else if (c.status === 'assigned') message = `工作人员${agent?.display_name ?? ''}正在为您服务。`;
  else message = '本次人工帮办已结束。';
  return {
    id: c.id,
    status: c.status,
    group: group?.name ?? '',
    matterId: c.matter_id,
    position,
    wait,
    opensAt: c.status === 'ticket' ? iso(c.sla_start_at) : null,
    message,
    humanHelp,
    agentName: agent?.display_name ?? null,
    outcome: c.outcome,
    contested: c.contested_at !== null,
    lastSeq: c.last_seq,
    agentReadSeq: c.agent_read_seq,
    hasContact: !!c.contact,
  };
}

export function presentForStaff(ctx: Pick<AppContext, 'org'>, actor: StaffActor, c: ConversationRow): StaffConversation {
  const mine = c.agent_id === actor.id;
  const supervisor = actor.role === 'admin' || actor.role === 'coordinator';
  const scoped = inScope(orgScope(actor, ctx.org), c.group_id);
  return {
    id: c.id,
    queueNo: c.queue_no,
    status: c.status,
    groupId: c.group_id,
    group: ctx.org.get(c.group_id)?.name ?? '',
    departmentId: ctx.org.owningUnit(c.group_id)?.id ?? null,
    routedVia: c.routed_via,
    matterId: c.matter_id,
    assistantSessionId: c.assistant_session_id,
    // The hand-off question is the citizen's free text ("我的身份证号…电话…").
    question: can(actor, 'citizen.viewPii') ? c.question : maskPersonalNumbers(c.question),
    agentId: c.agent_id,
    requestedAt: c.requested_at.toISOString(),
    slaStartAt: iso(c.sla_start_at),
    assignedAt: iso(c.assigned_at),
    firstResponseAt: iso(c.first_response_at),
    closedAt: iso(c.closed_at),
    outcome: c.outcome,
    closeReason: c.close_reason,
    contested: c.contested_at !== null,
    lastSeq: c.last_seq,
    agentReadSeq: c.agent_read_seq,
    citizenReadSeq: c.citizen_read_seq,
    can: {
      claim: c.status === 'queued' && scoped && can(actor, 'conversation.work'),
      reply: c.status === 'assigned' && mine && can(actor, 'conversation.work'),
      close: c.status === 'assigned' && mine && can(actor, 'conversation.work'),
      transfer: c.status === 'assigned' && can(actor, 'conversation.transfer') && (supervisor || mine),
    },
  };
}
