import type { AppContext } from '../../context.ts';

/**
 * Who would take a session's request: the lead unit of the page's matter, else of the matter of the last
 * answer, else the department of the last answered entry. Null when 小申 never knew what it was about.
 */
export async function responsibleUnit(ctx: Pick<AppContext, 'db'>, session: { id: string; matter_id: string | null }) {
  const lastAnswer = await ctx.db
    .selectFrom('assistant_turns')
    .select(['matter_id', 'department_id'])
    .where('session_id', '=', session.id)
    .where('outcome', '=', 'answer')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const matterId = session.matter_id ?? lastAnswer?.matter_id ?? null;
  const matter = matterId ? await ctx.db.selectFrom('matters').select(['id', 'lead_unit_id']).where('id', '=', matterId).executeTakeFirst() : undefined;
  return { matterId: matter?.id ?? null, leadUnitId: matter?.lead_unit_id ?? lastAnswer?.department_id ?? null };
}
