import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';

/**
 * Whether a staff socket's session still stands, read from the session row without sliding it (a re-check
 * is not the user's activity). Null: it stands, until `until` (its idle or absolute expiry, whichever is
 * first). Otherwise the error code the socket is closed with: `AUTH_SESSION_EXPIRED` when it ran out, else
 * `AUTH_REQUIRED` (logged out, revoked by a password change or reset, account disabled, role or unit changed:
 * the socket's actor is no longer who this user is).
 */
export type Standing = { gone: null; until: Date } | { gone: 'AUTH_REQUIRED' | 'AUTH_SESSION_EXPIRED' };

export async function sessionStanding(ctx: Pick<AppContext, 'db' | 'clock'>, actor: StaffActor): Promise<Standing> {
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.expires_at', 'sessions.idle_expires_at', 'sessions.revoked_at', 'users.role', 'users.org_unit_id', 'users.disabled'])
    .where('sessions.id', '=', actor.sessionId)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled || row.role !== actor.role || row.org_unit_id !== actor.orgUnitId) return { gone: 'AUTH_REQUIRED' };
  const until = row.idle_expires_at < row.expires_at ? row.idle_expires_at : row.expires_at;
  if (until <= ctx.clock.now()) return { gone: 'AUTH_SESSION_EXPIRED' };
  return { gone: null, until };
}
