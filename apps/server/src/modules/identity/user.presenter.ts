import type { StaffRole, User } from '@bangban/shared';
import type { UserRow } from '../../db/schema.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

export function presentUser(row: UserRow, org: OrgTree): User {
  const unit = org.get(row.org_unit_id);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as StaffRole,
    orgUnit: { id: row.org_unit_id, name: unit?.name ?? '', kind: unit?.kind ?? 'department' },
    phone: row.phone,
    disabled: row.disabled,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** What the audit trail keeps of a user: never the password hash. */
export function auditUser(row: UserRow) {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    orgUnitId: row.org_unit_id,
    phone: row.phone,
    disabled: row.disabled,
  };
}
