import type { CitizenProfile } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { can, orgScope } from './policy.ts';
import { presentCitizen } from './citizen.commands.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org'>;

/**
 * A citizen's profile for staff: only a citizen who has asked for help in the caller's scope (a conversation in
 * one of its groups; district roles: any), masked unless the caller holds citizen.viewPii. Reads are not audited,
 * but a disclosure of full identifiers is (个人信息 access must be traceable).
 */
export async function citizenForStaff(ctx: Ctx, wctx: StaffWriteContext, citizenId: string): Promise<CitizenProfile> {
  const row = await ctx.db.selectFrom('citizens').selectAll().where('id', '=', citizenId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const scope = orgScope(wctx.actor, ctx.org);
  if (scope !== 'all') {
    const served = await ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('citizen_id', '=', citizenId)
      .where('group_id', 'in', [...scope])
      .limit(1)
      .executeTakeFirst();
    if (!served) throw new AppError('OUT_OF_SCOPE');
  }
  const reveal = can(wctx.actor, 'citizen.viewPii');
  const fields = [row.real_name && 'realName', row.id_number && 'idNumber', row.phone && 'phone'].filter((f): f is string => !!f);
  if (reveal && fields.length) await recordPiiViewed(ctx, wctx, citizenId, fields, '市民信息');
  return presentCitizen(row, reveal);
}

/** The audit row of a read that showed a citizen's full identifiers: who, which citizen, which fields, where. */
export async function recordPiiViewed(ctx: Pick<AppContext, 'db' | 'bus'>, wctx: StaffWriteContext, citizenId: string, fields: string[], via: string): Promise<void> {
  await inTransaction(ctx, wctx, (tx) =>
    tx.record({
      type: 'citizen.pii_viewed',
      subjectType: 'citizen',
      subjectId: citizenId,
      orgUnitId: wctx.actor.orgUnitId,
      summary: `查看市民完整信息（${via}）：${fields.join('、')}`,
      after: { fields, via },
    }),
  );
}
