import { CONVERSATION_STATUS_LABELS, type ConversationStatus } from '@bangban/shared';
import { stateMachine } from '../../lib/state-machine.ts';

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

const machine = stateMachine(CONVERSATION_TRANSITIONS, { actions: ACTION_LABELS, states: CONVERSATION_STATUS_LABELS, error: 'CONVERSATION_BAD_TRANSITION' });
export const canTransition = machine.can;
export const transition = machine.apply;
