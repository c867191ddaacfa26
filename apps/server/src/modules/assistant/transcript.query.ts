import type { Transcript } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { AssistantTurnRow } from '../../db/schema.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { presentTranscript } from './assistant.presenter.ts';
import { ownSession, sessionMatter } from './assistant-session.commands.ts';
import { entryAnswer, matterAnswer, type AnswerBlock } from './entry-answer.ts';
import { presentMatterCard } from './matter-card.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'knowledge'>;

/** The conversation so far, for a page reload: each answer as it was published when it was given. */
export async function getTranscript(ctx: Ctx, citizen: CitizenActor, sessionId: string): Promise<Transcript> {
  const session = await ownSession(ctx, citizen, sessionId);
  const [matter, rows, conversation] = await Promise.all([
    sessionMatter(ctx, session),
    ctx.db.selectFrom('assistant_turns').selectAll().where('session_id', '=', sessionId).orderBy('seq').execute(),
    ctx.db.selectFrom('conversations').select('id').where('assistant_session_id', '=', sessionId).orderBy('requested_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  const turns = await Promise.all(rows.map(async (row) => ({ row, answer: await storedAnswer(ctx, row) })));
  return presentTranscript(sessionId, matter ? presentMatterCard(matter, ctx.org) : null, turns, session.human_requested_at !== null, conversation?.id ?? null);
}

async function storedAnswer(ctx: Ctx, row: AssistantTurnRow): Promise<AnswerBlock | null> {
  if (row.outcome !== 'answer') return null;
  if (row.entry_id && row.entry_version !== null) return entryAnswer(ctx, row.entry_id, row.entry_version);
  return row.matter_id ? matterAnswer(ctx, row.matter_id) : null;
}
