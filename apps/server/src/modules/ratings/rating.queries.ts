import { addCalendarDays, cstInstant } from '@bangban/calendar';
import type { z } from 'zod';
import type { RatingListQuery, StaffRating } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { RatingFollowUpRow, RatingRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { presentForStaff, ratingVisible } from './rating.presenter.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'calendar'>;

export async function agentNames(ctx: Pick<AppContext, 'db'>, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((u) => [u.id, u.display_name]));
}

/** A rating the caller may see, else "not found" (ids cannot be probed across departments). */
export async function scopedRating(ctx: Ctx, actor: StaffActor, id: string): Promise<{ rating: RatingRow; followUp: RatingFollowUpRow | undefined }> {
  const rating = await ctx.db.selectFrom('ratings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rating) throw new AppError('RATING_NOT_FOUND');
  if (!ratingVisible(ctx, actor, rating)) throw new AppError('OUT_OF_SCOPE');
  const followUp = await ctx.db.selectFrom('rating_follow_ups').selectAll().where('rating_id', '=', id).executeTakeFirst();
  return { rating, followUp };
}

export async function getRating(ctx: Ctx, actor: StaffActor, id: string): Promise<StaffRating> {
  const { rating, followUp } = await scopedRating(ctx, actor, id);
  return presentForStaff(ctx, actor, rating, followUp, await agentNames(ctx, [rating.agent_id]), ctx.clock.now());
}

/** Ratings given on the CST dates [from, to], newest first, within the caller's reach. */
export async function listRatings(ctx: Ctx, actor: StaffActor, query: z.infer<typeof RatingListQuery>) {
  const scope = orgScope(actor, ctx.org);
  if (query.departmentId && !inScope(scope, query.departmentId)) throw new AppError('OUT_OF_SCOPE');
  const now = ctx.clock.now();
  let q = ctx.db.selectFrom('ratings as r').leftJoin('rating_follow_ups as f', 'f.rating_id', 'r.id');
  if (actor.role === 'agent') q = q.where('r.agent_id', '=', actor.id);
  else if (scope !== 'all') q = q.where('r.group_id', 'in', [...scope]);
  if (query.departmentId) q = q.where('r.group_id', 'in', [...ctx.org.subtree(query.departmentId)]);
  if (query.from) q = q.where('r.rated_at', '>=', cstInstant(query.from));
  if (query.to) q = q.where('r.rated_at', '<', cstInstant(addCalendarDays(query.to, 1)));
  if (query.level) q = q.where('r.overall', '=', query.level);
  if (query.followUp === 'open') q = q.where('f.status', 'in', ['open', 'called_back', 'rectified']);
  if (query.followUp === 'overdue') q = q.where('f.status', 'in', ['open', 'called_back']).where('f.due_at', '<', now);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const ids = await q.select('r.id').orderBy('r.rated_at', 'desc').orderBy('r.id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  const keys = ids.map((x) => x.id);
  const [ratings, followUps] = keys.length
    ? await Promise.all([
        ctx.db.selectFrom('ratings').selectAll().where('id', 'in', keys).execute(),
        ctx.db.selectFrom('rating_follow_ups').selectAll().where('rating_id', 'in', keys).execute(),
      ])
    : [[], []];
  const byId = new Map(ratings.map((r) => [r.id, r]));
  const fu = new Map(followUps.map((f) => [f.rating_id, f]));
  const names = await agentNames(ctx, ratings.map((r) => r.agent_id));
  const items = keys.map((id) => presentForStaff(ctx, actor, byId.get(id)!, fu.get(id), names, now));
  return { items, total: Number(total), page: query.page, pageSize: query.pageSize };
}
