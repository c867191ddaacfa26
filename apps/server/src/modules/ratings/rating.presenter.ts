import { BAD_RATING_REASON_LABELS, FOLLOW_UP_STATUS_LABELS, RATING_LEVEL_LABELS, type CitizenRating, type StaffRating } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { RatingFollowUpRow, RatingRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { can, inScope, orgScope } from '../identity/policy.ts';
import { canTransition, FINISHED } from './follow-up-state.ts';
import { isBad, revisableUntil } from './rating.commands.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Citizens type phone and ID numbers into comments ("请打 139… 联系我"): staff read the feedback with any run of
 * 7+ digits blanked, since the citizen is to be reached only through the conversation.
 */
export function maskNumbers(text: string | null): string | null {
  return text && text.replace(/(?:\d[\s-]?){6,}\d[Xx]?/g, (m) => '*'.repeat(m.length));
}

const dimensions = (r: RatingRow) => ({ efficiency: r.efficiency, guideAccuracy: r.guide_accuracy, convenience: r.convenience, easeOfUse: r.ease_of_use });

export function presentForCitizen(r: RatingRow, followUp: RatingFollowUpRow | undefined, now: Date): CitizenRating {
  let message = '感谢您的评价！';
  if (isBad(r.overall)) message = followUp?.due_at ? '感谢您的评价。我们会在 15 个工作日内与您回访并整改。' : '感谢您的评价。我们会尽快与您回访并整改。';
  return {
    conversationId: r.conversation_id,
    overall: r.overall,
    levelLabel: RATING_LEVEL_LABELS[r.overall] ?? '',
    dimensions: dimensions(r),
    reason: r.reason,
    reasonText: r.reason_text,
    comment: r.comment,
    ratedAt: r.rated_at.toISOString(),
    revisedAt: iso(r.revised_at),
    revisableUntil: iso(revisableUntil(r, followUp, now)),
    message,
  };
}

/** Who may see a rating: an agent their own; a leader their department's; the district all. */
export function ratingVisible(ctx: Pick<AppContext, 'org'>, actor: StaffActor, r: Pick<RatingRow, 'agent_id' | 'group_id'>): boolean {
  if (actor.role === 'agent') return r.agent_id === actor.id;
  return inScope(orgScope(actor, ctx.org), r.group_id);
}

export function presentForStaff(
  ctx: Pick<AppContext, 'org' | 'calendar'>,
  actor: StaffActor,
  r: RatingRow,
  f: RatingFollowUpRow | undefined,
  names: Map<string, string>,
  now: Date,
): StaffRating {
  const group = ctx.org.get(r.group_id);
  const department = r.department_id ? ctx.org.get(r.department_id) : undefined;
  const works = can(actor, 'rating.followUp') && ratingVisible(ctx, actor, r);
  const may = (action: 'call_back' | 'rectify' | 'close') => !!f && works && canTransition(f.status, action);
  const undone = !!f && !FINISHED.includes(f.status) && f.status !== 'rectified';
  return {
    id: r.id,
    conversationId: r.conversation_id,
    overall: r.overall,
    levelLabel: RATING_LEVEL_LABELS[r.overall] ?? '',
    dimensions: dimensions(r),
    reason: r.reason,
    reasonLabel: r.reason ? BAD_RATING_REASON_LABELS[r.reason] : null,
    reasonText: maskNumbers(r.reason_text),
    comment: maskNumbers(r.comment),
    ratedAt: r.rated_at.toISOString(),
    revisedAt: iso(r.revised_at),
    agent: r.agent_id ? { id: r.agent_id, name: names.get(r.agent_id) ?? '' } : null,
    group: { id: r.group_id, name: group?.name ?? '' },
    department: r.department_id ? { id: r.department_id, name: department?.name ?? '' } : null,
    followUp: f
      ? {
          status: f.status,
          statusLabel: FOLLOW_UP_STATUS_LABELS[f.status],
          dueAt: iso(f.due_at),
          dueUnknown: f.due_at === null,
          dueProvisional: f.due_at !== null && ctx.calendar.isProvisional(f.due_at),
          overdue: undone && f.due_at !== null && f.due_at < now,
          callBackNote: f.call_back_note,
          calledBackAt: iso(f.called_back_at),
          rectification: f.rectification,
          rectifiedAt: iso(f.rectified_at),
          closeNote: f.close_note,
          closedAt: iso(f.closed_at),
          dismissReason: f.dismiss_reason,
          dismissedAt: iso(f.dismissed_at),
          rectifiedOnTime: f.rectified_at && f.due_at ? f.rectified_at <= f.due_at : null,
        }
      : null,
    can: {
      callBack: may('call_back'),
      rectify: may('rectify'),
      close: may('close'),
      dismiss: !!f && can(actor, 'rating.dismiss') && ratingVisible(ctx, actor, r) && canTransition(f.status, 'dismiss'),
    },
  };
}
