import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AnswerGapBody, DismissGapBody, KbEntry, KbGapList, KbGapQuery } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, can } from '../identity/policy.ts';
import { answerGap, dismissGap, draftFromGap } from './gap-resolution.commands.ts';
import { listGaps } from './gap.queries.ts';
import { presentEntry } from './entry.presenter.ts';
import { entryLinks } from './entry.queries.ts';

export function gapsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['knowledge'];
  const IdParams = z.object({ id: z.uuid() });

  r.get('/api/kb/gaps', { schema: { tags, summary: '查遗补缺：未能解答的问题（5 个工作日内补充答复口径）', querystring: KbGapQuery, response: { 200: KbGapList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.gaps');
    const { items, total } = await listGaps(ctx, actor, req.query);
    return { items, total, page: req.query.page, pageSize: req.query.pageSize, can: { resolve: can(actor, 'kb.write') || actor.role === 'coordinator' } };
  });

  r.post('/api/kb/gaps/:id/answer', { schema: { tags, summary: '用已发布的条目答复', params: IdParams, body: AnswerGapBody } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.gaps');
    await answerGap(ctx, writeContext(req, actor), req.params.id, req.body.entryId);
    return reply.code(204).send();
  });

  r.post('/api/kb/gaps/:id/dismiss', { schema: { tags, summary: '不予补充（说明原因）', params: IdParams, body: DismissGapBody } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.gaps');
    await dismissGap(ctx, writeContext(req, actor), req.params.id, req.body.reason);
    return reply.code(204).send();
  });

  r.post('/api/kb/gaps/:id/draft', { schema: { tags, summary: '据此起草条目（发布后自动答复）', params: IdParams, response: { 201: KbEntry } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.write');
    const row = await draftFromGap(ctx, writeContext(req, actor), req.params.id);
    return reply.code(201).send(presentEntry(row, ctx.org, actor, await entryLinks(ctx, actor, row)));
  });
}
