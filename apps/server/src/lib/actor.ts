import type { StaffRole } from '@bangban/shared';

export interface StaffActor {
  kind: 'staff';
  id: string;
  role: StaffRole;
  orgUnitId: string;
  displayName: string;
  sessionId: string;
  sessionExpiresAt: Date;
  /** Set until the user replaces an assigned password (demo account, reset): only me/password/logout answer. */
  mustChangePassword?: boolean;
}

export interface CitizenActor {
  kind: 'citizen';
  citizenId: string;
}

/** Who performs a write, for the audit trail; `system` is the seeder and scheduled jobs. */
export type WriteContext =
  | { actor: StaffActor; ip?: string | undefined; requestId?: string | undefined }
  | { actor: 'system'; ip?: undefined; requestId?: undefined };

export interface StaffWriteContext {
  actor: StaffActor;
  ip?: string | undefined;
  requestId?: string | undefined;
}
