import type { MatterFacets, MatterQuery } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { MatterRow } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import { escapeLike } from '../../lib/sql.ts';

type Ctx = Pick<AppContext, 'db' | 'org'>;
type Filters = Omit<MatterQuery, 'page' | 'pageSize'>;


// The catalogue is public service information (every citizen may read a matter's guide), so reads are not
// limited by organisation; writes are (see canOnMatter).
function filtered(ctx: Ctx, f: Filters) {
  let q = ctx.db.selectFrom('matters');
  for (const term of (f.q ?? '').split(/\s+/).filter(Boolean)) {
    const like = `%${escapeLike(term)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('code', 'ilike', like)]));
  }
  if (f.departmentId) q = q.where('department_id', 'in', [...ctx.org.subtree(f.departmentId)]);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.audience) {
    // "Personal" includes matters for both audiences: a citizen filtering for personal matters wants those too.
    q = q.where('audience', 'in', [f.audience, 'both']);
  }
  if (f.hall) q = q.where('hall', '=', f.hall);
  if (f.top === '100') q = q.where('top_rank', 'is not', null);
  if (f.top === '35') q = q.where('top_batch', '=', 2021);
  return q;
}

export async function searchMatters(ctx: Ctx, query: MatterQuery): Promise<{ rows: MatterRow[]; total: number }> {
  const q = filtered(ctx, query);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let ordered = q.selectAll();
  if (query.q) {
    // Exact name first, then names starting with the words, then shorter (more specific) names.
    ordered = ordered.orderBy((eb) => eb.case().when('name', '=', query.q!).then(0).when('name', 'like', `${escapeLike(query.q!)}%`).then(1).else(2).end());
  }
  const rows = await ordered
    .orderBy('top_rank', (ob) => ob.asc().nullsLast())
    .orderBy((eb) => eb.fn('length', ['name']))
    .orderBy('name')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(total) };
}

export async function allMatching(ctx: Ctx, f: Filters): Promise<MatterRow[]> {
  return filtered(ctx, f).selectAll().orderBy('code').execute();
}

export async function getMatter(ctx: Ctx, id: string): Promise<MatterRow> {
  const row = await ctx.db.selectFrom('matters').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('MATTER_NOT_FOUND');
  return row;
}

export async function matterFacets(ctx: Ctx): Promise<MatterFacets> {
  const [types, depts] = await Promise.all([
    ctx.db.selectFrom('matters').select(['type', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('type').orderBy('count', 'desc').execute(),
    ctx.db.selectFrom('matters').select(['department_id', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('department_id').orderBy('count', 'desc').execute(),
  ]);
  return {
    types: types.map((t) => ({ type: t.type, count: Number(t.count) })),
    departments: depts.map((d) => ({ id: d.department_id, name: ctx.org.get(d.department_id)?.name ?? '', count: Number(d.count) })),
  };
}
