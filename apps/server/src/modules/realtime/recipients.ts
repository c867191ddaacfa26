import type { ConversationRow, ConversationMessageRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { can, inScope, orgScope } from '../identity/policy.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

/** Who is on the other end of a socket. */
export type Party = { kind: 'citizen'; citizenId: string } | { kind: 'staff'; actor: StaffActor };

type Conv = Pick<ConversationRow, 'citizen_id' | 'agent_id'>;

/** District supervisors watch any chat (wallboard, reassignment); they never speak in it. */
const OBSERVERS: readonly string[] = ['admin', 'coordinator'];

/**
 * Senders whose messages the citizen sees. A list of what is allowed rather than of what is not, so that a
 * later kind (an internal note) stays with the staff until someone decides otherwise.
 */
const VISIBLE_TO_CITIZEN: ReadonlySet<string> = new Set<ConversationMessageRow['sender']>(['citizen', 'agent', 'bot', 'system']);

export const citizenKey = (citizenId: string) => `c:${citizenId}`;
export const staffKey = (userId: string) => `s:${userId}`;
export const partyKey = (p: Party) => (p.kind === 'citizen' ? citizenKey(p.citizenId) : staffKey(p.actor.id));

/**
 * The recipient rule for every realtime frame of a conversation (messages, typing, read receipts, state
 * changes): its citizen, its assigned agent, and district supervisors. Another citizen, an agent of another
 * department, and an agent of the same department who is not assigned to the chat get nothing.
 */
export function mayObserve(p: Party, c: Conv): boolean {
  if (p.kind === 'citizen') return c.citizen_id === p.citizenId;
  return c.agent_id === p.actor.id || OBSERVERS.includes(p.actor.role);
}

/** Who may type, mark read or send: the two sides of the chat, not its observers. */
export function sideOf(p: Party, c: Conv): 'citizen' | 'agent' | null {
  if (p.kind === 'citizen') return c.citizen_id === p.citizenId ? 'citizen' : null;
  return c.agent_id === p.actor.id ? 'agent' : null;
}

export function mayReadMessage(p: Party, c: Conv, m: Pick<ConversationMessageRow, 'sender'>): boolean {
  return mayObserve(p, c) && (p.kind === 'staff' || VISIBLE_TO_CITIZEN.has(m.sender));
}

/**
 * Staff who may get frames of chats that are not theirs: observers (every chat) and supervisors (alerts in
 * their scope). The hub keeps them apart so that a state change or an alert does not walk every socket.
 */
export function watchesOthers(p: Party): boolean {
  return p.kind === 'staff' && (OBSERVERS.includes(p.actor.role) || can(p.actor, 'conversation.supervise'));
}

/** Supervisor alerts (the 60-s first-response warning): staff who supervise live help in the group's scope. */
export function maySupervise(p: Party, groupId: string, org: OrgTree): boolean {
  return p.kind === 'staff' && can(p.actor, 'conversation.supervise') && inScope(orgScope(p.actor, org), groupId);
}

/** Whether the party reads personal numbers in a citizen's text unmasked: the citizen (their own), staff with citizen.viewPii. */
export function seesPersonalNumbers(p: Party): boolean {
  return p.kind === 'citizen' || can(p.actor, 'citizen.viewPii');
}
