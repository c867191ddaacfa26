import type { AppContext } from '../../src/context.ts';

export interface EntryInput {
  question: string;
  similar?: string[];
  answer: string;
  departmentId: string;
  matterIds?: string[];
  related?: string[];
}

/**
 * A published KB entry (version 1) straight in the tables, then indexed. Stands in for the knowledge module's
 * publish command until that lands; tests only need what 小申 reads.
 */
export async function publishEntry(ctx: AppContext, input: EntryInput): Promise<string> {
  const similar = JSON.stringify(input.similar ?? []);
  const matterIds = input.matterIds ?? [];
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('kb_entries')
      .values({ department_id: input.departmentId, sharing: 'district', source: 'manual', status: 'published', question: input.question, similar, answer: input.answer, published_version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('kb_entry_versions')
      .values({ entry_id: id, version: 1, question: input.question, similar, answer: input.answer, matter_ids: JSON.stringify(matterIds) })
      .execute();
    if (matterIds.length) await trx.insertInto('kb_entry_matters').values(matterIds.map((matter_id) => ({ entry_id: id, matter_id }))).execute();
    if (input.related?.length) await trx.insertInto('kb_entry_related').values(input.related.map((related_id) => ({ entry_id: id, related_id }))).execute();
    return id;
  });
  await ctx.knowledge.refreshEntry(id);
  return id;
}

/** A matter of the catalogue, indexed as a card: the fields 小申 shows a citizen. */
export async function createMatter(
  ctx: AppContext,
  input: { code: string; name: string; departmentId: string; leadUnitId?: string; location?: string; promisedTimeLimit?: string; materials?: string[]; consultPhone?: string },
): Promise<string> {
  const { id } = await ctx.db
    .insertInto('matters')
    .values({
      code: input.code,
      name: input.name,
      type: '公共服务',
      audience: 'personal',
      department_id: input.departmentId,
      hall: 'other',
      lead_unit_id: input.leadUnitId ?? input.departmentId,
      service_objects: '["自然人"]',
      themes: '[]',
      location: input.location ?? null,
      promised_time_limit: input.promisedTimeLimit ?? null,
      materials: JSON.stringify(input.materials ?? []),
      consult_phone: input.consultPhone ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.knowledge.refreshMatter(id);
  return id;
}
