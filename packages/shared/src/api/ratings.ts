import { z } from 'zod';
import { Id, IsoDate, Page, PageSize, int4, paged, queryInt4 } from './common.ts';

/** 好差评 (national standard): five levels, 5 = 非常满意 … 1 = 非常不满意. 1–2 is a bad rating (差评). */
export const RATING_LEVEL_LABELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
export const BAD_RATING_MAX = 2;
/** A citizen may change their rating once, within this many hours of giving it. */
export const RATING_REVISION_HOURS = 24;

/** Why a citizen is dissatisfied: a small closed list in plain words, plus free text ('other' requires it). */
export const BAD_RATING_REASONS = ['not_solved', 'slow', 'attitude', 'unclear', 'inaccurate', 'hard_to_use', 'other'] as const;
export type BadRatingReason = (typeof BAD_RATING_REASONS)[number];
export const BAD_RATING_REASON_LABELS: Record<BadRatingReason, string> = {
  not_solved: '问题没有解决',
  slow: '等待或办理时间太长',
  attitude: '服务态度不好',
  unclear: '答复不清楚、听不懂',
  inaccurate: '办事指南或答复不准确',
  hard_to_use: '系统不好用、操作麻烦',
  other: '其他',
};

/** 差评整改: open → called_back (回访) → rectified (整改) → closed (销号); or dismissed; withdrawn when the citizen revises upward. */
export const FOLLOW_UP_STATUSES = ['open', 'called_back', 'rectified', 'closed', 'dismissed', 'withdrawn'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  open: '待回访',
  called_back: '已回访',
  rectified: '已整改',
  closed: '已销号',
  dismissed: '不予整改',
  withdrawn: '群众已改评',
};
export const FOLLOW_UP_ACTIONS = ['call_back', 'rectify', 'close', 'dismiss'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

const Score = int4(1).max(5);

/** The online dimensions: overall satisfaction (required) and four optional ones. */
export const RatingBody = z
  .strictObject({
    overall: Score,
    efficiency: Score.optional(),
    guideAccuracy: Score.optional(),
    convenience: Score.optional(),
    easeOfUse: Score.optional(),
    reason: z.enum(BAD_RATING_REASONS).optional(),
    reasonText: z.string().trim().min(1).max(200).optional(),
    comment: z.string().trim().min(1).max(500).optional(),
  })
  .refine((b) => b.overall <= BAD_RATING_MAX || (b.reason === undefined && b.reasonText === undefined), {
    message: '只有选择“不满意”或“非常不满意”时才需要填写原因',
    path: ['reason'],
  });
export type RatingBody = z.infer<typeof RatingBody>;

const Dimensions = z.object({
  efficiency: Score.nullable(),
  guideAccuracy: Score.nullable(),
  convenience: Score.nullable(),
  easeOfUse: Score.nullable(),
});

/** What the citizen reads back of their own rating. */
export const CitizenRating = z.object({
  conversationId: Id,
  overall: Score,
  levelLabel: z.string(),
  dimensions: Dimensions,
  reason: z.enum(BAD_RATING_REASONS).nullable(),
  reasonText: z.string().nullable(),
  comment: z.string().nullable(),
  ratedAt: z.string(),
  revisedAt: z.string().nullable(),
  /** Until when (and whether) the citizen may still change it. */
  revisableUntil: z.string().nullable(),
  message: z.string(),
});
export type CitizenRating = z.infer<typeof CitizenRating>;

const Ref = z.object({ id: Id, name: z.string() });

export const FollowUpView = z.object({
  status: z.enum(FOLLOW_UP_STATUSES),
  statusLabel: z.string(),
  /** End of the 15th working day after the bad rating; null when that year's holidays are not entered yet. */
  dueAt: z.string().nullable(),
  dueUnknown: z.boolean(),
  /** The deadline lies in a year whose holiday notice is not entered: computed from the law, may move. */
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  callBackNote: z.string().nullable(),
  calledBackAt: z.string().nullable(),
  rectification: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  dismissReason: z.string().nullable(),
  dismissedAt: z.string().nullable(),
  /** Rectified by the due time; null while not rectified, or when the due time is unknown. */
  rectifiedOnTime: z.boolean().nullable(),
});

/** Staff view: the citizen appears only as "the citizen of this conversation" — no contact, no identity. */
export const StaffRating = z.object({
  id: Id,
  conversationId: Id,
  overall: Score,
  levelLabel: z.string(),
  dimensions: Dimensions,
  reason: z.enum(BAD_RATING_REASONS).nullable(),
  reasonLabel: z.string().nullable(),
  reasonText: z.string().nullable(),
  comment: z.string().nullable(),
  ratedAt: z.string(),
  revisedAt: z.string().nullable(),
  agent: Ref.nullable(),
  group: Ref,
  department: Ref.nullable(),
  followUp: FollowUpView.nullable(),
  can: z.object({ callBack: z.boolean(), rectify: z.boolean(), close: z.boolean(), dismiss: z.boolean() }),
});
export type StaffRating = z.infer<typeof StaffRating>;

export const RatingListQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  departmentId: Id.optional(),
  level: queryInt4(1).max(5).optional(),
  /** open: follow-up not finished (not closed, dismissed or withdrawn); overdue: not yet rectified and past due. */
  followUp: z.enum(['open', 'overdue']).optional(),
  page: Page,
  pageSize: PageSize,
});
export const RatingList = paged(StaffRating);

export const FollowUpBody = z.strictObject({ action: z.enum(FOLLOW_UP_ACTIONS), note: z.string().trim().min(2).max(1000) });

export const RatingMetricsQuery = z.strictObject({ from: IsoDate, to: IsoDate, departmentId: Id.optional() });
const RatingFigures = z.object({
  /** Ratings given on the dates [from, to] (CST), at their current level. */
  ratings: z.number().int(),
  satisfied: z.number().int(),
  /** Satisfaction = ratings ≥ 3 / ratings, a percentage with one decimal. */
  satisfaction: z.number().nullable(),
  bad: z.number().int(),
  /** Bad-rating follow-ups due on [from, to] whose result is known (rectified, or due time passed). */
  due: z.number().int(),
  rectifiedOnTime: z.number().int(),
  rectificationOnTime: z.number().nullable(),
  /** Due in the period, not rectified yet, due time still ahead: left out, not guessed. */
  pending: z.number().int(),
  /** Bad ratings of the period dismissed by the district (e.g. 恶意差评): not counted as due. */
  dismissed: z.number().int(),
  /** Bad ratings of the period without a due time (holidays of the year not entered). */
  undated: z.number().int(),
});
export const RatingMetrics = z.object({
  from: z.string(),
  to: z.string(),
  overall: RatingFigures.extend({ levels: z.record(z.string(), z.number().int()), dimensions: z.record(z.string(), z.number().nullable()) }),
  byAgent: z.array(RatingFigures.extend({ id: Id, name: z.string() })),
  byGroup: z.array(RatingFigures.extend({ id: Id, name: z.string() })),
  byDepartment: z.array(RatingFigures.extend({ id: z.string().nullable(), name: z.string() })),
});
export type RatingMetrics = z.infer<typeof RatingMetrics>;
