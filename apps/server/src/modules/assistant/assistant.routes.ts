import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AskBody,
  AssistantMetrics,
  AssistantMetricsQuery,
  AssistantReply,
  FeedbackAck,
  FeedbackBody,
  HumanHelpStatus,
  MatterCard,
  SessionStarted,
  StartSessionBody,
  Transcript,
} from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { bearerToken, staffOf, zod } from '../../lib/http.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { authorize } from '../identity/policy.ts';
import { hashToken } from '../identity/tokens.ts';
import { askAssistant } from './ask.command.ts';
import { assistantMetrics } from './assistant-metrics.query.ts';
import { endAssistantSession, startAssistantSession } from './assistant-session.commands.ts';
import { recordFeedback } from './feedback.command.ts';
import { humanHelpStatus } from './human-help.ts';
import { findMatter, presentMatterCard } from './matter-card.ts';
import { getTranscript } from './transcript.query.ts';

/** Questions per minute per citizen (or per address without a token): generous for a person, not for a script. */
export const ASK_RATE_PER_MINUTE = 30;


/** Rate-limit key: the citizen's token (hashed, so raw tokens never sit in the limiter's store), else the IP. */
function citizenKey(req: FastifyRequest): string {
  const token = bearerToken(req);
  return token ? `c:${hashToken(token)}` : `ip:${req.ip}`;
}

export function assistantRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['assistant'];
  const IdParams = z.object({ id: z.uuid() });
  const citizenOf = (req: FastifyRequest) => authenticateCitizen(ctx, bearerToken(req));
  const perCitizen = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute', keyGenerator: citizenKey } });

  r.post(
    '/api/assistant/sessions',
    { schema: { tags, summary: '开始与小申对话', body: StartSessionBody, response: { 201: SessionStarted } }, config: perCitizen(ASK_RATE_PER_MINUTE) },
    async (req, reply) => {
      const { session, matter, greeting } = await startAssistantSession(ctx, await citizenOf(req), req.body);
      const humanHelp = humanHelpStatus(ctx, matter?.lead_unit_id ?? null);
      return reply.code(201).send({ sessionId: session.id, greeting, matter: matter ? presentMatterCard(matter, ctx.org) : null, humanHelp });
    },
  );

  r.post(
    '/api/assistant/sessions/:id/ask',
    { schema: { tags, summary: '向小申提问', params: IdParams, body: AskBody, response: { 200: AssistantReply } }, config: perCitizen(ASK_RATE_PER_MINUTE) },
    // The token is checked in the same read as the session (askableSession).
    async (req) => askAssistant(ctx, bearerToken(req), req.params.id, req.body),
  );

  r.post(
    '/api/assistant/turns/:id/feedback',
    { schema: { tags, summary: '解决了吗？（可修改，以最后一次为准）', params: IdParams, body: FeedbackBody, response: { 200: FeedbackAck } } },
    async (req) => recordFeedback(ctx, await citizenOf(req), req.params.id, req.body.feedback),
  );

  r.post('/api/assistant/sessions/:id/end', { schema: { tags, summary: '结束对话', params: IdParams } }, async (req, reply) => {
    await endAssistantSession(ctx, await citizenOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/assistant/sessions/:id', { schema: { tags, summary: '对话记录（刷新页面后继续）', params: IdParams, response: { 200: Transcript } } }, async (req) =>
    getTranscript(ctx, await citizenOf(req), req.params.id),
  );

  // Matter cards and opening hours are public service information: no token needed.
  r.get(
    '/api/assistant/matters/card',
    { schema: { tags, summary: '事项卡片（按事项编码）', querystring: z.strictObject({ code: z.string().trim().min(1).max(64) }), response: { 200: MatterCard } } },
    async (req) => presentMatterCard(await findMatter(ctx, { code: req.query.code }), ctx.org),
  );

  r.get('/api/assistant/matters/:id/card', { schema: { tags, summary: '事项卡片', params: IdParams, response: { 200: MatterCard } } }, async (req) =>
    presentMatterCard(await findMatter(ctx, { id: req.params.id }), ctx.org),
  );

  r.get(
    '/api/assistant/human-help',
    { schema: { tags, summary: '人工帮办是否在上班', querystring: z.strictObject({ matterId: z.uuid().optional() }), response: { 200: HumanHelpStatus } } },
    async (req) => {
      const matter = req.query.matterId ? await findMatter(ctx, { id: req.query.matterId }) : null;
      return humanHelpStatus(ctx, matter?.lead_unit_id ?? null);
    },
  );

  r.get('/api/assistant/metrics', { schema: { tags, summary: '小申解决率等指标', querystring: AssistantMetricsQuery, response: { 200: AssistantMetrics } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'assistant.metrics');
    return assistantMetrics(ctx, actor, req.query);
  });
}
