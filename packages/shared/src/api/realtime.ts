import { z } from 'zod';
import { Id, int4 } from './common.ts';
import { CONVERSATION_STATUSES, ChatMessage, MessageText } from './conversations.ts';

/*
 * The live-help WebSocket (GET /api/realtime). Citizens authenticate with their device token (first frame
 * `auth`, or `?token=`), staff with the session cookie. Every frame is one JSON object with a `type`.
 * Messages of a subscribed conversation arrive exactly once and in `seq` order, including one's own (match
 * them to what you sent by `clientId`); after a reconnect, subscribe again with the last seq you received.
 */

const ConversationId = Id;
const Seq = int4();

export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('subscribe'), conversationId: ConversationId, afterSeq: Seq.default(0) }),
  z.strictObject({ type: z.literal('unsubscribe'), conversationId: ConversationId }),
  /** Stored first (the same command as POST …/messages, idempotent on clientId), then acknowledged. */
  z
    .strictObject({
      type: z.literal('send'),
      conversationId: ConversationId,
      clientId: z.string().trim().min(8).max(64),
      body: MessageText.default(''),
      attachmentId: Id.optional(),
    })
    .refine((f) => f.body.length > 0 || !!f.attachmentId, { message: '请输入文字或选择附件', path: ['body'] }),
  z.strictObject({ type: z.literal('typing'), conversationId: ConversationId }),
  z.strictObject({ type: z.literal('read'), conversationId: ConversationId, seq: Seq }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Which side of the chat did something (typing, read): supervisors only ever observe. */
export const ChatSide = z.enum(['citizen', 'agent']);

export const CONVERSATION_CHANGES = ['requested', 'opened', 'assigned', 'transferred', 'requeued', 'closed', 'contested'] as const;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), as: z.enum(['citizen', 'staff']), heartbeatSeconds: z.number() }),
  z.object({ type: z.literal('subscribed'), conversationId: ConversationId, afterSeq: Seq }),
  z.object({ type: z.literal('unsubscribed'), conversationId: ConversationId }),
  z.object({ type: z.literal('message'), conversationId: ConversationId, ...ChatMessage.shape }),
  z.object({ type: z.literal('ack'), conversationId: ConversationId, clientId: z.string(), seq: z.number().int() }),
  z.object({ type: z.literal('typing'), conversationId: ConversationId, from: ChatSide }),
  z.object({ type: z.literal('read'), conversationId: ConversationId, seq: Seq, by: ChatSide }),
  z.object({
    type: z.literal('conversation'),
    conversationId: ConversationId,
    change: z.enum(CONVERSATION_CHANGES),
    status: z.enum(CONVERSATION_STATUSES),
    lastSeq: z.number().int(),
    /** Staff only: whether the chat is now yours (an agent who lost it by transfer or re-queue reads false). */
    assignedToYou: z.boolean().optional(),
  }),
  z.object({ type: z.literal('pong') }),
  /** To the supervisors of the chat's group: its first response nears (or passed) the 60-s target. */
  z.object({
    type: z.literal('alert'),
    kind: z.literal('first_response_due'),
    conversationId: ConversationId,
    groupId: Id,
    group: z.string(),
    waitingSeconds: z.number().int(),
  }),
  z.object({
    type: z.literal('error'),
    /** A REALTIME_ERRORS key, or an API error code (CONVERSATION_NOT_FOUND, CITIZEN_TOKEN_INVALID, …). */
    code: z.string(),
    message: z.string(),
    conversationId: ConversationId.optional(),
    clientId: z.string().optional(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Errors of the socket itself, in plain Chinese (errors of the chat commands keep their API codes). */
export const REALTIME_ERRORS = {
  BAD_FRAME: '消息格式不正确，请刷新页面后重试。',
  NOT_AUTHENTICATED: '连接尚未登录，请刷新页面后重试。',
  ALREADY_AUTHENTICATED: '连接已经登录，无需重复登录。',
  NOT_SUBSCRIBED: '请先打开这个会话。',
  NOT_ALLOWED: '您只能查看这个会话，不能在其中操作。',
  INTERNAL: '服务暂时出了点问题，请稍后重试。',
} as const;
export type RealtimeErrorCode = keyof typeof REALTIME_ERRORS;

/** Close codes: after 4401 or 4403 the client should not reconnect with the same credentials. */
export const REALTIME_CLOSE = { unauthenticated: 4401, forbidden: 4403, authTimeout: 4408 } as const;
