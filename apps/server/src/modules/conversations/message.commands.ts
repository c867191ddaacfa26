import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { ownConversation, scopedConversation } from './assignment.commands.ts';
import type { MessageInput, Posted, Speaker } from './message-writer.ts';

export type { Speaker } from './message-writer.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock'>;

/** A page of missed messages is capped; the client asks again from the last seq it got. */
export const MESSAGES_PAGE = 500;

async function accessible(ctx: Ctx, who: Speaker | { kind: 'staff'; actor: StaffActor }, id: string) {
  if (who.kind === 'citizen') return ownConversation(ctx, who.citizen, id);
  return scopedConversation(ctx, who.actor, id);
}

/**
 * Stores a message (text and/or one attachment) with the conversation's next sequence number, through this
 * process's batching writer (message-writer.ts, where the rules are). Idempotent on the client's id: a retry
 * returns the stored message (`created: false`), never a second copy.
 */
export function postMessage(ctx: Pick<AppContext, 'messages'>, who: Speaker, id: string, input: MessageInput): Promise<Posted> {
  return ctx.messages.post(who, id, input);
}

/** A side's read position: forward only, never past the last message. Not a staff write worth an audit row. */
export async function markRead(ctx: Pick<AppContext, 'db'>, conversationId: string, side: 'citizen' | 'agent', seq: number): Promise<void> {
  const column = side === 'citizen' ? 'citizen_read_seq' : 'agent_read_seq';
  await ctx.db
    .updateTable('conversations')
    .set({ [column]: seq })
    .where('id', '=', conversationId)
    .where(column, '<', seq)
    .where('last_seq', '>=', seq)
    .execute();
}

/** Messages after `after`, in order: what a reconnecting client missed. */
export async function listMessages(ctx: Ctx, who: Speaker | { kind: 'staff'; actor: StaffActor }, id: string, after: number) {
  const c = await accessible(ctx, who, id);
  const items = await ctx.db.selectFrom('conversation_messages').selectAll().where('conversation_id', '=', id).where('seq', '>', after).orderBy('seq').limit(MESSAGES_PAGE).execute();
  return { items, lastSeq: c.last_seq };
}
