import type { StaffActor } from '../../lib/actor.ts';
import { can, inScope, orgScope } from '../identity/policy.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

type EntryRef = { department_id: string; sharing: 'department' | 'district' };

/** Everyone sees district-shared entries; a department-only entry stays within its department. */
export function canSeeEntry(actor: StaffActor, tree: OrgTree, entry: EntryRef): boolean {
  return entry.sharing === 'district' || inScope(orgScope(actor, tree), entry.department_id);
}

/** Writing and reviewing are the owning department's (or the admin's): sharing lends, it doesn't hand over. */
export function canWriteEntry(actor: StaffActor, tree: OrgTree, entry: { department_id: string }): boolean {
  return can(actor, 'kb.write') && (actor.role === 'admin' || inScope(orgScope(actor, tree), entry.department_id));
}

export function canReviewEntry(actor: StaffActor, tree: OrgTree, entry: { department_id: string }): boolean {
  return can(actor, 'kb.review') && (actor.role === 'admin' || inScope(orgScope(actor, tree), entry.department_id));
}

/** The department a new entry belongs to when the caller doesn't name one: their own department. */
export function homeDepartment(actor: StaffActor, tree: OrgTree): string | undefined {
  const unit = tree.owningUnit(actor.orgUnitId);
  return unit?.kind === 'department' ? unit.id : tree.ancestors(actor.orgUnitId).find((a) => a.kind === 'department')?.id;
}
