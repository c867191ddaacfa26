import type { AppContext } from '../../context.ts';
import type { AssistantSessionRow, MatterRow } from '../../db/schema.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { hashToken } from '../identity/tokens.ts';
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

/**
 * The ask path's only lookup: the device token's citizen, their session and its page's matter, in one read
 * (one round trip where authenticating and then reading the session were two). Answers as the two did: no
 * such token is CITIZEN_TOKEN_INVALID; someone else's session, or none, is ASSISTANT_SESSION_NOT_FOUND.
 */
export async function askableSession(
  ctx: Pick<AppContext, 'db'>,
  token: string | undefined,
  sessionId: string,
): Promise<{ citizen: CitizenActor; session: AssistantSessionRow; matter: SessionMatter | null }> {
  if (!token) throw new AppError('CITIZEN_TOKEN_INVALID');
  const row = await ctx.db
    .selectFrom('citizens as c')
    .leftJoin('assistant_sessions as s', (j) => j.on('s.id', '=', sessionId).onRef('s.citizen_id', '=', 'c.id'))
    .leftJoin('matters as m', 'm.id', 's.matter_id')
    .select(['c.id as c_id', 'm.id as m_id', 'm.name as m_name', 'm.department_id as m_department_id'])
    .select(SESSION_COLUMNS.map((col) => `s.${col}` as const))
    .where('c.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw new AppError('CITIZEN_TOKEN_INVALID');
  const { c_id, m_id, m_name, m_department_id, ...s } = row;
  if (s.id === null) throw new AppError('ASSISTANT_SESSION_NOT_FOUND');
  return {
    citizen: { kind: 'citizen', citizenId: c_id },
    // The session's columns are nullable only through the outer join: its id is there, so its row is.
    session: s as AssistantSessionRow,
    matter: m_id && m_name !== null && m_department_id !== null ? { id: m_id, name: m_name, department_id: m_department_id } : null,
  };
}

// Every column of the session (the record makes the compiler say so when the table gains one).
const SESSION_COLUMNS = Object.keys({
  id: true,
  citizen_id: true,
  channel: true,
  matter_id: true,
  page_url: true,
  started_at: true,
  last_activity_at: true,
  ended_at: true,
  question_count: true,
  human_requested_at: true,
} satisfies Record<keyof AssistantSessionRow, true>) as (keyof AssistantSessionRow)[];

export async function endAssistantSession(ctx: Ctx, citizen: CitizenActor, sessionId: string): Promise<void> {
  await ownSession(ctx, citizen, sessionId);
  // Ending twice keeps the first end: the idle rule and the metrics read the first one.
  await ctx.db.updateTable('assistant_sessions').set({ ended_at: ctx.clock.now() }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
}

export async function sessionMatter(ctx: Pick<AppContext, 'db'>, session: AssistantSessionRow): Promise<MatterRow | null> {
  if (!session.matter_id) return null;
  return (await ctx.db.selectFrom('matters').selectAll().where('id', '=', session.matter_id).executeTakeFirst()) ?? null;
}
