import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { ConversationMessageRow, Database } from '../db/schema.ts';
import type { Db } from '../db/database.ts';
import type { WriteContext } from './actor.ts';

// One registry of event names. Each is recorded in the audit trail inside the write's transaction and
// published to listeners only after the commit (so nobody reacts to a write that rolled back).
export const EVENT_TYPES = [
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_changed',
  // A wrong current password on the own-password change: counts toward the lock like a failed sign-in.
  'auth.password_check_failed',
  'user.created',
  'user.updated',
  'user.password_reset',
  'user.unlocked',
  'org_unit.created',
  'org_unit.updated',
  'org_unit.deleted',
  'matter.created',
  'matter.updated',
  'matter.deleted',
  'matter.imported',
  'calendar.override_set',
  'calendar.override_removed',
  'calendar.year_declared',
  'calendar.notice_entered',
  'citizen.verified',
  // A read, audited because it disclosed a citizen's full name, ID number, phone or contact (citizen.viewPii).
  'citizen.pii_viewed',
  'kb.entry_created',
  'kb.entry_updated',
  'kb.entry_submitted',
  'kb.entry_rejected',
  'kb.entry_published',
  'kb.entry_archived',
  'kb.entry_reopened',
  'kb.entry_rolled_back',
  'kb.entries_imported',
  'kb.gap_answered',
  'kb.gap_dismissed',
  'assistant.help_requested',
  'conversation.requested',
  'conversation.opened',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.requeued',
  'conversation.closed',
  'conversation.contested',
  'conversation.message_sent',
  'conversation.note_added',
  'conversation.response_due',
  'agent.status_changed',
  'canned.created',
  'canned.updated',
  'canned.deleted',
  'rating.submitted',
  'rating.revised',
  'rating.follow_up_called_back',
  'rating.follow_up_rectified',
  'rating.follow_up_closed',
  'rating.follow_up_dismissed',
  'rating.follow_up_withdrawn',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  type: EventType;
  subjectType: string;
  subjectId: string | null;
  orgUnitId?: string | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
  /**
   * The chat message a `conversation.message_sent` stored, as committed: this process delivers it without
   * reading it back. Never relayed to other processes (they read what they deliver from the database).
   */
  message?: ConversationMessageRow;
}

export interface PublishedEvent extends DomainEvent {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  /** Set when the event was committed by another server process and relayed here (see event-relay.ts). */
  remote?: boolean;
}

type Listener = (event: PublishedEvent) => void | Promise<void>;

/** In-process fan-out after commit. A Redis bridge (issue: live help) relays the same events across processes. */
export class EventBus {
  private listeners = new Map<EventType | '*', Set<Listener>>();

  on(type: EventType | '*', listener: Listener): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
    return () => set.delete(listener);
  }

  async publish(events: PublishedEvent[]): Promise<void> {
    for (const event of events) {
      const targets = [...(this.listeners.get(event.type) ?? []), ...(this.listeners.get('*') ?? [])];
      for (const listener of targets) {
        try {
          await listener(event);
        } catch (err) {
          // A listener's failure must not undo or fail a committed write.
          console.error(`event listener failed for ${event.type}`, err);
        }
      }
    }
  }
}

export interface Tx {
  db: Transaction<Database>;
  /** Records the event in the audit trail within this transaction; it is published after commit. */
  record(event: DomainEvent): Promise<void>;
  /**
   * Several events, published after commit in this order, with one audit-trail statement for those that have an
   * author (`by`, a batch of chat messages from many agents); `by: null` is `notify`: published, not audited.
   */
  recordAll(items: readonly { event: DomainEvent; by: WriteContext | null }[]): Promise<void>;
  /**
   * Publishes the event after commit without an audit row: only for what is not a staff write (a citizen's
   * chat message, whose row is its own record). Staff writes always use `record`.
   */
  notify(event: DomainEvent): void;
}

export async function inTransaction<T>(
  deps: { db: Db; bus: EventBus },
  ctx: WriteContext,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const pending: PublishedEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const recordAll: Tx['recordAll'] = async (items) => {
      // Ids made here, so each event is paired with its own row whatever order RETURNING gives them in.
      const ids = items.map(() => randomUUID());
      const audited = items.flatMap(({ event, by }, i) => {
        if (!by) return [];
        const actor = by.actor === 'system' ? null : by.actor;
        return [
          {
            id: ids[i]!,
            action: event.type,
            actor_id: actor?.id ?? null,
            actor_role: actor?.role ?? 'system',
            actor_name: actor?.displayName ?? '系统',
            org_unit_id: event.orgUnitId ?? null,
            subject_type: event.subjectType,
            subject_id: event.subjectId,
            summary: event.summary ?? null,
            before: event.before === undefined ? null : JSON.stringify(event.before),
            after: event.after === undefined ? null : JSON.stringify(event.after),
            ip: by.ip ?? null,
            request_id: by.requestId ?? null,
          },
        ];
      });
      const rows = audited.length ? await trx.insertInto('audit_events').values(audited).returning(['id', 'occurred_at']).execute() : [];
      const at = new Map(rows.map((r) => [r.id, r.occurred_at]));
      items.forEach(({ event, by }, i) => {
        const actorId = by ? (by.actor === 'system' ? null : by.actor.id) : ctx.actor === 'system' ? null : ctx.actor.id;
        pending.push({ ...event, id: ids[i]!, occurredAt: at.get(ids[i]!) ?? new Date(), actorId });
      });
    };
    const tx: Tx = {
      db: trx,
      record: (event) => recordAll([{ event, by: ctx }]),
      recordAll,
      notify: (event) => {
        pending.push({ ...event, id: randomUUID(), occurredAt: new Date(), actorId: ctx.actor === 'system' ? null : ctx.actor.id });
      },
    };
    return work(tx);
  });
  await deps.bus.publish(pending);
  return result;
}
