import { z } from 'zod';
import { MATTER_AUDIENCES, MATTER_HALLS } from '../org.ts';
import { Id, Page, PageSize, int4, paged } from './common.ts';

const UnitRef = z.object({ id: Id, name: z.string() });

export const MatterSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  type: z.string(),
  audience: z.enum(MATTER_AUDIENCES),
  department: UnitRef,
  hall: z.enum(MATTER_HALLS),
  leadUnit: UnitRef,
  topRank: z.number().int().nullable(),
  topBatch: z.number().int().nullable(),
  promisedTimeLimit: z.string().nullable(),
});
export type MatterSummary = z.infer<typeof MatterSummary>;

export const Matter = MatterSummary.extend({
  hallUnit: UnitRef.nullable(),
  area: z.string().nullable(),
  serviceObjects: z.array(z.string()),
  themes: z.array(z.string()),
  location: z.string().nullable(),
  legalTimeLimit: z.string().nullable(),
  consultPhone: z.string().nullable(),
  complainPhone: z.string().nullable(),
  materials: z.array(z.string()),
  acceptStandard: z.string().nullable(),
  url: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type Matter = z.infer<typeof Matter>;

export const MatterQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  departmentId: Id.optional(),
  type: z.string().trim().max(50).optional(),
  audience: z.enum(MATTER_AUDIENCES).optional(),
  hall: z.enum(MATTER_HALLS).optional(),
  top: z.enum(['35', '100']).optional(),
  page: Page,
  pageSize: PageSize,
});
export type MatterQuery = z.infer<typeof MatterQuery>;

export const MatterList = paged(MatterSummary).extend({
  can: z.object({ create: z.boolean(), import: z.boolean(), export: z.boolean() }),
});
export type MatterList = z.infer<typeof MatterList>;

export const MatterFacets = z.object({
  types: z.array(z.object({ type: z.string(), count: z.number().int() })),
  departments: z.array(z.object({ id: Id, name: z.string(), count: z.number().int() })),
});
export type MatterFacets = z.infer<typeof MatterFacets>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const MatterBody = z.strictObject({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  type: z.string().trim().min(1).max(50),
  audience: z.enum(MATTER_AUDIENCES),
  departmentId: Id,
  hall: z.enum(MATTER_HALLS).default('other'),
  hallUnitId: Id.nullable().optional(),
  topRank: int4(1).max(100).nullable().optional(),
  topBatch: z.union([z.literal(2021), z.literal(2022)]).nullable().optional(),
  area: optionalText(100),
  serviceObjects: z.array(z.string().max(50)).max(20).default([]),
  themes: z.array(z.string().max(50)).max(20).default([]),
  location: optionalText(2000),
  legalTimeLimit: optionalText(100),
  promisedTimeLimit: optionalText(100),
  consultPhone: optionalText(2000),
  complainPhone: optionalText(2000),
  materials: z.array(z.string().max(500)).max(200).default([]),
  acceptStandard: optionalText(20000),
  url: z.url().max(1000).nullable().optional(),
});
export type MatterBody = z.infer<typeof MatterBody>;
export const UpdateMatterBody = MatterBody.partial();
export type UpdateMatterBody = z.infer<typeof UpdateMatterBody>;

export const ImportError = z.object({ line: z.number().int(), reason: z.string() });
export const ImportResult = z.object({
  dryRun: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  departmentsCreated: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;
