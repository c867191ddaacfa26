import { diffArrays, diffChars } from 'diff';
import type { KbEntryDiff, KbEntryQuery } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { KbEntryRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { orgScope } from '../identity/policy.ts';
import type { EntryLinks } from './entry.presenter.ts';
import { canSeeEntry } from './knowledge.policy.ts';
import { escapeLike } from '../../lib/sql.ts';

type Ctx = Pick<AppContext, 'db' | 'org'>;

export async function listEntries(ctx: Ctx, actor: StaffActor, query: KbEntryQuery) {
  const scope = orgScope(actor, ctx.org);
  let q = ctx.db.selectFrom('kb_entries');
  const mine = scope === 'all' ? null : [...scope];
  if (query.scope === 'mine' && mine) q = q.where('department_id', 'in', mine);
  if (query.scope === 'shared') {
    q = q.where('sharing', '=', 'district');
    if (mine) q = q.where('department_id', 'not in', mine);
  }
  if (query.scope === 'all' && mine) q = q.where((eb) => eb.or([eb('department_id', 'in', mine), eb('sharing', '=', 'district')]));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.departmentId) q = q.where('department_id', '=', query.departmentId);
  if (query.matterId) q = q.where('id', 'in', (eb) => eb.selectFrom('kb_entry_matters').select('entry_id').where('matter_id', '=', query.matterId!));
  for (const term of (query.q ?? '').split(/\s+/).filter(Boolean)) {
    const like = `%${escapeLike(term)}%`;
    q = q.where((eb) => eb.or([eb('question', 'ilike', like), eb('answer', 'ilike', like), eb(eb.cast('similar', 'text'), 'ilike', like)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(total), matters: await mattersOf(ctx, rows.map((r) => r.id)) };
}

export async function mattersOf(ctx: Ctx, entryIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (!entryIds.length) return out;
  const rows = await ctx.db
    .selectFrom('kb_entry_matters')
    .innerJoin('matters', 'matters.id', 'kb_entry_matters.matter_id')
    .select(['kb_entry_matters.entry_id', 'matters.id', 'matters.name'])
    .where('kb_entry_matters.entry_id', 'in', entryIds)
    .execute();
  for (const r of rows) out.set(r.entry_id, [...(out.get(r.entry_id) ?? []), { id: r.id, name: r.name }]);
  return out;
}

/** An entry the caller may see, or OUT_OF_SCOPE: a department-only entry is invisible elsewhere. */
export async function getVisibleEntry(ctx: Ctx, actor: StaffActor, id: string): Promise<KbEntryRow> {
  const row = await ctx.db.selectFrom('kb_entries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('KB_ENTRY_NOT_FOUND');
  if (!canSeeEntry(actor, ctx.org, row)) throw new AppError('OUT_OF_SCOPE');
  return row;
}

export async function userNames(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (!want.length) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The entry's matters, reviewer names and related entries: only the related entries this reader may see. */
export async function entryLinks(ctx: Ctx, actor: StaffActor, row: KbEntryRow): Promise<EntryLinks> {
  const [matters, related, names] = await Promise.all([
    mattersOf(ctx, [row.id]),
    ctx.db
      .selectFrom('kb_entry_related')
      .innerJoin('kb_entries', 'kb_entries.id', 'kb_entry_related.related_id')
      .select(['kb_entries.id', 'kb_entries.question', 'kb_entries.department_id', 'kb_entries.sharing'])
      .where('kb_entry_related.entry_id', '=', row.id)
      .execute(),
    userNames(ctx, [row.submitted_by, row.reviewed_by]),
  ]);
  const visible = related.filter((r) => canSeeEntry(actor, ctx.org, r)).map((r) => ({ id: r.id, question: r.question }));
  return { matters: matters.get(row.id) ?? [], related: visible, names };
}

export async function entryVersions(ctx: Ctx, entryId: string) {
  return ctx.db.selectFrom('kb_entry_versions').selectAll().where('entry_id', '=', entryId).orderBy('version', 'desc').execute();
}

type Comparable = { question: string; similar: string[]; answer: string; matterIds: string[]; dates: string };

/** Character diff for Chinese text (word diff needs spaces), array diff for similar questions and matters. */
export function diffEntries(from: Comparable, to: Comparable, fromVersion: number, toVersion: number | 'draft'): KbEntryDiff {
  const text = (field: 'question' | 'answer' | 'dates') => {
    const parts = diffChars(from[field], to[field]).map((p) => ({ value: p.value, ...(p.added && { added: true }), ...(p.removed && { removed: true }) }));
    return { field, changed: parts.some((p) => p.added || p.removed), parts };
  };
  const list = (field: 'similar' | 'matters', a: string[], b: string[]) => {
    const parts = diffArrays(a, b).map((p) => ({ value: p.value.join('\n'), ...(p.added && { added: true }), ...(p.removed && { removed: true }) }));
    return { field, changed: parts.some((p) => p.added || p.removed), parts };
  };
  return {
    from: fromVersion,
    to: toVersion,
    fields: [text('question'), list('similar', from.similar, to.similar), text('answer'), list('matters', from.matterIds, to.matterIds), text('dates')],
  };
}
