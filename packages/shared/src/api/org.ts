import { z } from 'zod';
import { ORG_KINDS, ORG_TAGS } from '../org.ts';
import { Id, int4 } from './common.ts';

export const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应为 HH:MM 格式');
export const WorkingHours = z.strictObject({
  periods: z.array(z.strictObject({ start: Hhmm, end: Hhmm })).min(1).max(6),
});
export type WorkingHours = z.infer<typeof WorkingHours>;

export const OrgUnit = z.object({
  id: Id,
  parentId: Id.nullable(),
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  code: z.string().nullable(),
  tags: z.array(z.enum(ORG_TAGS)),
  workingHours: WorkingHours.nullable(),
  maxConcurrentChats: z.number().int().nullable(),
  userCount: z.number().int(),
  matterCount: z.number().int(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

export const OrgUnitList = z.object({
  items: z.array(OrgUnit),
  can: z.object({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
});
export type OrgUnitList = z.infer<typeof OrgUnitList>;

export const CreateOrgUnitBody = z.strictObject({
  parentId: Id,
  kind: z.enum(ORG_KINDS),
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().max(64).optional(),
  tags: z.array(z.enum(ORG_TAGS)).max(4).default([]),
  workingHours: WorkingHours.optional(),
  maxConcurrentChats: int4(1).max(50).optional(),
});
export type CreateOrgUnitBody = z.infer<typeof CreateOrgUnitBody>;

export const UpdateOrgUnitBody = z.strictObject({
  parentId: Id.optional(),
  name: z.string().trim().min(1).max(100).optional(),
  code: z.string().trim().max(64).nullable().optional(),
  tags: z.array(z.enum(ORG_TAGS)).max(4).optional(),
  workingHours: WorkingHours.nullable().optional(),
  maxConcurrentChats: int4(1).max(50).nullable().optional(),
});
export type UpdateOrgUnitBody = z.infer<typeof UpdateOrgUnitBody>;
