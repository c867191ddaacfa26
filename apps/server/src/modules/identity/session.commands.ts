import { sql } from 'kysely';
import type { StaffRole } from '@bangban/shared';
import type { Config } from '../../config/env.ts';
import type { Db } from '../../db/database.ts';
import type { StaffActor } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type EventBus } from '../../lib/events.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { hashToken, newToken } from './tokens.ts';

export interface SessionDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  config: Pick<Config, 'session' | 'login'>;
}

interface LoginInput {
  username: string;
  password: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export async function login(deps: SessionDeps, input: LoginInput): Promise<{ token: string; actor: StaffActor }> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const user = await db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await recordUnknownUser(deps, input.username, input.ip, now);
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  const actor: StaffActor = {
    kind: 'staff',
    id: user.id,
    role: user.role as StaffRole,
    orgUnitId: user.org_unit_id,
    displayName: user.display_name,
    sessionId: '',
    sessionExpiresAt: now,
    mustChangePassword: user.must_change_password,
  };
  const ctx = { actor, ip: input.ip };
  // Claim one attempt before the password is checked, in one conditional UPDATE: parallel guesses each take
  // their own slot, so no more than maxFailures of them are ever evaluated before the lock.
  const attempt = await claimAttempt(deps.db, user.id, now, config.login);
  if (!attempt) {
    const row = await db.selectFrom('users').select('locked_until').where('id', '=', user.id).executeTakeFirst();
    const until = row?.locked_until ?? user.locked_until ?? now;
    throw new AppError('AUTH_LOCKED', { until: formatCst(until) }, { lockedUntil: until.toISOString() });
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok) {
    // The count was raised by the claim; what is left is the audit trail (committed before we throw).
    await inTransaction(deps, ctx, async (tx) => {
      await tx.record({ type: 'auth.login_failed', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id, summary: `第 ${attempt.failures} 次密码错误` });
      if (attempt.lockedUntil) {
        await tx.record({ type: 'auth.locked', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id, after: { lockedUntil: attempt.lockedUntil } });
      }
    });
    if (attempt.lockedUntil) throw new AppError('AUTH_LOCKED', { until: formatCst(attempt.lockedUntil) }, { lockedUntil: attempt.lockedUntil.toISOString() });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.disabled) throw new AppError('AUTH_DISABLED');

  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + config.session.maxHours * 3_600_000);
  await inTransaction(deps, ctx, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now })
      .where('id', '=', user.id)
      .execute();
    await tx.db
      .insertInto('sessions')
      .values({
        id: hash,
        user_id: user.id,
        created_at: now,
        expires_at: expiresAt,
        idle_expires_at: idleExpiry(now, config, expiresAt),
        ip: input.ip ?? null,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await tx.record({ type: 'auth.login_succeeded', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id });
  });
  return { token, actor: { ...actor, sessionId: hash, sessionExpiresAt: expiresAt } };
}

/**
 * Takes one password attempt for the user, atomically: raises `failed_logins` (starting again from 1 once an
 * old lock has run out) and sets the lock when this attempt is the last one allowed. Returns undefined while
 * the account is locked. A correct password then clears the count; a wrong one leaves it raised.
 */
export async function claimAttempt(
  db: Db,
  userId: string,
  now: Date,
  login: Pick<Config['login'], 'maxFailures' | 'lockMinutes'>,
): Promise<{ failures: number; lockedUntil: Date | null } | undefined> {
  const lockUntil = new Date(now.getTime() + login.lockMinutes * 60_000);
  const next = sql<number>`(case when locked_until is not null then 0 else failed_logins end) + 1`;
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: next,
      locked_until: sql<Date | null>`case when ${next} >= ${login.maxFailures} then ${lockUntil}::timestamptz else null end`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
  return row ? { failures: row.failed_logins, lockedUntil: row.locked_until } : undefined;
}

/** Unknown-user sign-ins are counted per IP and window, not audited one row each. */
export const UNKNOWN_LOGIN_WINDOW_MS = 15 * 60_000;
/** At most this many distinct names are kept per window, each cut to NAME_SAMPLE_CHARS. */
export const UNKNOWN_LOGIN_SAMPLE = 5;
const NAME_SAMPLE_CHARS = 32;

/**
 * A failed sign-in with an unknown user name: one row per client IP and 15-minute window counts them (first and
 * last time, a few names cut short). The audit trail gets one row when a window opens, not one per attempt,
 * so a burst cannot fill it with text of the attacker's choosing.
 */
async function recordUnknownUser(deps: SessionDeps, username: string, ip: string | undefined, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / UNKNOWN_LOGIN_WINDOW_MS) * UNKNOWN_LOGIN_WINDOW_MS);
  const name = [...username.replace(/[\p{Cc}\p{Cf}]/gu, '')].slice(0, NAME_SAMPLE_CHARS).join('');
  const client = ip ?? 'unknown';
  await inTransaction(deps, { actor: 'system' }, async (tx) => {
    const row = await tx.db
      .insertInto('login_unknown_windows')
      .values({ ip: client, window_start: windowStart, attempts: 1, first_seen_at: now, last_seen_at: now, sample_names: JSON.stringify([name]) })
      .onConflict((oc) =>
        oc.columns(['ip', 'window_start']).doUpdateSet({
          attempts: sql<number>`login_unknown_windows.attempts + 1`,
          last_seen_at: now,
          sample_names: sql<string>`case when jsonb_array_length(login_unknown_windows.sample_names) < ${UNKNOWN_LOGIN_SAMPLE}
            and not login_unknown_windows.sample_names @> excluded.sample_names
            then login_unknown_windows.sample_names || excluded.sample_names else login_unknown_windows.sample_names end`,
        }),
      )
      .returning('attempts')
      .executeTakeFirstOrThrow();
    if (row.attempts === 1) {
      await tx.record({
        type: 'auth.login_failed',
        subjectType: 'user',
        subjectId: null,
        summary: `来自 ${client.slice(0, 45)} 的未知用户名登录失败（15 分钟内的次数另行汇总）`,
      });
    }
  });
}

function idleExpiry(now: Date, config: Pick<Config, 'session'>, hardLimit: Date): Date {
  const idle = new Date(now.getTime() + config.session.idleMinutes * 60_000);
  return idle < hardLimit ? idle : hardLimit;
}

/** Resolves a session cookie to the staff member, sliding the idle expiry; throws when absent or expired. */
export async function authenticate(deps: SessionDeps, token: string | undefined): Promise<StaffActor> {
  if (!token) throw new AppError('AUTH_REQUIRED');
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at',
      'sessions.idle_expires_at',
      'sessions.revoked_at',
      'users.id',
      'users.role',
      'users.org_unit_id',
      'users.display_name',
      'users.disabled',
      'users.must_change_password',
    ])
    .where('sessions.id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) throw new AppError('AUTH_REQUIRED');
  if (row.expires_at <= now || row.idle_expires_at <= now) throw new AppError('AUTH_SESSION_EXPIRED');
  if (row.disabled) throw new AppError('AUTH_DISABLED');
  const nextIdle = idleExpiry(now, deps.config, row.expires_at);
  // Slide at most once a minute: a write per request would be wasted work.
  if (nextIdle.getTime() - row.idle_expires_at.getTime() > 60_000) {
    await deps.db.updateTable('sessions').set({ idle_expires_at: nextIdle }).where('id', '=', row.session_id).execute();
  }
  return {
    kind: 'staff',
    id: row.id,
    role: row.role as StaffRole,
    orgUnitId: row.org_unit_id,
    displayName: row.display_name,
    sessionId: row.session_id,
    sessionExpiresAt: row.expires_at,
    mustChangePassword: row.must_change_password,
  };
}

export async function logout(deps: SessionDeps, actor: StaffActor, ip?: string): Promise<void> {
  await inTransaction(deps, { actor, ip }, async (tx) => {
    await tx.db.updateTable('sessions').set({ revoked_at: deps.clock.now() }).where('id', '=', actor.sessionId).execute();
    await tx.record({ type: 'auth.logout', subjectType: 'user', subjectId: actor.id, orgUnitId: actor.orgUnitId });
  });
}

/** Ends every session of a user (password change, disable, reset). */
export async function revokeSessions(db: Db, userId: string, now: Date, keep?: string): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep) q = q.where('id', '!=', keep);
  await q.execute();
}

export function formatCst(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
