import { FIRST_RESPONSE_ALERT_SECONDS } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../lib/events.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock'>;

/**
 * Finds the chats whose first response is still owed FIRST_RESPONSE_ALERT_SECONDS after their clock started
 * (queued, or assigned with no agent reply yet) and raises `conversation.response_due` once for each: the
 * realtime hub turns it into an alert for the supervisors of the chat's group (wallboard, sound). The
 * conditional update makes "once" hold with several processes ticking.
 */
export async function alertDueResponses(ctx: Ctx): Promise<string[]> {
  const now = ctx.clock.now();
  const due = new Date(now.getTime() - FIRST_RESPONSE_ALERT_SECONDS * 1000);
  const candidates = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'group_id', 'sla_start_at'])
    .where('status', 'in', ['queued', 'assigned'])
    .where('first_response_at', 'is', null)
    .where('alerted_at', 'is', null)
    .where('sla_start_at', '<=', due)
    .limit(200)
    .execute();
  const raised: string[] = [];
  for (const c of candidates) {
    await inTransaction(ctx, { actor: 'system' }, async (tx) => {
      const marked = await tx.db.updateTable('conversations').set({ alerted_at: now }).where('id', '=', c.id).where('alerted_at', 'is', null).returning('id').executeTakeFirst();
      if (!marked) return;
      const seconds = Math.floor((now.getTime() - c.sla_start_at!.getTime()) / 1000);
      await tx.record({ type: 'conversation.response_due', subjectType: 'conversation', subjectId: c.id, orgUnitId: c.group_id, summary: `已等待 ${seconds} 秒仍未首次响应，已提醒值班负责人` });
      raised.push(c.id);
    });
  }
  return raised;
}
