import { z } from 'zod';
import { HumanHelpStatus } from './assistant.ts';
import { Attachment } from './attachments.ts';
import { Id, IsoDate, int4, queryInt4 } from './common.ts';

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
  /** The agent has read the messages up to this seq (已读 after a reload). */
  agentReadSeq: z.number().int(),
  /** Whether a phone number or other contact was left (never the contact itself). */
  hasContact: z.boolean(),
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
  /** How far the assigned agent and the citizen have read: unread counts on any device, 已读 receipts. */
  agentReadSeq: z.number().int(),
  citizenReadSeq: z.number().int(),
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
  maxChats: int4(1).max(50).optional(),
});
export const AgentStatusView = z.object({
  status: z.enum(AGENT_STATUSES),
  groupId: Id,
  maxChats: z.number().int(),
  load: z.number().int(),
  /** Chats that went back to the queue because the agent went away or offline. */
  requeued: z.number().int(),
  assigned: z.array(Id),
  /** Set when the system, not the agent, set them away: the desk was gone longer than the grace period. */
  dropped: z.object({ at: z.string(), graceSeconds: z.number().int(), requeued: z.number().int() }).nullable(),
});
export type AgentStatusView = z.infer<typeof AgentStatusView>;

/** Before 转人工 is confirmed: who would take it now, the same routing the request then takes. */
export const HandoffPreviewQuery = z.strictObject({
  assistantSessionId: Id.optional(),
  matterId: Id.optional(),
  matterCode: z.string().trim().min(1).max(64).optional(),
});
export const HandoffPreview = z.object({
  /** live: in hours with an agent online; queue: in hours, nobody online yet; ticket: outside hours, a 留言. */
  mode: z.enum(['live', 'queue', 'ticket']),
  groupName: z.string(),
  agentsOnline: z.number().int(),
  /** When a 留言 will be picked up (the group's next opening); null in hours or while the calendar cannot tell. */
  opensAt: z.string().nullable(),
  provisional: z.boolean(),
  /** What the dialog says, in plain words. */
  text: z.string(),
});
export type HandoffPreview = z.infer<typeof HandoffPreview>;

/** Transfer to one agent (assigned at once), or to another group or department (queued there, at the front). */
export const TransferBody = z
  .strictObject({ agentId: Id.optional(), groupId: Id.optional(), departmentId: Id.optional(), reason: z.string().trim().min(1).max(200) })
  .refine((b) => [b.agentId, b.groupId, b.departmentId].filter(Boolean).length === 1, { message: '请选择转给哪位工作人员、哪个小组或哪个部门（只选一个）' });
export const CloseBody = z
  .strictObject({ outcome: z.enum(CLOSE_OUTCOMES), reason: z.string().trim().max(500).optional() })
  .refine((b) => b.outcome === 'resolved' || !!b.reason, { message: '未解决时请填写原因', path: ['reason'] });
export const ContestBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
/** A phone number or other way to reach the citizen, left (or corrected) after the request. */
export const ContactBody = z.strictObject({ contact: z.string().trim().min(1, '请填写联系电话').max(50, '联系电话太长了，请只填一个电话号码') });

// NUL and lone surrogates are refused for every field at the boundary (apps/server/src/lib/validation.ts).
export const MessageText = z.string().trim().max(2000);
/** Text, an attachment (uploaded first with POST /api/attachments), or both; never neither. */
export const PostMessageBody = z
  .strictObject({
    /** Chosen by the client for each message; a retry with the same id returns the stored message. */
    clientId: z.string().trim().min(8).max(64),
    text: MessageText.default(''),
    attachmentId: Id.optional(),
  })
  .refine((b) => b.text.length > 0 || !!b.attachmentId, { message: '请输入文字或选择附件', path: ['text'] });
export const ChatMessage = z.object({
  id: Id,
  seq: z.number().int(),
  sender: z.enum(['citizen', 'agent', 'bot', 'system']),
  clientId: z.string().nullable(),
  text: z.string(),
  /** Its `url` needs the reader's credentials: staff the cookie, citizens the Bearer token (fetch it, show a blob URL). */
  attachment: Attachment.nullable(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
export const MessagesQuery = z.strictObject({ after: queryInt4().default(0) });
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

/** The citizen's conversations, newest first (the chat page resumes the open one after a reload). */
export const CitizenConversationList = z.object({ items: z.array(CitizenConversation) });

// ---- Agent desk -------------------------------------------------------------------------------------------

/** Internal notes: staff only, never sent to the citizen, not part of the message sequence. */
export const NoteBody = z.strictObject({ text: z.string().trim().min(1).max(2000) });
export const ConversationNote = z.object({ id: Id, authorId: Id, authorName: z.string(), text: z.string(), createdAt: z.string() });
export type ConversationNote = z.infer<typeof ConversationNote>;
export const NoteList = z.object({ items: z.array(ConversationNote) });

/** What the agent sees beside the chat: the matter, what 小申 said before, the citizen's earlier contacts. */
export const ConversationContext = z.object({
  conversationId: Id,
  matter: z.object({ id: Id, code: z.string(), name: z.string(), department: z.string().nullable(), leadUnit: z.string().nullable() }).nullable(),
  assistant: z.array(
    z.object({
      seq: z.number().int(),
      question: z.string(),
      answer: z.string(),
      outcome: z.string(),
      feedback: z.enum(['solved', 'not_solved']).nullable(),
      at: z.string(),
    }),
  ),
  earlier: z.array(
    z.object({
      id: Id,
      requestedAt: z.string(),
      status: z.enum(CONVERSATION_STATUSES),
      outcome: z.enum(CLOSE_OUTCOMES).nullable(),
      group: z.string(),
      question: z.string().nullable(),
    }),
  ),
  citizen: z.object({
    id: Id,
    /** Real name once signed in through SSO; null for an anonymous visitor. */
    name: z.string().nullable(),
    /** Masked (e.g. 138****0000) unless the reader may see personal data. */
    phone: z.string().nullable(),
    contact: z.string().nullable(),
    realName: z.boolean(),
  }),
});
export type ConversationContext = z.infer<typeof ConversationContext>;

/** KB answers for the citizen's last question (or the handoff question), best first. */
export const SuggestionList = z.object({
  query: z.string().nullable(),
  items: z.array(z.object({ entryId: Id, question: z.string(), answer: z.string(), score: z.number(), department: z.string().nullable() })),
});
export type SuggestionList = z.infer<typeof SuggestionList>;

/** "提为知识条目": a draft for the department's KB operator to review, with this chat as its source. */
export const ProposeEntryBody = z.strictObject({
  question: z.string().trim().min(2).max(200),
  answer: z.string().trim().min(2).max(5000),
});
export const ProposedEntry = z.object({ entryId: Id, status: z.string(), departmentId: Id.nullable() });

export const CannedAnswer = z.object({
  id: Id,
  unitId: Id,
  unit: z.string(),
  title: z.string(),
  text: z.string(),
  /** Typed after "/" in the composer, e.g. "/材料". */
  shortcut: z.string().nullable(),
  canEdit: z.boolean(),
});
export type CannedAnswer = z.infer<typeof CannedAnswer>;
export const CannedAnswerBody = z.strictObject({
  unitId: Id,
  title: z.string().trim().min(1).max(50),
  text: z.string().trim().min(1).max(2000),
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,20}$/u, '快捷词只能是 1–20 个汉字、字母、数字、下划线或短横线')
    .nullable()
    .default(null),
});
export const CannedAnswerList = z.object({ items: z.array(CannedAnswer) });

/** Agents a chat may be transferred to, with their state: the transfer dialog. */
export const AgentDirectory = z.object({
  items: z.array(z.object({ id: Id, name: z.string(), groupId: Id, group: z.string(), status: z.enum(AGENT_STATUSES), load: z.number().int(), maxChats: z.number().int() })),
});

// ---- Supervisor -------------------------------------------------------------------------------------------

/** Seconds after which the group's supervisor is alerted that a chat nears the 60-s first-response target. */
export const FIRST_RESPONSE_ALERT_SECONDS = 45;

export const Wallboard = z.object({
  at: z.string(),
  alertAfterSeconds: z.number().int(),
  targetSeconds: z.number().int(),
  groups: z.array(
    z.object({
      id: Id,
      name: z.string(),
      department: z.string().nullable(),
      open: z.boolean(),
      queued: z.number().int(),
      tickets: z.number().int(),
      serving: z.number().int(),
      longestWaitSeconds: z.number().int().nullable(),
      agentsOnline: z.number().int(),
      capacity: z.number().int(),
    }),
  ),
  agents: z.array(
    z.object({
      id: Id,
      name: z.string(),
      groupId: Id,
      group: z.string(),
      status: z.enum(AGENT_STATUSES),
      load: z.number().int(),
      maxChats: z.number().int(),
      lastAssignedAt: z.string().nullable(),
    }),
  ),
  /** Chats whose first response is still owed (queued, or assigned without a reply), longest first. */
  waiting: z.array(
    z.object({
      id: Id,
      queueNo: z.number().int(),
      groupId: Id,
      group: z.string(),
      status: z.enum(CONVERSATION_STATUSES),
      agentId: Id.nullable(),
      agentName: z.string().nullable(),
      waitingSeconds: z.number().int(),
      /** ≥ alertAfterSeconds: the supervisor should act (reassign, take it, call an agent in). */
      alert: z.boolean(),
      overdue: z.boolean(),
    }),
  ),
  today: z.object({ requests: z.number().int(), compliance: z.number().nullable(), resolutionRate: z.number().nullable() }),
});
export type Wallboard = z.infer<typeof Wallboard>;
