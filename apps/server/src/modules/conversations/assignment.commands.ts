import type { AppContext } from '../../context.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type { CitizenActor, StaffActor, WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type Tx } from '../../lib/events.ts';
import { inScope, orgScope } from '../identity/policy.ts';
import { transition } from './conversation-state.ts';
import { appendMessage, auditView, SYSTEM_TEXT } from './conversation-writes.ts';
import { capacityOf, loadsOf } from './queue.ts';

export type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock' | 'calendar'>;

/*
 * Locking order, the same on every path so that no two transactions wait on each other in a circle:
 * agent_status rows first (several of them in user_id order), then conversation rows. Every path that gives
 * an agent a chat holds that agent's agent_status row, so the load counted under the lock is the real load.
 */

async function assign(ctx: Ctx, tx: Tx, c: ConversationRow, agentId: string, how: 'assign' | 'claim'): Promise<ConversationRow> {
  const now = ctx.clock.now();
  const status = transition(c.status, 'assign');
  // Conditional update: of two claims racing for one row, PostgreSQL lets the first commit and re-checks
  // `status = 'queued'` for the other, which then updates nothing. Never two agents on one chat.
  const row = await tx.db
    .updateTable('conversations')
    .set({ status, agent_id: agentId, assigned_at: now, queue_priority: 0 })
    .where('id', '=', c.id)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONVERSATION_TAKEN');
  await tx.db.updateTable('agent_status').set({ last_assigned_at: now }).where('user_id', '=', agentId).execute();
  await appendMessage(tx, c.id, { sender: 'system', body: SYSTEM_TEXT.assigned, at: now });
  await tx.record({
    type: 'conversation.assigned',
    subjectType: 'conversation',
    subjectId: c.id,
    orgUnitId: c.group_id,
    summary: how === 'claim' ? '工作人员从队列中接入会话' : '系统按负载分配会话',
    before: auditView(c),
    after: auditView(row),
  });
  return row;
}

/** Opens the tickets (留言) whose group has reached its opening time: ticket → queued, in arrival order. */
export async function openDueTickets(ctx: Ctx): Promise<string[]> {
  const now = ctx.clock.now();
  const due = await ctx.db.selectFrom('conversations').select(['id', 'group_id', 'sla_start_at']).where('status', '=', 'ticket').execute();
  // A ticket stored while the calendar lacked the year has no start: it opens the first time the group is open.
  const ready = due.filter((t) => (t.sla_start_at ? t.sla_start_at <= now : safeIsOpen(ctx, t.group_id, now)));
  if (!ready.length) return [];
  await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    for (const t of ready) {
      const start = t.sla_start_at ?? now;
      const row = await tx.db
        .updateTable('conversations')
        .set({ status: transition('ticket', 'open'), sla_start_at: start, queue_since: start })
        .where('id', '=', t.id)
        .where('status', '=', 'ticket')
        .returningAll()
        .executeTakeFirst();
      if (!row) continue;
      await appendMessage(tx, t.id, { sender: 'system', body: SYSTEM_TEXT.opened, at: now });
      await tx.record({ type: 'conversation.opened', subjectType: 'conversation', subjectId: t.id, orgUnitId: t.group_id, summary: '留言到上班时间转入排队' });
    }
  });
  return [...new Set(ready.map((t) => t.group_id))];
}

function safeIsOpen(ctx: Ctx, groupId: string, now: Date): boolean {
  try {
    return ctx.calendar.scheduleFor(groupId).isOpen(now);
  } catch {
    return false;
  }
}

/**
 * Gives the group's queued chats to its online agents, one transaction per chat: the least loaded agent with a
 * free slot, ties to the one idle longest (oldest last assignment). Stops when the queue or the slots run out.
 */
export async function fillGroup(ctx: Ctx, wctx: WriteContext, groupId: string): Promise<number> {
  let assigned = 0;
  for (;;) {
    const done = await inTransaction(ctx, wctx, async (tx) => {
      const agents = await tx.db.selectFrom('agent_status').selectAll().where('group_id', '=', groupId).where('status', '=', 'online').orderBy('user_id').forUpdate().execute();
      const loads = await loadsOf(tx.db, agents.map((a) => a.user_id));
      const load = (id: string) => loads.get(id) ?? 0;
      const idle = (d: Date | null) => d?.getTime() ?? 0;
      const pick = agents
        .filter((a) => load(a.user_id) < capacityOf(ctx.org, a))
        .sort((a, b) => load(a.user_id) - load(b.user_id) || idle(a.last_assigned_at) - idle(b.last_assigned_at))[0];
      if (!pick) return true;
      // SKIP LOCKED: a chat another transaction is taking right now is not worth waiting for; take the next.
      const next = await tx.db
        .selectFrom('conversations')
        .selectAll()
        .where('group_id', '=', groupId)
        .where('status', '=', 'queued')
        .orderBy('queue_priority', 'desc')
        .orderBy('queue_since')
        .orderBy('queue_no')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return true;
      await assign(ctx, tx, next, pick.user_id, 'assign');
      return false;
    });
    if (done) return assigned;
    assigned++;
  }
}

/** Opens due tickets, then fills the named groups and those the tickets opened in. */
export async function dispatch(ctx: Ctx, wctx: WriteContext, groupIds: (string | null)[]): Promise<void> {
  const opened = await openDueTickets(ctx);
  for (const g of new Set([...groupIds, ...opened])) if (g) await fillGroup(ctx, wctx, g);
}

/** A conversation the staff member may see: in their organisation's scope, else "not found". */
export async function scopedConversation(ctx: Pick<AppContext, 'db' | 'org'>, actor: StaffActor, id: string): Promise<ConversationRow> {
  const row = await ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('CONVERSATION_NOT_FOUND');
  if (!inScope(orgScope(actor, ctx.org), row.group_id)) throw new AppError('OUT_OF_SCOPE');
  return row;
}

/** The citizen's own conversation; anyone else's answers "not found", so ids cannot be probed. */
export async function ownConversation(ctx: Pick<AppContext, 'db'>, citizen: CitizenActor, id: string): Promise<ConversationRow> {
  const row = await ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.citizen_id !== citizen.citizenId) throw new AppError('CONVERSATION_NOT_FOUND');
  return row;
}

/** An agent takes a queued chat of their department by hand. Allowed while online or busy, within capacity. */
export async function claimConversation(ctx: Ctx, wctx: WriteContext & { actor: StaffActor }, id: string): Promise<ConversationRow> {
  const actor = wctx.actor;
  const c = await scopedConversation(ctx, actor, id);
  if (c.status === 'assigned') throw new AppError('CONVERSATION_TAKEN');
  transition(c.status, 'assign');
  return inTransaction(ctx, wctx, async (tx) => {
    const me = await tx.db.selectFrom('agent_status').selectAll().where('user_id', '=', actor.id).forUpdate().executeTakeFirst();
    // The agent's own desk: say what to do, not just "not available" (after a dropped connection they are away).
    if (!me || (me.status !== 'online' && me.status !== 'busy')) throw new AppError('AGENT_NOT_ONLINE_TO_CLAIM');
    const max = capacityOf(ctx.org, me);
    const load = (await loadsOf(tx.db, [actor.id])).get(actor.id) ?? 0;
    if (load >= max) throw new AppError('AGENT_AT_CAPACITY', { max });
    return assign(ctx, tx, c, actor.id, 'claim');
  });
}
