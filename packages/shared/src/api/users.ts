import { z } from 'zod';
import { STAFF_ROLES } from '../roles.ts';
import { Id, Page, PageSize, paged } from './common.ts';
import { OrgRef } from './identity.ts';

// The length and mix are the password policy's (password.ts), which names each broken rule in Chinese.
export const Password = z.string().min(1).max(256);

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  orgUnit: OrgRef,
  phone: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const UserList = paged(User).extend({ can: z.object({ create: z.boolean(), update: z.boolean() }) });
export type UserList = z.infer<typeof UserList>;

export const UserQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  role: z.enum(STAFF_ROLES).optional(),
  orgUnitId: Id.optional(),
  page: Page,
  pageSize: PageSize,
});

export const CreateUserBody = z.strictObject({
  username: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '3–32 位字母、数字、下划线、点或连字符'),
  displayName: z.string().trim().min(1).max(64),
  role: z.enum(STAFF_ROLES),
  orgUnitId: Id,
  phone: z.string().trim().max(32).optional(),
  password: Password,
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(64).optional(),
  role: z.enum(STAFF_ROLES).optional(),
  orgUnitId: Id.optional(),
  phone: z.string().trim().max(32).nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ResetPasswordBody = z.strictObject({ password: Password });
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1), newPassword: Password });
