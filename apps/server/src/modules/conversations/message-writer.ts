import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { asServiceError, isDatabaseUnavailable } from '../../db/database.ts';
import type { ConversationMessageRow } from '../../db/schema.ts';
import type { CitizenActor, StaffActor, WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction, type DomainEvent, type Tx } from '../../lib/events.ts';
import { inScope, orgScope } from '../identity/policy.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock'>;
export type Speaker = { kind: 'citizen'; citizen: CitizenActor } | { kind: 'agent'; actor: StaffActor; ip?: string; requestId?: string };
export interface MessageInput {
  clientId: string;
  text: string;
  attachmentId?: string | undefined;
}
export interface Posted {
  message: ConversationMessageRow;
  created: boolean;
}

interface Job {
  who: Speaker;
  conversationId: string;
  input: MessageInput;
  resolve(posted: Posted): void;
  reject(err: unknown): void;
}

/** Messages written in one transaction at most; more wait for the next one. */
export const MAX_BATCH = 256;
/** Batches being written at once (each holds one database connection). */
const IN_FLIGHT = 1;

/**
 * Chat messages are written in batches (group commit). Whatever arrives while a transaction is running goes
 * into the next one: alone when the desk is quiet, dozens at a time under load, so the database commits (and
 * flushes its log) once per batch instead of once per message. Each caller still gets its own answer, only
 * after the commit: the acknowledgement keeps meaning "stored". A batch that fails as a whole (a deadlock, a
 * lost connection) is retried one message at a time, so one bad message never takes the others down.
 *
 * Per message the rules are those of a single write, checked on the locked row: the citizen's own chat or the
 * agent's scope, idempotent on (conversation, sender, clientId), not after close, only the assigned agent
 * speaks; gap-free seq; an agent's first message sets `first_response_at` once (DOMAIN.md first response).
 */
export class MessageWriter {
  private queue: Job[] = [];
  private inFlight = 0;

  constructor(private readonly ctx: Ctx) {}

  post(who: Speaker, conversationId: string, input: MessageInput): Promise<Posted> {
    return new Promise<Posted>((resolve, reject) => {
      this.queue.push({ who, conversationId, input, resolve, reject });
      this.next();
    });
  }

  /**
   * Up to IN_FLIGHT batches at once: while one waits for its commit, the next is already being written. Two
   * batches that share a chat queue on its row lock, taken in id order by both, so they cannot deadlock.
   */
  private next(): void {
    while (this.queue.length && this.inFlight < IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.next();
      });
    }
  }

  private async write(batch: Job[]): Promise<void> {
    try {
      await writeBatch(this.ctx, batch).catch((err: unknown) => {
        if (err instanceof StoredBefore) return writeBatch(this.ctx, batch, true);
        throw err;
      });
    } catch (err) {
      // The database is unreachable: every message of the batch would fail alike, one by one. Each caller is
      // told SERVICE_UNAVAILABLE (no ack: its client keeps the message and sends it again with the same
      // clientId), and the writer goes on with whatever comes next.
      if (batch.length === 1 || isDatabaseUnavailable(err)) for (const job of batch) job.reject(asServiceError(err));
      else for (const job of batch) await writeBatch(this.ctx, [job], true).catch((e: unknown) => job.reject(asServiceError(e)));
    }
  }
}

/** What became of one message of a batch: refused, stored before (a retry), new with its seq, or a twin of a new one. */
type Outcome =
  | { job: Job; kind: 'refused'; error: AppError }
  | { job: Job; kind: 'stored'; message: ConversationMessageRow }
  | { job: Job; kind: 'new'; seq: number }
  | { job: Job; kind: 'twin'; key: string };

const keyOf = (conversationId: string, sender: string, clientId: string) => `${conversationId}|${sender}|${clientId}`;
const senderOf = (who: Speaker): ConversationMessageRow['sender'] => (who.kind === 'citizen' ? 'citizen' : 'agent');

/** Raised inside a batch's transaction when a clientId turned out to be stored already: redo it, looking first. */
class StoredBefore extends Error {}

/**
 * One transaction for the whole batch: lock the chats, check each message, insert them all and advance the
 * chats' seqs in one statement, publish after commit. A clientId is almost always new, so the first try does
 * not look for it: a retry that was stored before shows up as a conflict on the unique index, and the batch is
 * rolled back and done again with the lookup (`lookFirst`), so no seq is ever skipped.
 */
async function writeBatch(ctx: Ctx, jobs: Job[], lookFirst = false): Promise<void> {
  const ids = [...new Set(jobs.map((j) => j.conversationId))];
  const settle = await inTransaction(ctx, { actor: 'system' }, async (tx) => {
    // Row locks in id order (no deadlock between two batches); they serialise each chat's writers, so the
    // clientId check and the next seq are race-free.
    const locked = await tx.db
      .selectFrom('conversations')
      .select(['id', 'citizen_id', 'group_id', 'status', 'agent_id', 'last_seq', 'first_response_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
    const chats = new Map(locked.map((c) => [c.id, c]));
    const stored = new Map<string, ConversationMessageRow>();
    if (lookFirst) {
      const earlier = await tx.db
        .selectFrom('conversation_messages')
        .selectAll()
        .where((eb) => eb(eb.refTuple('conversation_id', 'sender', 'client_id'), 'in', jobs.map((j) => eb.tuple(j.conversationId, senderOf(j.who), j.input.clientId))))
        .execute();
      for (const m of earlier) stored.set(keyOf(m.conversation_id, m.sender, m.client_id!), m);
    }

    const now = ctx.clock.now();
    const outcomes: Outcome[] = [];
    const fresh = new Set<string>();
    const firstResponse = new Map<string, string>();
    for (const job of jobs) {
      try {
        const c = chats.get(job.conversationId);
        const { who } = job;
        if (!c || (who.kind === 'citizen' && c.citizen_id !== who.citizen.citizenId)) throw new AppError('CONVERSATION_NOT_FOUND');
        if (who.kind === 'agent' && !inScope(orgScope(who.actor, ctx.org), c.group_id)) throw new AppError('OUT_OF_SCOPE');
        const key = keyOf(c.id, senderOf(who), job.input.clientId);
        const existing = stored.get(key);
        if (existing) {
          outcomes.push({ job, kind: 'stored', message: existing });
          continue;
        }
        if (fresh.has(key)) {
          outcomes.push({ job, kind: 'twin', key }); // the same send twice in one batch: one row, both told of it
          continue;
        }
        if (c.status === 'closed') throw new AppError('CONVERSATION_BAD_TRANSITION', { status: '已结束', action: '继续发送消息' });
        if (who.kind === 'agent' && (c.status !== 'assigned' || c.agent_id !== who.actor.id)) throw new AppError('CONVERSATION_NOT_YOURS');
        if (job.input.attachmentId) await attachToConversation(tx, who, c.id, job.input.attachmentId);
        c.last_seq += 1;
        fresh.add(key);
        outcomes.push({ job, kind: 'new', seq: c.last_seq });
        if (who.kind === 'agent' && !c.first_response_at) {
          c.first_response_at = now;
          firstResponse.set(c.id, who.actor.id);
        }
      } catch (error) {
        // A lost connection is not this message's fault: the batch fails as a whole (see write()).
        if (!(error instanceof AppError) || error.code === 'SERVICE_UNAVAILABLE') throw error;
        outcomes.push({ job, kind: 'refused', error });
      }
    }

    const toInsert = outcomes.filter((o) => o.kind === 'new');
    const inserted = new Map<string, ConversationMessageRow>();
    if (toInsert.length) {
      const rows = toInsert.map(({ job, seq }) => {
        const author = job.who.kind === 'agent' ? job.who.actor.id : null;
        const { clientId, text, attachmentId } = job.input;
        return sql`(${job.conversationId}::uuid, ${seq}::integer, ${senderOf(job.who)}, ${author}::uuid, ${clientId}, ${text}, ${attachmentId ?? null}::uuid, ${now}::timestamptz)`;
      });
      const seqs = [...new Set(toInsert.map((o) => o.job.conversationId))].map((id) => {
        const c = chats.get(id)!;
        return sql`(${c.id}::uuid, ${c.last_seq}::integer, ${firstResponse.has(c.id) ? now : null}::timestamptz, ${firstResponse.get(c.id) ?? null}::uuid)`;
      });
      // One statement, one round trip: the rows and their chats' new last seq (and first response, once).
      const { rows: added } = await sql<ConversationMessageRow>`
        with added as (
          insert into conversation_messages (conversation_id, seq, sender, author_id, client_id, body, attachment_id, created_at)
          values ${sql.join(rows)}
          on conflict (conversation_id, sender, client_id) where client_id is not null do nothing
          returning *
        ), advanced as (
          update conversations as c
          set last_seq = v.last_seq,
              first_response_at = coalesce(c.first_response_at, v.first_response_at),
              first_response_by = coalesce(c.first_response_by, v.first_response_by)
          from (values ${sql.join(seqs)}) as v(id, last_seq, first_response_at, first_response_by)
          where c.id = v.id
        )
        select * from added`.execute(tx.db);
      if (added.length < toInsert.length) throw new StoredBefore();
      for (const m of added) inserted.set(keyOf(m.conversation_id, m.sender, m.client_id!), m);
      // The text is the conversation's, not the audit trail's. The event, published after commit, is also what
      // delivers the message over WebSocket on every process (modules/realtime), so citizens' messages raise it
      // too; a citizen's message is not a staff write: its row is the record, and it only needs delivering.
      const events: { event: DomainEvent; by: WriteContext | null }[] = [];
      for (const { job } of toInsert) {
        const message = inserted.get(keyOf(job.conversationId, senderOf(job.who), job.input.clientId))!;
        const event: DomainEvent = {
          type: 'conversation.message_sent',
          subjectType: 'conversation',
          subjectId: job.conversationId,
          orgUnitId: chats.get(job.conversationId)!.group_id,
          summary: `${job.who.kind === 'agent' ? '工作人员' : '群众'}发送第 ${message.seq} 条消息`,
          message,
        };
        events.push({ event, by: job.who.kind === 'agent' ? { actor: job.who.actor, ip: job.who.ip, requestId: job.who.requestId } : null });
      }
      await tx.recordAll(events); // in seq order, so delivery rarely has to read anything back
    }
    return () => {
      for (const o of outcomes) {
        if (o.kind === 'refused') o.job.reject(o.error);
        else if (o.kind === 'stored') o.job.resolve({ message: o.message, created: false });
        else if (o.kind === 'twin') o.job.resolve({ message: inserted.get(o.key)!, created: false });
        else o.job.resolve({ message: inserted.get(keyOf(o.job.conversationId, senderOf(o.job.who), o.job.input.clientId))!, created: true });
      }
    };
  });
  // After commit and publication (inTransaction publishes before returning): every caller gets its answer.
  settle();
}

/**
 * An attachment goes into a chat only by whoever uploaded it, and into one chat only: from then on that chat's
 * citizen and staff may read it (attachment.policy.ts). Anything else reads as "not found".
 */
async function attachToConversation(tx: Tx, who: Speaker, conversationId: string, attachmentId: string): Promise<void> {
  const uploader = who.kind === 'citizen' ? { kind: 'citizen' as const, id: who.citizen.citizenId } : { kind: 'staff' as const, id: who.actor.id };
  const linked = await tx.db
    .updateTable('attachments')
    .set({ conversation_id: conversationId })
    .where('id', '=', attachmentId)
    .where('uploaded_by_kind', '=', uploader.kind)
    .where('uploaded_by', '=', uploader.id)
    .where((eb) => eb.or([eb('conversation_id', 'is', null), eb('conversation_id', '=', conversationId)]))
    .returning('id')
    .executeTakeFirst();
  if (!linked) throw new AppError('ATTACHMENT_NOT_FOUND');
}
