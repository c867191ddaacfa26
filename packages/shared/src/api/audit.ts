import { z } from 'zod';
import { Id, Page, PageSize, paged } from './common.ts';

export const AuditEvent = z.object({
  id: Id,
  occurredAt: z.string(),
  action: z.string(),
  actor: z.object({ id: Id.nullable(), name: z.string().nullable(), role: z.string().nullable() }),
  orgUnit: z.object({ id: Id, name: z.string() }).nullable(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.strictObject({
  actorId: Id.optional(),
  action: z.string().trim().max(64).optional(),
  subjectType: z.string().trim().max(64).optional(),
  subjectId: z.string().trim().max(64).optional(),
  q: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: Page,
  pageSize: PageSize,
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditList = paged(AuditEvent);
export type AuditList = z.infer<typeof AuditList>;
