import type { Permission, StaffRole } from '@bangban/shared';
import { PERMISSIONS } from '@bangban/shared';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

const STAFF: readonly StaffRole[] = ['admin', 'coordinator', 'agent', 'kb_operator', 'leader', 'center_staff'];

/**
 * Who may do what: one table. Resource-level rules (your own department's matters) are in `canOnMatter`.
 * `hotline` is the 12345 system's service account and holds nothing in the staff console.
 */
export const POLICY: Record<Permission, readonly StaffRole[]> = {
  'org.read': STAFF,
  'org.write': ['admin'],
  'matter.read': STAFF,
  'matter.write': ['admin', 'kb_operator'],
  'matter.import': ['admin'],
  'matter.export': ['admin', 'coordinator', 'kb_operator', 'leader'],
  'calendar.read': STAFF,
  'calendar.write': ['admin'],
  'user.read': ['admin'],
  'user.write': ['admin'],
  'audit.read': ['admin'],
  // KB: every staff member reads (agents answer from it); each department's KB operator writes and
  // reviews its own entries (resource rule in knowledge.policy.ts).
  'kb.read': STAFF,
  'kb.write': ['admin', 'kb_operator'],
  'kb.review': ['admin', 'kb_operator'],
  'kb.import': ['admin', 'kb_operator'],
  'kb.export': ['admin', 'kb_operator', 'coordinator'],
  'kb.gaps': ['admin', 'kb_operator', 'coordinator', 'leader'],
  'assistant.metrics': ['admin', 'coordinator', 'leader', 'kb_operator'],
  'citizen.read': ['agent', 'coordinator', 'center_staff', 'leader'],
  // Only roles that must reach a citizen (district dispatch, in-person proxy handling) see full ID and phone.
  'citizen.viewPii': ['coordinator', 'center_staff'],
  // Live help: agents work the queue of their own department; district roles see and reassign everywhere.
  'conversation.read': ['admin', 'coordinator', 'agent', 'leader'],
  'conversation.work': ['agent'],
  'conversation.transfer': ['admin', 'coordinator', 'agent'],
  'conversation.metrics': ['admin', 'coordinator', 'leader'],
  // The wallboard and the 60-s alert: the department's leader for its groups, the district office for all.
  'conversation.supervise': ['admin', 'coordinator', 'leader'],
  // Canned answers (常用语) of a unit: written by its leader or the district office, used by its agents.
  'canned.manage': ['admin', 'coordinator', 'leader'],
  // 好差评: an agent reads only the ratings of chats they served (read-only); a department leader reads their
  // department's and works its bad-rating follow-ups (回访, 整改, 销号); the district office reads and works all.
  // Setting a bad rating aside (e.g. 恶意差评) is the district supervisor's call, not the rated department's.
  'rating.read': ['admin', 'coordinator', 'leader', 'agent'],
  'rating.followUp': ['coordinator', 'leader'],
  'rating.dismiss': ['coordinator'],
  'rating.metrics': ['admin', 'coordinator', 'leader'],
};

export function can(actor: StaffActor, permission: Permission): boolean {
  return POLICY[permission].includes(actor.role);
}

export function authorize(actor: StaffActor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN');
}

export function permissionsOf(role: StaffRole): Permission[] {
  return PERMISSIONS.filter((p) => POLICY[p].includes(role));
}

/** Roles whose work spans the district; everyone else sees their own department or centre. */
const DISTRICT_WIDE: readonly StaffRole[] = ['admin', 'coordinator'];

/** The org units a caller's lookups are limited to: 'all', or their unit's department/centre subtree. */
export function orgScope(actor: StaffActor, tree: OrgTree): 'all' | Set<string> {
  if (DISTRICT_WIDE.includes(actor.role)) return 'all';
  const unit = tree.owningUnit(actor.orgUnitId);
  return unit ? tree.subtree(unit.id) : new Set([actor.orgUnitId]);
}

export function inScope(scope: 'all' | Set<string>, orgUnitId: string | null): boolean {
  return scope === 'all' || (orgUnitId !== null && scope.has(orgUnitId));
}

/** Admins edit any matter; a department's KB operator edits the matters their department owns. */
export function canOnMatter(
  actor: StaffActor,
  tree: OrgTree,
  action: 'update' | 'delete',
  matter: { departmentId: string },
): boolean {
  if (actor.role === 'admin') return true;
  if (action === 'delete') return false;
  return can(actor, 'matter.write') && inScope(orgScope(actor, tree), matter.departmentId);
}
