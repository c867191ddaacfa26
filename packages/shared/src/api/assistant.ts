import { z } from 'zod';
import { Id, IsoDate } from './common.ts';

export const MatterCard = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  department: z.string(),
  location: z.string().nullable(),
  promisedTimeLimit: z.string().nullable(),
  legalTimeLimit: z.string().nullable(),
  materials: z.array(z.string()),
  consultPhone: z.string().nullable(),
  url: z.string().nullable(),
});
export type MatterCard = z.infer<typeof MatterCard>;

export const HumanHelpStatus = z.object({
  /** Whether the unit that would take this request is at work right now. */
  availableNow: z.boolean(),
  /**
   * When human help next opens (ISO instant), and the same in plain Chinese. Empty `opensAt` when the
   * working calendar does not cover that year yet: `opensAtText` then says so instead of guessing.
   */
  opensAt: z.string(),
  opensAtText: z.string(),
  hoursText: z.string(),
  /** The next opening lies in a year whose holiday notice is not entered: computed from the law, may move. */
  provisional: z.literal(true).optional(),
});
export type HumanHelpStatus = z.infer<typeof HumanHelpStatus>;

export const StartSessionBody = z.strictObject({
  channel: z.enum(['widget', 'page']),
  matterId: Id.optional(),
  matterCode: z.string().trim().max(64).optional(),
  pageUrl: z.string().max(1000).optional(),
});
export const SessionStarted = z.object({
  sessionId: Id,
  greeting: z.string(),
  matter: MatterCard.nullable(),
  humanHelp: HumanHelpStatus,
});
export type SessionStarted = z.infer<typeof SessionStarted>;

export const AskBody = z.strictObject({
  question: z.string().trim().min(1).max(500),
  /** A "您是不是想问" suggestion the citizen clicked (KB entry id, or `matter:<id>`): answered directly. */
  entryId: z
    .string()
    .regex(/^(matter:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, '应为建议问题的编号')
    .optional(),
});

export const ASSISTANT_OUTCOMES = ['answer', 'suggest', 'none', 'scope', 'smalltalk'] as const;
export const AssistantReply = z.object({
  turnId: Id,
  seq: z.number().int(),
  question: z.string(),
  outcome: z.enum(ASSISTANT_OUTCOMES),
  /** Plain text for suggest/none/scope/smalltalk; for an answer, a short lead-in. */
  reply: z.string(),
  answer: z
    .object({
      entryId: z.string(),
      question: z.string(),
      /** Markdown, rendered through a sanitiser. */
      answer: z.string(),
      matterCards: z.array(MatterCard),
      related: z.array(z.object({ entryId: z.string(), question: z.string() })),
      /** Sample wording of the demo district: the citizen sees “示例答复口径，以官方办事指南为准”. */
      demo: z.boolean(),
    })
    .nullable(),
  /** `department` is set when two suggestions read the same (a matter held by the province and by the city). */
  suggestions: z.array(z.object({ entryId: z.string(), question: z.string(), department: z.string().optional() })),
  scope: z.object({ intent: z.string(), channel: z.string() }).nullable(),
  /** Not a question 小申 can take (emoji only, gibberish, off-domain chatter, English): examples to ask instead. */
  unclear: z.object({ kind: z.enum(['nonsense', 'offtopic', 'english']), examples: z.array(z.string()) }).nullable(),
  /** True when the reply should show the "转人工" offer prominently. */
  offerHuman: z.boolean(),
  askFeedback: z.boolean(),
  createdAt: z.string(),
});
export type AssistantReply = z.infer<typeof AssistantReply>;

export const FeedbackBody = z.strictObject({ feedback: z.enum(['solved', 'not_solved']) });
export const FeedbackAck = z.object({ turnId: Id, feedback: z.enum(['solved', 'not_solved']), message: z.string(), offerHuman: z.boolean() });

export const Transcript = z.object({
  sessionId: Id,
  matter: MatterCard.nullable(),
  turns: z.array(AssistantReply.extend({ feedback: z.enum(['solved', 'not_solved']).nullable() })),
  humanRequested: z.boolean(),
  /** The live-help conversation opened from this session (转人工, POST /api/conversations), newest; null if none. */
  conversationId: Id.nullable(),
});
export type Transcript = z.infer<typeof Transcript>;

export const AssistantMetricsQuery = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  departmentId: Id.optional(),
});
const Rate = z.object({
  sessions: z.number().int(),
  resolved: z.number().int(),
  resolvedExplicit: z.number().int(),
  rate: z.number().nullable(),
  explicitRate: z.number().nullable(),
});
export const AssistantMetrics = z.object({
  from: z.string(),
  to: z.string(),
  /** Sessions with at least one question: the denominator of the resolution rate (DOMAIN.md). */
  overall: Rate.extend({ humanRequested: z.number().int(), notSolved: z.number().int(), questions: z.number().int(), answered: z.number().int() }),
  target: z.number(),
  byDepartment: z.array(Rate.extend({ id: z.string().nullable(), name: z.string() })),
  byMatter: z.array(Rate.extend({ id: z.string().nullable(), name: z.string() })),
  topUnanswered: z.array(z.object({ question: z.string(), occurrences: z.number().int(), department: z.string().nullable(), matter: z.string().nullable(), status: z.string() })),
});
export type AssistantMetrics = z.infer<typeof AssistantMetrics>;
