import { z } from 'zod';
import { PERMISSIONS } from '../permissions.ts';
import { STAFF_ROLES } from '../roles.ts';
import { ORG_KINDS } from '../org.ts';
import { Id } from './common.ts';

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const OrgRef = z.object({ id: Id, name: z.string(), kind: z.enum(ORG_KINDS) });

export const Me = z.object({
  user: z.object({
    id: Id,
    username: z.string(),
    displayName: z.string(),
    role: z.enum(STAFF_ROLES),
    orgUnit: OrgRef,
  }),
  permissions: z.array(z.enum(PERMISSIONS)),
  sessionExpiresAt: z.string(),
  /** The user must set a new password before anything else (demo account, reset by an administrator). */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const CitizenSession = z.object({
  citizenId: Id,
  token: z.string(),
  verified: z.boolean(),
});
export type CitizenSession = z.infer<typeof CitizenSession>;

export const CitizenProfile = z.object({
  citizenId: Id,
  verified: z.boolean(),
  realName: z.string().nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  verifiedBy: z.string().nullable(),
});
export type CitizenProfile = z.infer<typeof CitizenProfile>;

export const SsoStart = z.object({ provider: z.string(), redirectUrl: z.string() });
