import { maskName, maskPersonalNumbers, maskPhone, type ConversationContext, type SuggestionList } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor, StaffWriteContext } from '../../lib/actor.ts';
import { recordPiiViewed } from '../identity/citizen.queries.ts';
import { can, inScope, orgScope } from '../identity/policy.ts';
import { isMatterDoc } from '../knowledge/knowledge-index.ts';
import { scopedConversation } from './assignment.commands.ts';
import { capacityOf, loadsOf } from './queue.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'knowledge'>;
type ContextCtx = Ctx & Pick<AppContext, 'bus'>;

/** Earlier contacts shown beside a chat: the citizen's most recent ones in the reader's scope. */
const EARLIER_LIMIT = 10;

/**
 * What the agent needs beside the chat: the matter, 小申's part of the conversation, earlier contacts, who it is.
 * The citizen's name, phone and contact, and numbers in their questions, are masked without citizen.viewPii;
 * with it, showing them is audited like the citizen profile.
 */
export async function conversationContext(ctx: ContextCtx, wctx: StaffWriteContext, id: string): Promise<ConversationContext> {
  const actor = wctx.actor;
  const c = await scopedConversation(ctx, actor, id);
  const [matter, turns, earlier, citizen] = await Promise.all([
    c.matter_id ? ctx.db.selectFrom('matters').select(['id', 'code', 'name', 'department_id', 'lead_unit_id']).where('id', '=', c.matter_id).executeTakeFirst() : undefined,
    c.assistant_session_id
      ? ctx.db
          .selectFrom('assistant_turns as t')
          // What 小申 answered: the entry's text as published then, else its reply line.
          .leftJoin('kb_entry_versions as v', (j) => j.onRef('v.entry_id', '=', 't.entry_id').onRef('v.version', '=', 't.entry_version'))
          .select(['t.seq', 't.question', 't.outcome', 't.reply', 'v.answer', 't.feedback', 't.created_at'])
          .where('t.session_id', '=', c.assistant_session_id)
          .orderBy('t.seq')
          .execute()
      : [],
    ctx.db
      .selectFrom('conversations')
      .select(['id', 'requested_at', 'status', 'outcome', 'group_id', 'question'])
      .where('citizen_id', '=', c.citizen_id)
      .where('id', '!=', c.id)
      .orderBy('requested_at', 'desc')
      .limit(EARLIER_LIMIT * 3)
      .execute(),
    ctx.db.selectFrom('citizens').select(['id', 'real_name', 'phone']).where('id', '=', c.citizen_id).executeTakeFirstOrThrow(),
  ]);
  const scope = orgScope(actor, ctx.org);
  const pii = can(actor, 'citizen.viewPii');
  const text = (s: string) => (pii ? s : maskPersonalNumbers(s));
  if (pii) {
    const fields = [citizen.real_name && 'realName', citizen.phone && 'phone', c.contact && 'contact'].filter((f): f is string => !!f);
    if (fields.length) await recordPiiViewed(ctx, wctx, citizen.id, fields, '会话旁信息');
  }
  const unitName = (id: string | null) => (id ? (ctx.org.get(id)?.name ?? null) : null);
  return {
    conversationId: c.id,
    matter: matter ? { id: matter.id, code: matter.code, name: matter.name, department: unitName(matter.department_id), leadUnit: unitName(matter.lead_unit_id) } : null,
    assistant: turns.map((t) => ({ seq: t.seq, question: text(t.question), answer: t.answer ?? t.reply, outcome: t.outcome, feedback: t.feedback, at: t.created_at.toISOString() })),
    earlier: earlier
      .filter((e) => inScope(scope, e.group_id))
      .slice(0, EARLIER_LIMIT)
      .map((e) => ({ id: e.id, requestedAt: e.requested_at.toISOString(), status: e.status, outcome: e.outcome, group: unitName(e.group_id) ?? '', question: e.question === null ? null : text(e.question) })),
    citizen: {
      id: citizen.id,
      name: pii ? citizen.real_name : maskName(citizen.real_name),
      phone: pii ? citizen.phone : maskPhone(citizen.phone),
      contact: c.contact ? (pii ? c.contact : maskContact(maskPersonalNumbers(c.contact))) : null,
      realName: citizen.real_name !== null,
    },
  };
}

/** A contact left in free text: phone numbers in it are masked like any phone number. */
function maskContact(contact: string): string {
  return contact.replace(/1\d{10}|\d{7,}/g, (digits) => maskPhone(digits) ?? '');
}

const SUGGESTIONS = 5;

/** KB answers for the citizen's last question in the chat (else the handoff question), as 小申 would find them. */
export async function suggestions(ctx: Ctx, actor: StaffActor, id: string): Promise<SuggestionList> {
  const c = await scopedConversation(ctx, actor, id);
  const last = await ctx.db
    .selectFrom('conversation_messages')
    .select('body')
    .where('conversation_id', '=', id)
    .where('sender', '=', 'citizen')
    .where('body', '!=', '')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const searched = last?.body ?? c.question;
  if (!searched) return { query: null, items: [] };
  // The search runs on what the citizen typed; the reader is shown it with personal numbers masked as in the chat.
  const query = can(actor, 'citizen.viewPii') ? searched : maskPersonalNumbers(searched);
  const found = ctx.knowledge.search(searched, { matterId: c.matter_id, limit: SUGGESTIONS * 2 });
  const hits = found.candidates.filter((h) => !isMatterDoc(h.entryId)).slice(0, SUGGESTIONS);
  if (!hits.length) return { query, items: [] };
  const rows = await ctx.db
    .selectFrom('kb_entries as e')
    .innerJoin('kb_entry_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
    .select(['e.id', 'e.department_id', 'v.question', 'v.answer'])
    .where('e.id', 'in', hits.map((h) => h.entryId))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    query,
    items: hits.flatMap((h) => {
      const r = byId.get(h.entryId);
      return r ? [{ entryId: r.id, question: r.question || (found.docs.get(r.id)?.question ?? ''), answer: r.answer, score: Math.round(h.confidence * 1000) / 1000, department: ctx.org.get(r.department_id)?.name ?? null }] : [];
    }),
  };
}

/** Agents a chat may go to, with their state and load: the agent's own department, or all for district roles. */
export async function agentDirectory(ctx: Ctx, actor: StaffActor) {
  const scope = orgScope(actor, ctx.org);
  let q = ctx.db
    .selectFrom('users as u')
    .leftJoin('agent_status as s', 's.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'u.org_unit_id', 's.status', 's.max_chats', 's.group_id'])
    .where('u.role', '=', 'agent')
    .where('u.disabled', '=', false);
  if (scope !== 'all') q = q.where('u.org_unit_id', 'in', [...scope]);
  const rows = await q.orderBy('u.display_name').limit(500).execute();
  const loads = await loadsOf(ctx.db, rows.map((r) => r.id));
  return {
    items: rows.map((r) => {
      const groupId = r.group_id ?? r.org_unit_id;
      return {
        id: r.id,
        name: r.display_name,
        groupId,
        group: ctx.org.get(groupId)?.name ?? '',
        status: r.status ?? 'offline',
        load: loads.get(r.id) ?? 0,
        maxChats: capacityOf(ctx.org, { max_chats: r.max_chats, group_id: groupId }),
      };
    }),
  };
}
