import type { CitizenProfile } from '@bangban/shared';
import { maskIdNumber, maskName, maskPhone } from '@bangban/shared';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { CitizenActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import type { CitizenRow } from '../../db/schema.ts';
import { hashToken, newToken } from './tokens.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'sso'>;

/** An anonymous visitor: a device-held token, nothing else. Citizens never need an account to ask. */
export async function startCitizenSession(ctx: Ctx): Promise<{ citizenId: string; token: string }> {
  const { token, hash } = newToken();
  const row = await ctx.db
    .insertInto('citizens')
    .values({ token_hash: hash, last_seen_at: ctx.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { citizenId: row.id, token };
}

export async function authenticateCitizen(ctx: Ctx, token: string | undefined): Promise<CitizenActor> {
  if (!token) throw new AppError('CITIZEN_TOKEN_INVALID');
  const row = await ctx.db.selectFrom('citizens').select('id').where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) throw new AppError('CITIZEN_TOKEN_INVALID');
  return { kind: 'citizen', citizenId: row.id };
}

export async function startRealNameLogin(ctx: Ctx, citizen: CitizenActor, providerId: string, callbackUrl: string) {
  const provider = ctx.sso.get(providerId);
  if (!provider) throw new AppError('SSO_PROVIDER_UNKNOWN');
  const state = randomBytes(16).toString('base64url');
  await ctx.db
    .insertInto('sso_states')
    .values({
      state,
      citizen_id: citizen.citizenId,
      provider: providerId,
      expires_at: new Date(ctx.clock.now().getTime() + 10 * 60_000),
    })
    .execute();
  return { provider: providerId, redirectUrl: provider.authorizeUrl(state, callbackUrl) };
}

/** Completes real-name login: the state must match the citizen who started it and be unused and fresh. */
export async function finishRealNameLogin(ctx: Ctx, providerId: string, state: string, code: string): Promise<CitizenRow> {
  const provider = ctx.sso.get(providerId);
  if (!provider) throw new AppError('SSO_PROVIDER_UNKNOWN');
  const now = ctx.clock.now();
  const pending = await ctx.db
    .deleteFrom('sso_states')
    .where('state', '=', state)
    .where('provider', '=', providerId)
    .returningAll()
    .executeTakeFirst();
  if (!pending || pending.expires_at <= now) throw new AppError('SSO_STATE_INVALID');
  let identity;
  try {
    identity = await provider.exchange(code);
  } catch (err) {
    throw new AppError('SSO_FAILED', { reason: err instanceof Error ? err.message : '未知原因' });
  }
  return inTransaction(ctx, { actor: 'system' }, async (tx) => {
    const row = await tx.db
      .updateTable('citizens')
      .set({
        verified_at: now,
        sso_provider: providerId,
        sso_subject: identity.subject,
        real_name: identity.realName,
        id_number: identity.idNumber,
        phone: identity.phone,
      })
      .where('id', '=', pending.citizen_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.record({ type: 'citizen.verified', subjectType: 'citizen', subjectId: row.id, summary: `实名认证：${provider.label}` });
    return row;
  });
}

/** Citizen data leaves the server only through here: masked unless the caller holds citizen.viewPii. */
export function presentCitizen(row: CitizenRow, reveal: boolean): CitizenProfile {
  return {
    citizenId: row.id,
    verified: row.verified_at !== null,
    realName: reveal ? row.real_name : maskName(row.real_name),
    idNumber: reveal ? row.id_number : maskIdNumber(row.id_number),
    phone: reveal ? row.phone : maskPhone(row.phone),
    verifiedBy: row.sso_provider,
  };
}
