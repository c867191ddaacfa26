import type { AssistantReply } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { isDemoEntry, isDemoMatter } from '../knowledge/demo-content.ts';
import { CARD_COLUMNS, matterCardMarkdown, mattersByIds, presentMatterCard } from './matter-card.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'knowledge'>;
export type AnswerBlock = NonNullable<AssistantReply['answer']>;

export const MATTER_PREFIX = 'matter:';

/**
 * A KB entry's answer exactly as published in the given version (a transcript shows what the citizen was
 * told then, even after the entry changed), with its matters' cards and the related entries still live.
 */
export async function entryAnswer(ctx: Ctx, entryId: string, version: number): Promise<AnswerBlock | null> {
  // One statement for the version, its matters' cards and its related entries (three reads were two round trips).
  const v = await ctx.db
    .selectFrom('kb_entry_versions as v')
    .select((eb) => [
      'v.question',
      'v.answer',
      'v.matter_ids',
      eb.selectFrom('kb_entries as e').select('e.external_id').whereRef('e.id', '=', 'v.entry_id').as('external_id'),
      jsonArrayFrom(eb.selectFrom('kb_entry_related as r').select('r.related_id').whereRef('r.entry_id', '=', 'v.entry_id')).as('related'),
      jsonArrayFrom(
        eb
          .selectFrom('matters as m')
          .select(CARD_COLUMNS.map((c) => `m.${c}` as const))
          .where(sql<boolean>`m.id in (select jsonb_array_elements_text(v.matter_ids)::uuid)`),
      ).as('matters'),
    ])
    .where('v.entry_id', '=', entryId)
    .where('v.version', '=', version)
    .executeTakeFirst();
  if (!v) return null;
  // Keep the entry's own order of linked matters: the first is its main matter.
  const matters = v.matter_ids.map((id) => v.matters.find((m) => m.id === id)).filter((m) => m !== undefined);
  return {
    entryId,
    question: v.question,
    answer: v.answer,
    matterCards: matters.map((m) => presentMatterCard(m, ctx.org)),
    related: v.related
      .map((r) => ctx.knowledge.doc(r.related_id))
      .filter((d) => d !== undefined)
      .map((d) => ({ entryId: d.id, question: d.question })),
    demo: isDemoEntry(v.external_id),
  };
}

/** A question that found a matter itself: the answer is the matter's card. */
export async function matterAnswer(ctx: Ctx, matterId: string): Promise<AnswerBlock | null> {
  const [row] = await mattersByIds(ctx, [matterId]);
  if (!row) return null;
  const card = presentMatterCard(row, ctx.org);
  return { entryId: MATTER_PREFIX + row.id, question: row.name, answer: matterCardMarkdown(card), matterCards: [card], related: [], demo: isDemoMatter(row.code) };
}
