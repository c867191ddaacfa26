import type { CreateUserBody, UpdateUserBody, UserQuery } from '@bangban/shared';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { StaffActor, StaffWriteContext, WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assertPasswordPolicy } from './password-policy.ts';
import { inScope, orgScope } from './policy.ts';
import { claimAttempt, formatCst, revokeSessions } from './session.commands.ts';
import { auditUser } from './user.presenter.ts';
import type { UserRow } from '../../db/schema.ts';
import { escapeLike } from '../../lib/sql.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;
type LoginCtx = Ctx & { config: Pick<AppContext['config'], 'login'> };

function assertUnit(ctx: Ctx, orgUnitId: string): void {
  if (!ctx.org.get(orgUnitId)) throw new AppError('ORG_UNIT_NOT_FOUND');
}


export async function listUsers(ctx: Ctx, actor: StaffActor, query: z.infer<typeof UserQuery>) {
  const scope = orgScope(actor, ctx.org);
  let q = ctx.db.selectFrom('users');
  if (scope !== 'all') q = q.where('org_unit_id', 'in', [...scope]);
  if (query.role) q = q.where('role', '=', query.role);
  if (query.orgUnitId) q = q.where('org_unit_id', 'in', [...ctx.org.subtree(query.orgUnitId)]);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('username')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(total) };
}

export async function findUserInScope(ctx: Ctx, actor: StaffActor, id: string): Promise<UserRow> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !inScope(orgScope(actor, ctx.org), row.org_unit_id)) throw new AppError('OUT_OF_SCOPE');
  return row;
}

export async function createUser(ctx: Ctx, wctx: WriteContext, body: CreateUserBody): Promise<UserRow> {
  assertUnit(ctx, body.orgUnitId);
  assertPasswordPolicy(body.password, { username: body.username });
  const taken = await ctx.db.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst();
  if (taken) throw new AppError('USERNAME_TAKEN', { username: body.username });
  const passwordHash = await hashPassword(body.password);
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .insertInto('users')
      .values({
        username: body.username,
        display_name: body.displayName,
        role: body.role,
        org_unit_id: body.orgUnitId,
        phone: body.phone ?? null,
        password_hash: passwordHash,
        password_changed_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'user.created', subjectType: 'user', subjectId: row.id, orgUnitId: row.org_unit_id, after: auditUser(row), summary: `新建账号 ${row.username}` });
    return row;
  });
}

export async function updateUser(ctx: Ctx, wctx: StaffWriteContext, id: string, body: UpdateUserBody): Promise<UserRow> {
  const before = await findUserInScope(ctx, wctx.actor, id);
  if (body.orgUnitId) assertUnit(ctx, body.orgUnitId);
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .updateTable('users')
      .set({
        ...(body.displayName !== undefined && { display_name: body.displayName }),
        ...(body.role !== undefined && { role: body.role }),
        ...(body.orgUnitId !== undefined && { org_unit_id: body.orgUnitId }),
        ...(body.phone !== undefined && { phone: body.phone }),
        ...(body.disabled !== undefined && { disabled: body.disabled }),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A role, unit or status change takes effect at once: end the user's sessions.
    if (body.disabled || body.role !== undefined || body.orgUnitId !== undefined) {
      await revokeSessions(tx.db, id, ctx.clock.now());
    }
    await tx.record({ type: 'user.updated', subjectType: 'user', subjectId: id, orgUnitId: row.org_unit_id, before: auditUser(before), after: auditUser(row) });
    return row;
  });
}

export async function resetPassword(ctx: Ctx, wctx: StaffWriteContext, id: string, password: string): Promise<void> {
  const user = await findUserInScope(ctx, wctx.actor, id);
  assertPasswordPolicy(password, { username: user.username });
  const hash = await hashPassword(password);
  await inTransaction(ctx, wctx, async (tx) => {
    // The administrator knows this password: the user sets their own at the next sign-in.
    await tx.db
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: ctx.clock.now(), failed_logins: 0, locked_until: null, must_change_password: true })
      .where('id', '=', id)
      .execute();
    await revokeSessions(tx.db, id, ctx.clock.now());
    await tx.record({ type: 'user.password_reset', subjectType: 'user', subjectId: id, orgUnitId: user.org_unit_id, summary: `重置 ${user.username} 的密码` });
  });
}

export async function unlockUser(ctx: Ctx, wctx: StaffWriteContext, id: string): Promise<UserRow> {
  const before = await findUserInScope(ctx, wctx.actor, id);
  return inTransaction(ctx, wctx, async (tx) => {
    const row = await tx.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'user.unlocked', subjectType: 'user', subjectId: id, orgUnitId: row.org_unit_id, before: { lockedUntil: before.locked_until } });
    return row;
  });
}

export async function changeOwnPassword(
  ctx: LoginCtx,
  wctx: StaffWriteContext,
  body: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', wctx.actor.id).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  // The current-password check is a password guess like a sign-in (a stolen session must not be a free oracle):
  // it takes an attempt from the same counter, and the lock ends every session of the account.
  const attempt = await claimAttempt(ctx.db, user.id, now, ctx.config.login);
  if (!attempt) {
    const until = (await ctx.db.selectFrom('users').select('locked_until').where('id', '=', user.id).executeTakeFirst())?.locked_until ?? now;
    throw new AppError('AUTH_LOCKED', { until: formatCst(until) }, { lockedUntil: until.toISOString() });
  }
  if (!(await verifyPassword(user.password_hash, body.currentPassword))) {
    await inTransaction(ctx, wctx, async (tx) => {
      await tx.record({ type: 'auth.password_check_failed', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id, summary: `修改密码时原密码错误（第 ${attempt.failures} 次）` });
      if (attempt.lockedUntil) {
        await revokeSessions(tx.db, user.id, now);
        await tx.record({ type: 'auth.locked', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id, after: { lockedUntil: attempt.lockedUntil } });
      }
    });
    if (attempt.lockedUntil) throw new AppError('AUTH_LOCKED', { until: formatCst(attempt.lockedUntil) }, { lockedUntil: attempt.lockedUntil.toISOString() });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  await ctx.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  assertPasswordPolicy(body.newPassword, { username: user.username, oldPassword: body.currentPassword });
  const hash = await hashPassword(body.newPassword);
  await inTransaction(ctx, wctx, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, password_changed_at: now, must_change_password: false }).where('id', '=', user.id).execute();
    await revokeSessions(tx.db, user.id, now, wctx.actor.sessionId);
    await tx.record({ type: 'auth.password_changed', subjectType: 'user', subjectId: user.id, orgUnitId: user.org_unit_id });
  });
}
