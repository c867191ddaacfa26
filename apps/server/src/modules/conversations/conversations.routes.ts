import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AgentDirectory,
  AgentStatusBody,
  AgentStatusView,
  ChatMessage,
  CitizenConversation,
  CitizenConversationList,
  ConversationContext,
  ConversationNote,
  NoteBody,
  NoteList,
  ProposeEntryBody,
  ProposedEntry,
  SuggestionList,
  Wallboard,
  CloseBody,
  ContactBody,
  ContestBody,
  ConversationList,
  ConversationListQuery,
  ConversationMetrics,
  ConversationMetricsQuery,
  MessageList,
  MessagesQuery,
  HandoffPreview,
  HandoffPreviewQuery,
  OpenConversationBody,
  PostMessageBody,
  StaffConversation,
  TransferBody,
} from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { bearerToken, staffOf, writeContext, zod } from '../../lib/http.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { AppError } from '../../lib/errors.ts';
import { authorize, can, orgScope } from '../identity/policy.ts';
import { capacityOf } from './queue.ts';
import { agentView, setAgentStatus } from './agent-status.command.ts';
import { claimConversation, ownConversation, scopedConversation } from './assignment.commands.ts';
import { conversationMetrics } from './conversation-metrics.query.ts';
import { presentForCitizen, presentForStaff } from './conversation.presenter.ts';
import { leaveContact, openConversation, previewHandoff } from './handoff.command.ts';
import { agentDirectory, conversationContext, suggestions } from './desk.queries.ts';
import { listMessages, postMessage } from './message.commands.ts';
import { messageForReader, presentMessages } from './message.presenter.ts';
import { addNote, listNotes } from './notes.commands.ts';
import { proposeEntry } from './propose-entry.command.ts';
import { wallboard } from './wallboard.query.ts';
import { closeConversation, contestClose, transferConversation } from './transfer-close.commands.ts';


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
  /** The citizen reads their own text as typed; staff read personal numbers in it per citizen.viewPii. */
  const seesPii = (who: Awaited<ReturnType<typeof speakerOf>>) => who.kind === 'citizen' || can(who.actor, 'citizen.viewPii');
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

  r.get(
    '/api/conversations/preview',
    { schema: { tags, summary: '转人工之前：现在谁能接待（在线人数、上班时间、留言何时处理），不产生任何记录', querystring: HandoffPreviewQuery, response: { 200: HandoffPreview } } },
    async (req) => previewHandoff(ctx, await citizenOf(req), req.query),
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

  r.get('/api/conversations/mine', { schema: { tags, summary: '群众自己的人工帮办（最新的在前）', response: { 200: CitizenConversationList } } }, async (req) => {
    const citizen = await citizenOf(req);
    const rows = await ctx.db.selectFrom('conversations').selectAll().where('citizen_id', '=', citizen.citizenId).orderBy('requested_at', 'desc').limit(20).execute();
    return { items: await Promise.all(rows.map((c) => presentForCitizen(ctx, c))) };
  });

  r.get('/api/conversations/wallboard', { schema: { tags, summary: '值班看板：排队、等待、坐席负载、待首次响应', response: { 200: Wallboard } } }, async (req) =>
    wallboard(ctx, await staffWith(req, 'conversation.supervise')),
  );

  r.get('/api/agents', { schema: { tags, summary: '可转接的工作人员及其状态和负载', response: { 200: AgentDirectory } } }, async (req) =>
    agentDirectory(ctx, await staffWith(req, 'conversation.transfer')),
  );

  r.get(
    '/api/conversations/:id/context',
    { schema: { tags, summary: '会话旁的信息：事项、小申对话、历史来访、群众（脱敏）', params: IdParams, response: { 200: ConversationContext } } },
    async (req) => conversationContext(ctx, writeContext(req, await staffWith(req, 'conversation.read')), req.params.id),
  );

  r.get(
    '/api/conversations/:id/suggestions',
    { schema: { tags, summary: '按群众最后一问推荐知识库答复', params: IdParams, response: { 200: SuggestionList } } },
    async (req) => suggestions(ctx, await staffWith(req, 'conversation.read'), req.params.id),
  );

  r.get('/api/conversations/:id/notes', { schema: { tags, summary: '内部备注（群众看不到）', params: IdParams, response: { 200: NoteList } } }, async (req) => ({
    items: await listNotes(ctx, await staffWith(req, 'conversation.read'), req.params.id),
  }));

  r.post('/api/conversations/:id/notes', { schema: { tags, summary: '添加内部备注', params: IdParams, body: NoteBody, response: { 201: ConversationNote } } }, async (req, reply) => {
    const actor = await staffWith(req, 'conversation.read');
    return reply.code(201).send(await addNote(ctx, writeContext(req, actor), req.params.id, req.body.text));
  });

  r.post(
    '/api/conversations/:id/propose-entry',
    { schema: { tags, summary: '提为知识条目（生成草稿，交本部门知识库运营审核）', params: IdParams, body: ProposeEntryBody, response: { 201: ProposedEntry } } },
    async (req, reply) => {
      const actor = await staffWith(req, 'conversation.work');
      return reply.code(201).send(await proposeEntry(ctx, writeContext(req, actor), req.params.id, req.body));
    },
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
      const [presented] = await presentMessages(ctx, [message]);
      return reply.code(created ? 201 : 200).send(messageForReader(presented!, seesPii(who)));
    },
  );

  r.get(
    '/api/conversations/:id/messages',
    { schema: { tags, summary: '取 seq 之后的消息（断线重连补齐）', params: IdParams, querystring: MessagesQuery, response: { 200: MessageList } } },
    async (req) => {
      const who = await speakerOf(req);
      if (who.kind === 'agent') authorize(who.actor, 'conversation.read');
      const { items, lastSeq } = await listMessages(ctx, who, req.params.id, req.query.after);
      const pii = seesPii(who);
      return { items: (await presentMessages(ctx, items)).map((m) => messageForReader(m, pii)), lastSeq };
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

  r.put('/api/conversations/:id/contact', { schema: { tags, summary: '群众补留联系电话（会话结束前）', params: IdParams, body: ContactBody, response: { 200: CitizenConversation } } }, async (req) =>
    presentForCitizen(ctx, await leaveContact(ctx, await citizenOf(req), req.params.id, req.body.contact)),
  );

  r.post('/api/conversations/:id/contest', { schema: { tags, summary: '群众对“已解决”提出异议', params: IdParams, body: ContestBody, response: { 200: CitizenConversation } } }, async (req) => {
    const row = await contestClose(ctx, await citizenOf(req), req.params.id, req.body.reason);
    return presentForCitizen(ctx, row);
  });

  r.get('/api/agent/status', { schema: { tags, summary: '我的接待状态与当前会话', response: { 200: AgentStatusView } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.work');
    const known = await ctx.db.selectFrom('agent_status').select('user_id').where('user_id', '=', actor.id).executeTakeFirst();
    if (known) return agentView(ctx, actor.id);
    // Never set yet: offline, in the agent's own group, with the group's capacity.
    const group = ctx.org.get(actor.orgUnitId);
    if (group?.kind !== 'agent_group') throw new AppError('AGENT_NOT_IN_GROUP');
    return { status: 'offline' as const, groupId: group.id, maxChats: capacityOf(ctx.org, { max_chats: null, group_id: group.id }), load: 0, requeued: 0, assigned: [], dropped: null };
  });

  r.put('/api/agent/status', { schema: { tags, summary: '设置接待状态（在线／忙碌／暂离／离线）与同时接待上限', body: AgentStatusBody, response: { 200: AgentStatusView } } }, async (req) => {
    const actor = await staffWith(req, 'conversation.work');
    return setAgentStatus(ctx, writeContext(req, actor), req.body);
  });
}
