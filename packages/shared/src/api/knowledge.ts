import { z } from 'zod';
import { IsoDate, Id, Page, PageSize, int4, paged } from './common.ts';

export const KB_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];
export const KB_STATUS_LABELS: Record<KbStatus, string> = {
  draft: '草稿',
  in_review: '待审核',
  published: '已发布',
  archived: '已下线',
};
export const KB_SHARING = ['department', 'district'] as const;
export const KB_SHARING_LABELS: Record<(typeof KB_SHARING)[number], string> = {
  department: '仅本部门',
  district: '全区共享',
};
export const KB_SOURCES = ['manual', 'import', 'agent_answer', 'gap'] as const;

const Ref = z.object({ id: Id, name: z.string() });

export const KbEntrySummary = z.object({
  id: Id,
  question: z.string(),
  status: z.enum(KB_STATUSES),
  sharing: z.enum(KB_SHARING),
  department: Ref,
  matters: z.array(Ref),
  publishedVersion: z.number().int().nullable(),
  hasUnpublishedChanges: z.boolean(),
  effectiveFrom: z.string().nullable(),
  expiresOn: z.string().nullable(),
  source: z.enum(KB_SOURCES),
  /** The demo district's sample wording (seeded), not an official answer: shown marked as such. */
  demo: z.boolean(),
  updatedAt: z.string(),
});
export type KbEntrySummary = z.infer<typeof KbEntrySummary>;

export const KbEntryCan = z.object({
  update: z.boolean(),
  submit: z.boolean(),
  review: z.boolean(),
  archive: z.boolean(),
  reopen: z.boolean(),
  rollback: z.boolean(),
});

export const KbEntry = KbEntrySummary.extend({
  similar: z.array(z.string()),
  /** Markdown: paragraphs, lists, bold, links and images. Rendered through a sanitiser, never as raw HTML. */
  answer: z.string(),
  related: z.array(z.object({ id: Id, question: z.string() })),
  /** Where an imported entry's facts come from (the import file's `source`, 来源依据). */
  citation: z.string().nullable(),
  reviewNote: z.string().nullable(),
  submittedBy: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  createdAt: z.string(),
  can: KbEntryCan,
});
export type KbEntry = z.infer<typeof KbEntry>;

export const KbEntryQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  status: z.enum(KB_STATUSES).optional(),
  departmentId: Id.optional(),
  matterId: Id.optional(),
  /** mine: my department's entries; shared: other departments' district-shared entries; all: both. */
  scope: z.enum(['mine', 'shared', 'all']).default('all'),
  page: Page,
  pageSize: PageSize,
});
export type KbEntryQuery = z.infer<typeof KbEntryQuery>;

export const KbEntryList = paged(KbEntrySummary).extend({
  can: z.object({ create: z.boolean(), import: z.boolean(), export: z.boolean() }),
});
export type KbEntryList = z.infer<typeof KbEntryList>;

export const KbEntryBody = z.strictObject({
  question: z.string().trim().max(300),
  similar: z.array(z.string().trim().min(1).max(300)).max(100).default([]),
  answer: z.string().trim().min(1).max(20000),
  departmentId: Id.optional(),
  sharing: z.enum(KB_SHARING).default('district'),
  matterIds: z.array(Id).max(50).default([]),
  relatedIds: z.array(Id).max(20).default([]),
  effectiveFrom: IsoDate.nullable().optional(),
  expiresOn: IsoDate.nullable().optional(),
});
export type KbEntryBody = z.infer<typeof KbEntryBody>;
export const UpdateKbEntryBody = KbEntryBody.partial();
export type UpdateKbEntryBody = z.infer<typeof UpdateKbEntryBody>;

export const ReviewBody = z.strictObject({ decision: z.enum(['approve', 'reject']), note: z.string().trim().max(500).optional() });
export const RollbackBody = z.strictObject({ version: int4(1) });

export const KbEntryVersion = z.object({
  version: z.number().int(),
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.string(),
  matterIds: z.array(Id),
  effectiveFrom: z.string().nullable(),
  expiresOn: z.string().nullable(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type KbEntryVersion = z.infer<typeof KbEntryVersion>;

export const DiffPart = z.object({ value: z.string(), added: z.boolean().optional(), removed: z.boolean().optional() });
export const KbEntryDiff = z.object({
  from: z.number().int(),
  to: z.union([z.number().int(), z.literal('draft')]),
  fields: z.array(z.object({ field: z.enum(['question', 'similar', 'answer', 'matters', 'dates']), changed: z.boolean(), parts: z.array(DiffPart) })),
});
export type KbEntryDiff = z.infer<typeof KbEntryDiff>;

export const KbImportResult = z.object({
  dryRun: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  published: z.number().int(),
});
export type KbImportResult = z.infer<typeof KbImportResult>;

export const HitTestBody = z.strictObject({ query: z.string().trim().min(1).max(500), matterId: Id.optional() });
export const HitTestResult = z.object({
  query: z.string(),
  intent: z.object({ intent: z.string(), confidence: z.number() }),
  decision: z.enum(['answer', 'suggest', 'none']),
  answerEntryId: Id.nullable(),
  candidates: z.array(
    z.object({
      entryId: z.string(),
      kind: z.enum(['entry', 'matter']),
      question: z.string(),
      department: z.string().nullable(),
      score: z.number(),
      confidence: z.number(),
      field: z.string(),
      text: z.string().nullable(),
      matchedTerms: z.array(z.string()),
      /** False when only synonyms of the question's words matched: 小申 then suggests, never answers. */
      ownWords: z.boolean(),
    }),
  ),
  tookMs: z.number(),
});
export type HitTestResult = z.infer<typeof HitTestResult>;

export const GAP_STATUSES = ['open', 'answered', 'dismissed'] as const;
export const KbGap = z.object({
  id: Id,
  question: z.string(),
  occurrences: z.number().int(),
  source: z.enum(['no_match', 'not_solved', 'agent']),
  status: z.enum(GAP_STATUSES),
  matter: Ref.nullable(),
  department: Ref.nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** Null when the calendar lacks that year's holidays: the deadline can't be computed honestly. */
  dueAt: z.string().nullable(),
  /** The deadline lies in a year whose holiday notice is not entered: computed from the law, may move. */
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  answeredEntry: z.object({ id: Id, question: z.string() }).nullable(),
  answeredAt: z.string().nullable(),
  answeredInTime: z.boolean().nullable(),
  dismissReason: z.string().nullable(),
});
export type KbGap = z.infer<typeof KbGap>;
export const KbGapQuery = z.strictObject({
  status: z.enum(GAP_STATUSES).optional(),
  departmentId: Id.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  page: Page,
  pageSize: PageSize,
});
export const KbGapList = paged(KbGap).extend({ can: z.object({ resolve: z.boolean() }) });
export type KbGapList = z.infer<typeof KbGapList>;
export const AnswerGapBody = z.strictObject({ entryId: Id });
export const DismissGapBody = z.strictObject({ reason: z.string().trim().min(2).max(300) });
