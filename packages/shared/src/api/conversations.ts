import { z } from 'zod';
import { HumanHelpStatus } from './assistant.ts';
import { Id, IsoDate } from './common.ts';

export const CONVERSATION_STATUSES = ['ticket', 'queued', 'assigned', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const CONVERSATION_STATUS_LABELS: Record<ConversationStatus, string> = { ticket: '留言', queued: '排队中', assigned: '接待中', closed: '已结束' };
export const AGENT_STATUSES = ['online', 'busy', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const CLOSE_OUTCOMES = ['resolved', 'unresolved'] as const;

/** 转人工: from a 小申 session (its transcript and detected matter go along), or straight from a matter page. */
export const OpenConversationBody = z
  .strictObject({
    assistantSessionId: Id.optional(),
    matterId: Id.optional(),
    matterCode: z.string().trim().min(1).max(64).optional(),
    question: z.string().trim().max(500).optional(),
    contact: z.string().trim().max(50).optional(),
  })
  .refine((b) => !(b.matterId && b.matterCode), { message: '事项编号和事项编码只需提供一个' });

export const WaitEstimate = z.object({
  /** Seconds; null when no agent of the group is on duty (we cannot know, so we do not guess). */
  seconds: z.number().int().nullable(),
  /** 'history': mean handling time of the group's recent chats; 'default': no history yet (documented default). */
  basis: z.enum(['history', 'default', 'no_agents']),
  sampleSize: z.number().int(),
  text: z.string(),
});
export type WaitEstimate = z.infer<typeof WaitEstimate>;

/** What the citizen sees of their own conversation: no agent names beyond the display name, no internals. */
export const CitizenConversation = z.object({
  id: Id,
  status: z.enum(CONVERSATION_STATUSES),
  group: z.string(),
  matterId: Id.nullable(),
  /** 1 = next to be served; null unless queued. */
  position: z.number().int().nullable(),
  wait: WaitEstimate.nullable(),
  /** When a ticket (留言) will be taken up: the group's next opening. */
  opensAt: z.string().nullable(),
  message: z.string(),
  humanHelp: HumanHelpStatus,
  agentName: z.string().nullable(),
  outcome: z.enum(CLOSE_OUTCOMES).nullable(),
  contested: z.boolean(),
  lastSeq: z.number().int(),
});
export type CitizenConversation = z.infer<typeof CitizenConversation>;

export const StaffConversation = z.object({
  id: Id,
  queueNo: z.number().int(),
  status: z.enum(CONVERSATION_STATUSES),
  groupId: Id,
  group: z.string(),
  departmentId: Id.nullable(),
  routedVia: z.enum(['lead', 'department', 'answer', 'coordinator', 'any']),
  matterId: Id.nullable(),
  assistantSessionId: Id.nullable(),
  question: z.string().nullable(),
  agentId: Id.nullable(),
  requestedAt: z.string(),
  slaStartAt: z.string().nullable(),
  assignedAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcome: z.enum(CLOSE_OUTCOMES).nullable(),
  closeReason: z.string().nullable(),
  contested: z.boolean(),
  lastSeq: z.number().int(),
  can: z.object({ claim: z.boolean(), reply: z.boolean(), close: z.boolean(), transfer: z.boolean() }),
});
export type StaffConversation = z.infer<typeof StaffConversation>;

export const ConversationListQuery = z.strictObject({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  mine: z.enum(['true', 'false']).optional(),
});
export const ConversationList = z.object({ items: z.array(StaffConversation) });

export const AgentStatusBody = z.strictObject({
  status: z.enum(AGENT_STATUSES),
  maxChats: z.number().int().min(1).max(50).optional(),
});
export const AgentStatusView = z.object({
  status: z.enum(AGENT_STATUSES),
  groupId: Id,
  maxChats: z.number().int(),
  load: z.number().int(),
  /** Chats that went back to the queue because the agent went away or offline. */
  requeued: z.number().int(),
  assigned: z.array(Id),
});
export type AgentStatusView = z.infer<typeof AgentStatusView>;

export const TransferBody = z.strictObject({ agentId: Id, reason: z.string().trim().min(1).max(200) });
export const CloseBody = z
  .strictObject({ outcome: z.enum(CLOSE_OUTCOMES), reason: z.string().trim().max(500).optional() })
  .refine((b) => b.outcome === 'resolved' || !!b.reason, { message: '未解决时请填写原因', path: ['reason'] });
export const ContestBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const PostMessageBody = z.strictObject({
  /** Chosen by the client for each message; a retry with the same id returns the stored message. */
  clientId: z.string().trim().min(8).max(64),
  text: z.string().trim().min(1).max(2000),
});
export const ChatMessage = z.object({
  id: Id,
  seq: z.number().int(),
  sender: z.enum(['citizen', 'agent', 'bot', 'system']),
  clientId: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
export const MessagesQuery = z.strictObject({ after: z.coerce.number().int().min(0).default(0) });
export const MessageList = z.object({ items: z.array(ChatMessage), lastSeq: z.number().int() });

export const ConversationMetricsQuery = z.strictObject({ from: IsoDate, to: IsoDate, departmentId: Id.optional() });
const Figures = z.object({
  /** Requests whose first-response clock has a known result (answered, or unanswered for over 60 s). */
  measured: z.number().int(),
  withinTarget: z.number().int(),
  compliance: z.number().nullable(),
  avgFirstResponseSeconds: z.number().nullable(),
  closed: z.number().int(),
  resolved: z.number().int(),
  contested: z.number().int(),
  resolutionRate: z.number().nullable(),
});
export const ConversationMetrics = z.object({
  from: z.string(),
  to: z.string(),
  overall: Figures.extend({ requests: z.number().int() }),
  targets: z.object({ firstResponseSeconds: z.number(), compliance: z.number(), resolutionRate: z.number() }),
  byAgent: z.array(Figures.extend({ id: Id, name: z.string() })),
  byGroup: z.array(Figures.extend({ id: Id, name: z.string() })),
  byDepartment: z.array(Figures.extend({ id: z.string().nullable(), name: z.string() })),
});
export type ConversationMetrics = z.infer<typeof ConversationMetrics>;
