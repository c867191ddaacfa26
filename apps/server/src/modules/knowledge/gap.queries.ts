import { maskPersonalNumbers, type KbGap } from '@bangban/shared';
import type { z } from 'zod';
import type { KbGapQuery } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { can, orgScope } from '../identity/policy.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'calendar'>;

export async function listGaps(ctx: Ctx, actor: StaffActor, query: z.infer<typeof KbGapQuery>) {
  const scope = orgScope(actor, ctx.org);
  const now = ctx.clock.now();
  let q = ctx.db.selectFrom('kb_gaps');
  if (scope !== 'all') q = q.where('department_id', 'in', [...scope]);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.departmentId) q = q.where('department_id', '=', query.departmentId);
  if (query.overdue === 'true') q = q.where('status', '=', 'open').where('due_at', '<', now);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('status', 'desc')
    .orderBy('due_at', (ob) => ob.asc().nullsFirst())
    .orderBy('occurrences', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const matterIds = [...new Set(rows.map((r) => r.matter_id).filter((x): x is string => !!x))];
  const entryIds = [...new Set(rows.map((r) => r.answered_entry_id).filter((x): x is string => !!x))];
  const [matters, entries] = await Promise.all([
    matterIds.length ? ctx.db.selectFrom('matters').select(['id', 'name']).where('id', 'in', matterIds).execute() : [],
    entryIds.length ? ctx.db.selectFrom('kb_entries').select(['id', 'question']).where('id', 'in', entryIds).execute() : [],
  ]);
  const matterName = new Map(matters.map((m) => [m.id, m.name]));
  const entryQuestion = new Map(entries.map((e) => [e.id, e.question]));
  // What citizens asked 小申, with any ID or phone number they typed masked for readers without citizen.viewPii.
  const pii = can(actor, 'citizen.viewPii');
  const items: KbGap[] = rows.map((r) => ({
    id: r.id,
    question: pii ? r.question : maskPersonalNumbers(r.question),
    occurrences: r.occurrences,
    source: r.source,
    status: r.status,
    matter: r.matter_id ? { id: r.matter_id, name: matterName.get(r.matter_id) ?? '' } : null,
    department: r.department_id ? { id: r.department_id, name: ctx.org.get(r.department_id)?.name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    dueAt: r.due_at?.toISOString() ?? null,
    dueProvisional: r.due_at !== null && ctx.calendar.isProvisional(r.due_at),
    overdue: r.status === 'open' && r.due_at !== null && r.due_at < now,
    answeredEntry: r.answered_entry_id ? { id: r.answered_entry_id, question: entryQuestion.get(r.answered_entry_id) ?? '' } : null,
    answeredAt: r.status === 'answered' ? (r.answered_at?.toISOString() ?? null) : null,
    // Gap timeliness (DOMAIN.md): answered within 5 working days of the first asking.
    answeredInTime: r.status === 'answered' && r.answered_at && r.due_at ? r.answered_at <= r.due_at : null,
    dismissReason: r.dismiss_reason,
  }));
  return { items, total: Number(total) };
}
