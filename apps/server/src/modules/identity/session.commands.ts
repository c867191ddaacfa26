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
    await inTransaction(deps, { actor: 'system', ip: undefined }, (tx) =>
      tx.record({ type: 'auth.login_failed', subjectType: 'user', subjectId: null, summary: `未知用户名 ${input.username}` }),
    );
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
  };
  const ctx = { actor, ip: input.ip };
  if (user.locked_until && user.locked_until > now) {
    throw new AppError('AUTH_LOCKED', { until: formatCst(user.locked_until) }, { lockedUntil: user.locked_until.toISOString() });
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok) {
    const failures = user.failed_logins + 1;
    const lock = failures >= config.login.maxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + config.login.lockMinutes * 60_000) : null;
    // Committed before we throw: the count must survive the failed request.
    await inTransaction(deps, ctx, async (tx) => {
      await tx.db
        .updateTable('users')
        .set({ failed_logins: lock ? 0 : failures, locked_until: lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await tx.record({ type: 'auth.login_failed', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id, summary: `第 ${failures} 次密码错误` });
      if (lock) {
        await tx.record({ type: 'auth.locked', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id, after: { lockedUntil } });
      }
    });
    if (lockedUntil) throw new AppError('AUTH_LOCKED', { until: formatCst(lockedUntil) }, { lockedUntil: lockedUntil.toISOString() });
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
