import { maskPersonalNumbers, type ConversationNote } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor, StaffWriteContext } from '../../lib/actor.ts';
import { inTransaction } from '../../lib/events.ts';
import { can } from '../identity/policy.ts';
import { scopedConversation } from './assignment.commands.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock'>;

/**
 * Internal notes (内部备注): staff of the conversation's scope read and write them; they are a table of their
 * own, outside the message sequence, so no citizen stream or transcript can ever carry one.
 */
export async function listNotes(ctx: Ctx, actor: StaffActor, conversationId: string): Promise<ConversationNote[]> {
  await scopedConversation(ctx, actor, conversationId);
  const rows = await ctx.db
    .selectFrom('conversation_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.author_id', 'u.display_name', 'n.body', 'n.created_at'])
    .where('n.conversation_id', '=', conversationId)
    .orderBy('n.created_at')
    .execute();
  // A note may quote the citizen's numbers (a coordinator noting a call-back number): masked like the chat.
  const pii = can(actor, 'citizen.viewPii');
  return rows.map((r) => ({ id: r.id, authorId: r.author_id, authorName: r.display_name, text: pii ? r.body : maskPersonalNumbers(r.body), createdAt: r.created_at.toISOString() }));
}

export async function addNote(ctx: Ctx, wctx: StaffWriteContext, conversationId: string, text: string): Promise<ConversationNote> {
  const c = await scopedConversation(ctx, wctx.actor, conversationId);
  const now = ctx.clock.now();
  const row = await inTransaction(ctx, wctx, async (tx) => {
    const note = await tx.db
      .insertInto('conversation_notes')
      .values({ conversation_id: conversationId, author_id: wctx.actor.id, body: text, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The note may quote the citizen: its text stays in the note, not in the audit trail.
    await tx.record({ type: 'conversation.note_added', subjectType: 'conversation', subjectId: conversationId, orgUnitId: c.group_id, summary: '添加内部备注' });
    return note;
  });
  return { id: row.id, authorId: row.author_id, authorName: wctx.actor.displayName, text: row.body, createdAt: row.created_at.toISOString() };
}
