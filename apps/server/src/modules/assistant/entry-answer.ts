import type { AssistantReply } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { matterCardMarkdown, mattersByIds, presentMatterCard } from './matter-card.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'knowledge'>;
export type AnswerBlock = NonNullable<AssistantReply['answer']>;

export const MATTER_PREFIX = 'matter:';

/**
 * A KB entry's answer exactly as published in the given version (a transcript shows what the citizen was
 * told then, even after the entry changed), with its matters' cards and the related entries still live.
 */
export async function entryAnswer(ctx: Ctx, entryId: string, version: number): Promise<AnswerBlock | null> {
  const v = await ctx.db
    .selectFrom('kb_entry_versions')
    .select(['question', 'answer', 'matter_ids'])
    .where('entry_id', '=', entryId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!v) return null;
  const [matters, related] = await Promise.all([
    mattersByIds(ctx, v.matter_ids),
    ctx.db.selectFrom('kb_entry_related').select('related_id').where('entry_id', '=', entryId).execute(),
  ]);
  return {
    entryId,
    question: v.question,
    answer: v.answer,
    matterCards: matters.map((m) => presentMatterCard(m, ctx.org)),
    related: related
      .map((r) => ctx.knowledge.doc(r.related_id))
      .filter((d) => d !== undefined)
      .map((d) => ({ entryId: d.id, question: d.question })),
  };
}

/** A question that found a matter itself: the answer is the matter's card. */
export async function matterAnswer(ctx: Ctx, matterId: string): Promise<AnswerBlock | null> {
  const [row] = await mattersByIds(ctx, [matterId]);
  if (!row) return null;
  const card = presentMatterCard(row, ctx.org);
  return { entryId: MATTER_PREFIX + row.id, question: row.name, answer: matterCardMarkdown(card), matterCards: [card], related: [] };
}
