import { CONVERSATION_STATUS_LABELS, type ConversationStatus } from '@bangban/shared';
import { AppError } from '../../lib/errors.ts';

/**
 * The life of a live-help conversation. A request outside working hours is a ticket (留言) until the group
 * opens; a queued one waits for an agent; an assigned one has exactly one agent; closed is final (a citizen's
 * contest of a "resolved" close is recorded on the closed conversation, it does not reopen it).
 */
export const CONVERSATION_TRANSITIONS = {
  open: { from: ['ticket'], to: 'queued' },
  assign: { from: ['queued'], to: 'assigned' },
  transfer: { from: ['assigned'], to: 'assigned' },
  requeue: { from: ['assigned'], to: 'queued' },
  close: { from: ['assigned'], to: 'closed' },
} as const satisfies Record<string, { from: readonly ConversationStatus[]; to: ConversationStatus }>;
export type ConversationTransition = keyof typeof CONVERSATION_TRANSITIONS;

const ACTION_LABELS: Record<ConversationTransition, string> = {
  open: '转入排队',
  assign: '接入',
  transfer: '转接',
  requeue: '退回排队',
  close: '结束',
};

export function canTransition(status: ConversationStatus, action: ConversationTransition): boolean {
  return (CONVERSATION_TRANSITIONS[action].from as readonly ConversationStatus[]).includes(status);
}

export function transition(status: ConversationStatus, action: ConversationTransition): ConversationStatus {
  if (!canTransition(status, action)) {
    throw new AppError('CONVERSATION_BAD_TRANSITION', { action: ACTION_LABELS[action], status: CONVERSATION_STATUS_LABELS[status] });
  }
  return CONVERSATION_TRANSITIONS[action].to;
}
