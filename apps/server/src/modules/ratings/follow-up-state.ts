import { FOLLOW_UP_STATUS_LABELS, type FollowUpStatus } from '@bangban/shared';
import { stateMachine } from '../../lib/state-machine.ts';
import type { EventType } from '../../lib/events.ts';

/**
 * The life of a bad rating's follow-up (差评整改): the department calls the citizen back (回访), records what it
 * changed (整改措施), then signs it off (销号). The district office may set it aside before rectification (e.g.
 * 恶意差评) with a reason. `withdraw` is the system's move when the citizen revises the rating to 3–5 before any
 * staff action; it is not offered to staff.
 */
export const FOLLOW_UP_TRANSITIONS = {
  call_back: { from: ['open'], to: 'called_back', event: 'rating.follow_up_called_back' },
  rectify: { from: ['called_back'], to: 'rectified', event: 'rating.follow_up_rectified' },
  close: { from: ['rectified'], to: 'closed', event: 'rating.follow_up_closed' },
  dismiss: { from: ['open', 'called_back'], to: 'dismissed', event: 'rating.follow_up_dismissed' },
  withdraw: { from: ['open'], to: 'withdrawn', event: 'rating.follow_up_withdrawn' },
} as const satisfies Record<string, { from: readonly FollowUpStatus[]; to: FollowUpStatus; event: EventType }>;
export type FollowUpTransition = keyof typeof FOLLOW_UP_TRANSITIONS;

export const FOLLOW_UP_ACTION_LABELS: Record<FollowUpTransition, string> = {
  call_back: '回访',
  rectify: '登记整改措施',
  close: '销号',
  dismiss: '不予整改',
  withdraw: '撤回',
};

/** Statuses after which nothing is left to do. */
export const FINISHED: readonly FollowUpStatus[] = ['closed', 'dismissed', 'withdrawn'];

const machine = stateMachine(FOLLOW_UP_TRANSITIONS, { actions: FOLLOW_UP_ACTION_LABELS, states: FOLLOW_UP_STATUS_LABELS, error: 'RATING_FOLLOW_UP_BAD_TRANSITION' });
export const canTransition = machine.can;
export const transition = machine.apply;
