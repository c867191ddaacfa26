import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CitizenRating, FollowUpBody, RatingBody, RatingList, RatingListQuery, RatingMetrics, RatingMetricsQuery, StaffRating } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { RatingRow } from '../../db/schema.ts';
import { bearerToken, staffOf, writeContext, zod } from '../../lib/http.ts';
import { AppError } from '../../lib/errors.ts';
import { ownConversation } from '../conversations/assignment.commands.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { authorize } from '../identity/policy.ts';
import { followUpRating } from './follow-up.command.ts';
import { ratingMetrics } from './rating-metrics.query.ts';
import { presentForCitizen } from './rating.presenter.ts';
import { getRating, listRatings } from './rating.queries.ts';
import { reviseRating, submitRating } from './rating.commands.ts';


export function ratingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['ratings'];
  const IdParams = z.object({ id: z.uuid() });
  const citizenOf = (req: FastifyRequest) => authenticateCitizen(ctx, bearerToken(req));
  const staffWith = async (req: FastifyRequest, permission: Parameters<typeof authorize>[1]) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, permission);
    return actor;
  };
  const forCitizen = async (row: RatingRow) => {
    const followUp = await ctx.db.selectFrom('rating_follow_ups').selectAll().where('rating_id', '=', row.id).executeTakeFirst();
    return presentForCitizen(row, followUp, ctx.clock.now());
  };

  r.post(
    '/api/conversations/:id/rating',
    { schema: { tags, summary: '群众评价本次人工帮办（好差评，每次帮办一次）', params: IdParams, body: RatingBody, response: { 201: CitizenRating } } },
    async (req, reply) => reply.code(201).send(await forCitizen(await submitRating(ctx, await citizenOf(req), req.params.id, req.body))),
  );

  r.put(
    '/api/conversations/:id/rating',
    { schema: { tags, summary: '修改评价（提交后 24 小时内一次，回访开始前）', params: IdParams, body: RatingBody, response: { 200: CitizenRating } } },
    async (req) => forCitizen(await reviseRating(ctx, await citizenOf(req), req.params.id, req.body)),
  );

  r.get('/api/conversations/:id/rating', { schema: { tags, summary: '群众查看自己的评价', params: IdParams, response: { 200: CitizenRating } } }, async (req) => {
    const c = await ownConversation(ctx, await citizenOf(req), req.params.id);
    const row = await ctx.db.selectFrom('ratings').selectAll().where('conversation_id', '=', c.id).executeTakeFirst();
    if (!row) throw new AppError('RATING_NOT_FOUND');
    return forCitizen(row);
  });

  r.get('/api/ratings', { schema: { tags, summary: '好差评列表（坐席：本人；部门领导：本部门；区政务服务办：全部）', querystring: RatingListQuery, response: { 200: RatingList } } }, async (req) =>
    listRatings(ctx, await staffWith(req, 'rating.read'), req.query),
  );

  r.get(
    '/api/ratings/metrics',
    { schema: { tags, summary: '满意度与差评整改按时率（按坐席、小组、部门）', querystring: RatingMetricsQuery, response: { 200: RatingMetrics } } },
    async (req) => ratingMetrics(ctx, await staffWith(req, 'rating.metrics'), req.query),
  );

  r.get('/api/ratings/:id', { schema: { tags, summary: '评价详情与差评整改记录', params: IdParams, response: { 200: StaffRating } } }, async (req) =>
    getRating(ctx, await staffWith(req, 'rating.read'), req.params.id),
  );

  r.post(
    '/api/ratings/:id/follow-up',
    { schema: { tags, summary: '差评整改：回访、整改、销号；区政务服务办可不予整改', params: IdParams, body: FollowUpBody, response: { 200: StaffRating } } },
    async (req) => {
      const actor = await staffWith(req, 'rating.followUp');
      await followUpRating(ctx, writeContext(req, actor), req.params.id, req.body);
      return getRating(ctx, actor, req.params.id);
    },
  );
}
