import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AgentStatusBody,
  AgentStatusView,
  ChatMessage,
  CitizenConversation,
  CloseBody,
  ContestBody,
  ConversationList,
  ConversationListQuery,
  ConversationMetrics,
  ConversationMetricsQuery,
  MessageList,
  MessagesQuery,
  OpenConversationBody,
  PostMessageBody,
  StaffConversation,
  TransferBody,
} from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { ConversationMessageRow } from '../../db/schema.ts';
import { bearerToken, staffOf, writeContext, zod } from '../../lib/http.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { authorize, orgScope } from '../identity/policy.ts';
import { setAgentStatus } from './agent-status.command.ts';
import { claimConversation, ownConversation, scopedConversation } from './assignment.commands.ts';
import { conversationMetrics } from './conversation-metrics.query.ts';
import { presentForCitizen, presentForStaff } from './conversation.presenter.ts';
import { openConversation } from './handoff.command.ts';
import { listMessages, postMessage } from './message.commands.ts';
import { closeConversation, contestClose, transferConversation } from './transfer-close.commands.ts';


const presentMessage = (m: ConversationMessageRow) => ({ id: m.id, seq: m.seq, sender: m.sender, clientId: m.client_id, text: m.body, createdAt: m.created_at.toISOString() });

export function conversationsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['conversations'];
  const IdParams = z.object({ id: z.uuid() });
  const citizenOf = (req: FastifyRequest) => authenticateCitizen(ctx, bearerToken(req));
  /** The citizen (Bearer device token) or a signed-in staff member (session cookie) on the shared endpoints. */
  const speakerOf = async (req: FastifyRequest) => {
    if (bearerToken(req)) return { kind: 'citizen' as const, citizen: await citizenOf(req) };
    return { kind: 'agent' as const, actor: await staffOf(ctx, req), ip: req.ip, requestId: req.id };
  };
  const staffWith = async (req: FastifyRequest, permission: Parameters<typeof authorize>[1]) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, permission);
    return actor;
  };

  r.post(
    '/api/conversations',
    {
      schema: { tags, summary: '转人工帮办（从小申对话或事项页面）', body: OpenConversationBody, response: { 201: CitizenConversation } },
      config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => bearerToken(req) ?? req.ip } },
    },
    async (req, reply) => {
      const row = await openConversation(ctx, await citizenOf(req), req.body);
      return reply.code(201).send(await presentForCitizen(ctx, row));
    },
  );

  r.get('/api/conversations', { schema: { tags, summary: '人工帮办会话（排队、接待中、留言、已结束）', querystring: ConversationListQuery, response: { 200: ConversationList } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.read');
    const scope = orgScope(actor, ctx.org);
    let q = ctx.db.selectFrom('conversations').selectAll();
    if (scope !== 'all') q = q.where('group_id', 'in', [...scope]);
    if (req.query.status) q = q.where('status', '=', req.query.status);
    if (req.query.mine === 'true') q = q.where('agent_id', '=', actor.id);
    const rows = await q.orderBy('queue_priority', 'desc').orderBy('queue_since').orderBy('queue_no').limit(500).execute();
    return { items: rows.map((c) => presentForStaff(ctx, actor, c)) };
  });

  r.get(
    '/api/conversations/metrics',
    { schema: { tags, summary: '人工帮办首次响应达标率与解决率', querystring: ConversationMetricsQuery, response: { 200: ConversationMetrics } } },
    async (req) => conversationMetrics(ctx, await staffWith(req, 'conversation.metrics'), req.query),
  );

  r.get(
    '/api/conversations/:id',
    { schema: { tags, summary: '会话状态（群众：排队位置与预计等待；工作人员：详情）', params: IdParams, response: { 200: z.union([CitizenConversation, StaffConversation]) } } },
    async (req) => {
      const who = await speakerOf(req);
      if (who.kind === 'agent') authorize(who.actor, 'conversation.read');
      if (who.kind === 'citizen') {
        return presentForCitizen(ctx, await ownConversation(ctx, who.citizen, req.params.id));
      }
      return presentForStaff(ctx, who.actor, await scopedConversation(ctx, who.actor, req.params.id));
    },
  );

  r.post(
    '/api/conversations/:id/messages',
    { schema: { tags, summary: '发送文字消息（按 clientId 幂等）', params: IdParams, body: PostMessageBody, response: { 200: ChatMessage, 201: ChatMessage } } },
    async (req, reply) => {
      const who = await speakerOf(req);
      if (who.kind === 'agent') authorize(who.actor, 'conversation.work');
      const { message, created } = await postMessage(ctx, who, req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(presentMessage(message));
    },
  );

  r.get(
    '/api/conversations/:id/messages',
    { schema: { tags, summary: '取 seq 之后的消息（断线重连补齐）', params: IdParams, querystring: MessagesQuery, response: { 200: MessageList } } },
    async (req) => {
      const who = await speakerOf(req);
      if (who.kind === 'agent') authorize(who.actor, 'conversation.read');
      const { items, lastSeq } = await listMessages(ctx, who, req.params.id, req.query.after);
      return { items: items.map(presentMessage), lastSeq };
    },
  );

  r.post('/api/conversations/:id/claim', { schema: { tags, summary: '从队列接入会话', params: IdParams, response: { 200: StaffConversation } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.work');
    return presentForStaff(ctx, actor, await claimConversation(ctx, writeContext(req, actor), req.params.id));
  });

  r.post('/api/conversations/:id/transfer', { schema: { tags, summary: '转接给其他工作人员', params: IdParams, body: TransferBody, response: { 200: StaffConversation } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.transfer');
    return presentForStaff(ctx, actor, await transferConversation(ctx, writeContext(req, actor), req.params.id, req.body));
  });

  r.post('/api/conversations/:id/close', { schema: { tags, summary: '结束会话（已解决／未解决及原因）', params: IdParams, body: CloseBody, response: { 200: StaffConversation } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.work');
    return presentForStaff(ctx, actor, await closeConversation(ctx, writeContext(req, actor), req.params.id, req.body));
  });

  r.post('/api/conversations/:id/contest', { schema: { tags, summary: '群众对“已解决”提出异议', params: IdParams, body: ContestBody, response: { 200: CitizenConversation } } }, async (req) => {
    const row = await contestClose(ctx, await citizenOf(req), req.params.id, req.body.reason);
    return presentForCitizen(ctx, row);
  });

  r.put('/api/agent/status', { schema: { tags, summary: '设置接待状态（在线／忙碌／暂离／离线）与同时接待上限', body: AgentStatusBody, response: { 200: AgentStatusView } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.work');
    return setAgentStatus(ctx, writeContext(req, actor), req.body);
  });
}
