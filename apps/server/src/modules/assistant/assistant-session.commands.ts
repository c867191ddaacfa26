import type { AppContext } from '../../context.ts';
import type { AssistantSessionRow, MatterRow } from '../../db/schema.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { REPLY } from './assistant-replies.ts';
import { findMatter } from './matter-card.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock'>;

export interface StartSessionInput {
  channel: 'widget' | 'page';
  matterId?: string | undefined;
  matterCode?: string | undefined;
  pageUrl?: string | undefined;
}

/** Opens a conversation, in the context of the matter whose page the citizen is on, if any. */
export async function startAssistantSession(
  ctx: Ctx,
  citizen: CitizenActor,
  input: StartSessionInput,
): Promise<{ session: AssistantSessionRow; matter: MatterRow | null; greeting: string }> {
  const matter = input.matterId || input.matterCode ? await findMatter(ctx, { id: input.matterId, code: input.matterCode }) : null;
  const now = ctx.clock.now();
  const session = await ctx.db
    .insertInto('assistant_sessions')
    .values({
      citizen_id: citizen.citizenId,
      channel: input.channel,
      matter_id: matter?.id ?? null,
      page_url: input.pageUrl ?? null,
      started_at: now,
      last_activity_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { session, matter, greeting: matter ? REPLY.greetingForMatter(matter.name) : REPLY.greeting };
}

/**
 * The citizen's own session. Someone else's answers "not found", the same as a session that does not exist,
 * so session ids cannot be probed.
 */
export async function ownSession(ctx: Pick<AppContext, 'db'>, citizen: CitizenActor, sessionId: string): Promise<AssistantSessionRow> {
  const row = await ctx.db.selectFrom('assistant_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!row || row.citizen_id !== citizen.citizenId) throw new AppError('ASSISTANT_SESSION_NOT_FOUND');
  return row;
}

/** What the ask path needs of the matter whose page the session was opened on. */
export type SessionMatter = Pick<MatterRow, 'id' | 'name' | 'department_id'>;

/** The citizen's own session with its page's matter, in one read: the ask path's first and only lookup. */
export async function askableSession(
  ctx: Pick<AppContext, 'db'>,
  citizen: CitizenActor,
  sessionId: string,
): Promise<{ session: AssistantSessionRow; matter: SessionMatter | null }> {
  const row = await ctx.db
    .selectFrom('assistant_sessions')
    .leftJoin('matters', 'matters.id', 'assistant_sessions.matter_id')
    .selectAll('assistant_sessions')
    .select(['matters.id as m_id', 'matters.name as m_name', 'matters.department_id as m_department_id'])
    .where('assistant_sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.citizen_id !== citizen.citizenId) throw new AppError('ASSISTANT_SESSION_NOT_FOUND');
  const { m_id, m_name, m_department_id, ...session } = row;
  return { session, matter: m_id && m_name !== null && m_department_id !== null ? { id: m_id, name: m_name, department_id: m_department_id } : null };
}

export async function endAssistantSession(ctx: Ctx, citizen: CitizenActor, sessionId: string): Promise<void> {
  await ownSession(ctx, citizen, sessionId);
  // Ending twice keeps the first end: the idle rule and the metrics read the first one.
  await ctx.db.updateTable('assistant_sessions').set({ ended_at: ctx.clock.now() }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
}

export async function sessionMatter(ctx: Pick<AppContext, 'db'>, session: AssistantSessionRow): Promise<MatterRow | null> {
  if (!session.matter_id) return null;
  return (await ctx.db.selectFrom('matters').selectAll().where('id', '=', session.matter_id).executeTakeFirst()) ?? null;
}
