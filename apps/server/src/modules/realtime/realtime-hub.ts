import type { ChatMessage, ServerFrame } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { ConversationMessageRow, ConversationRow } from '../../db/schema.ts';
import { messageForReader, presentMessages } from '../conversations/message.presenter.ts';
import type { EventType, PublishedEvent } from '../../lib/events.ts';
import { EphemeralRelay, type EphemeralSignal } from './ephemeral-relay.ts';
import { citizenKey, mayObserve, mayReadMessage, maySupervise, partyKey, seesPersonalNumbers, staffKey, watchesOthers, type Party } from './recipients.ts';

/** What the hub needs of a socket. */
export interface Peer {
  party: Party;
  send(frame: ServerFrame): void;
}

interface Subscription {
  peer: Peer;
  /** The highest seq this peer has been sent (or skipped as not for it): the next one it gets is above. */
  lastSent: number;
}

const STATE_CHANGES = {
  'conversation.requested': 'requested',
  'conversation.opened': 'opened',
  'conversation.assigned': 'assigned',
  'conversation.transferred': 'transferred',
  'conversation.requeued': 'requeued',
  'conversation.closed': 'closed',
  'conversation.contested': 'contested',
} as const satisfies Partial<Record<EventType, string>>;
type StateEvent = keyof typeof STATE_CHANGES;

const PAGE = 500;

/** A message's frame per recipient: built once as is and, when a recipient needs it, once masked (recipients.ts). */
function messageFrame(conversationId: string, m: ChatMessage): (p: Party) => ServerFrame {
  let masked: ServerFrame | undefined;
  const plain: ServerFrame = { type: 'message', conversationId, ...m };
  return (p) => (seesPersonalNumbers(p) ? plain : (masked ??= { type: 'message', conversationId, ...messageForReader(m, false) }));
}


/**
 * This process's sockets and what they follow. Delivery rests on the database: any `conversation.*` event
 * (local, or relayed by Redis from another process) makes the conversation's subscribers "pull" the messages
 * above what each was last sent. The one shortcut: a message committed by this process travels on its event,
 * and goes straight to followers that have everything before it (under load, all of them); anyone behind still
 * pulls. Pulls of one conversation run one after another, and a subscription's replay is simply its first pull,
 * so a message committed during a replay is sent once, in order, by whichever pull reads it first. A lost Redis
 * notice delays messages until the next event or re-subscribe; it never loses them.
 */
export class RealtimeHub {
  private readonly peers = new Set<Peer>();
  /** Sockets by party (partyKey): a chat's citizen and agent are found without a walk over all sockets. */
  private readonly byParty = new Map<string, Set<Peer>>();
  /** Observers and supervisors (watchesOthers): the only others a state change or an alert can concern. */
  private readonly watchers = new Set<Peer>();
  private readonly rooms = new Map<string, Map<Peer, Subscription>>();
  /** The conversations each peer follows: a closing socket leaves its rooms without a walk over all of them. */
  private readonly following = new Map<Peer, Set<string>>();
  /** The latest conversation row read per followed conversation: the recipient check of typing and read. */
  private readonly rows = new Map<string, ConversationRow>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly unlisten: (() => void)[] = [];
  private relay: EphemeralRelay | undefined;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'bus' | 'config' | 'org' | 'clock' | 'relay'>) {}

  async start(): Promise<void> {
    for (const type of ['conversation.message_sent', ...Object.keys(STATE_CHANGES)] as EventType[]) {
      this.unlisten.push(this.ctx.bus.on(type, (e) => this.onEvent(e)));
    }
    this.unlisten.push(
      this.ctx.bus.on('conversation.response_due', (e) => void this.alertSupervisors(e).catch((err: unknown) => console.error(`supervisor alert failed for conversation ${e.subjectId}`, err))),
    );
    // Redis came back (or a process dropped events it could not send): events of other processes may have
    // been missed, so every followed chat is pulled from each follower's last seq (the pull sends nothing twice).
    const relay = this.ctx.relay;
    if (relay) this.unlisten.push(relay.onResync(() => Promise.all([...this.rooms.keys()].map((id) => this.refresh(id))).then(() => undefined)));
    if (this.ctx.config.redisUrl) {
      this.relay = new EphemeralRelay(this.ctx.config.redisUrl, (s) => this.deliverEphemeral(s));
      await this.relay.start();
    }
  }

  async stop(): Promise<void> {
    for (const off of this.unlisten) off();
    await this.relay?.stop();
    await Promise.allSettled([...this.tails.values()]);
  }

  add(peer: Peer): void {
    this.peers.add(peer);
    const key = partyKey(peer.party);
    this.byParty.set(key, (this.byParty.get(key) ?? new Set()).add(peer));
    if (watchesOthers(peer.party)) this.watchers.add(peer);
  }

  remove(peer: Peer): void {
    this.peers.delete(peer);
    const key = partyKey(peer.party);
    const own = this.byParty.get(key);
    own?.delete(peer);
    if (own && !own.size) this.byParty.delete(key);
    this.watchers.delete(peer);
    for (const id of this.following.get(peer) ?? []) {
      const room = this.rooms.get(id);
      room?.delete(peer);
      if (room && !room.size) this.drop(id);
    }
    this.following.delete(peer);
  }

  /** Starts (or restarts) the peer's stream of the conversation after `afterSeq`; access checked by the caller. */
  subscribe(peer: Peer, row: ConversationRow, afterSeq: number): Promise<void> {
    return this.serial(row.id, async () => {
      const room = this.rooms.get(row.id) ?? new Map<Peer, Subscription>();
      this.rooms.set(row.id, room);
      room.set(peer, { peer, lastSent: afterSeq });
      this.following.set(peer, (this.following.get(peer) ?? new Set()).add(row.id));
      peer.send({ type: 'subscribed', conversationId: row.id, afterSeq });
      await this.pull(row.id);
    });
  }

  /**
   * Sends followers what they have not had yet, without an event: a retried send that was already stored
   * raises none, and its first commit may have come from a process that died before telling anyone.
   */
  refresh(conversationId: string): Promise<void> {
    return this.serial(conversationId, () => this.pull(conversationId));
  }

  unsubscribe(peer: Peer, conversationId: string): void {
    const room = this.rooms.get(conversationId);
    room?.delete(peer);
    this.following.get(peer)?.delete(conversationId);
    if (room && !room.size) this.drop(conversationId);
  }

  /** The followed conversation's latest row, if this peer follows it. */
  followed(peer: Peer, conversationId: string): ConversationRow | undefined {
    return this.rooms.get(conversationId)?.has(peer) ? this.rows.get(conversationId) : undefined;
  }

  /** Typing and read receipts: to this process's followers now, to the others through Redis. */
  signal(signal: EphemeralSignal): void {
    this.deliverEphemeral(signal);
    this.relay?.publish(signal);
  }

  private deliverEphemeral(s: EphemeralSignal): void {
    const row = this.rows.get(s.conversationId);
    const room = this.rooms.get(s.conversationId);
    if (!row || !room) return;
    for (const peer of room.keys()) if (partyKey(peer.party) !== s.from && mayObserve(peer.party, row)) peer.send(s.frame);
  }

  private onEvent(e: PublishedEvent): void {
    const id = e.subjectId;
    if (!id || !this.peers.size) return;
    const change = STATE_CHANGES[e.type as StateEvent] as (typeof STATE_CHANGES)[StateEvent] | undefined;
    // Not awaited: the write that raised the event must not wait on sockets.
    void this.serial(id, async () => {
      if (change) await this.announce(id, change);
      // A new message changes no one's access: the row read at the last subscribe or state change still
      // decides who gets it (state changes re-read it first, in this same chain).
      if (e.message && !e.remote && !change) await this.deliver(id, e.message);
      else await this.pull(id, !change);
    });
  }

  /** The 60-s alert: to every socket of a supervisor whose scope holds the chat's group, following it or not. */
  private async alertSupervisors(e: PublishedEvent): Promise<void> {
    if (!e.subjectId || !this.peers.size) return;
    const row = await this.ctx.db.selectFrom('conversations').select(['id', 'group_id', 'sla_start_at']).where('id', '=', e.subjectId).executeTakeFirst();
    if (!row?.sla_start_at) return;
    const frame: ServerFrame = {
      type: 'alert',
      kind: 'first_response_due',
      conversationId: row.id,
      groupId: row.group_id,
      group: this.ctx.org.get(row.group_id)?.name ?? '',
      waitingSeconds: Math.floor((this.ctx.clock.now().getTime() - row.sla_start_at.getTime()) / 1000),
    };
    for (const peer of this.watchers) if (maySupervise(peer.party, row.group_id, this.ctx.org)) peer.send(frame);
  }

  /** A state change goes to every socket of the chat's recipients, followers or not (a new chat for an agent). */
  private async announce(id: string, change: (typeof STATE_CHANGES)[StateEvent]): Promise<void> {
    const row = await this.ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return;
    const room = this.rooms.get(id);
    if (room) this.rows.set(id, row);
    // Who can be concerned: the chat's citizen and agent, observers, and whoever follows it (a former agent).
    const concerned = new Set<Peer>([...(this.byParty.get(citizenKey(row.citizen_id)) ?? []), ...this.watchers, ...(room?.keys() ?? [])]);
    if (row.agent_id) for (const peer of this.byParty.get(staffKey(row.agent_id)) ?? []) concerned.add(peer);
    for (const peer of concerned) {
      const following = room?.has(peer) ?? false;
      const allowed = mayObserve(peer.party, row);
      if (!allowed && !following) continue;
      const staff = peer.party.kind === 'staff' ? { assignedToYou: row.agent_id === peer.party.actor.id } : {};
      peer.send({ type: 'conversation', conversationId: id, change, status: row.status, lastSeq: row.last_seq, ...staff });
      if (!allowed && room) {
        // The agent a chat was transferred or re-queued away from hears so, then stops following it.
        room.delete(peer);
        this.following.get(peer)?.delete(id);
        peer.send({ type: 'unsubscribed', conversationId: id });
        if (!room.size) this.drop(id);
      }
    }
  }

  /**
   * A message this process committed, as the event carries it: sent as is to followers who have everything
   * before it, which under load is all of them. Anyone further behind gets a pull (the database decides).
   */
  private async deliver(id: string, m: ConversationMessageRow): Promise<void> {
    const room = this.rooms.get(id);
    const row = this.rows.get(id);
    if (!room?.size) return;
    if (!row || [...room.values()].some((s) => s.lastSent < m.seq - 1 && mayObserve(s.peer.party, row))) return this.pull(id, true);
    const [presented] = await presentMessages(this.ctx, [m]);
    const frame = messageFrame(id, presented!);
    for (const s of room.values()) {
      if (m.seq <= s.lastSent || !mayObserve(s.peer.party, row)) continue;
      if (mayReadMessage(s.peer.party, row, m)) s.peer.send(frame(s.peer.party));
      s.lastSent = m.seq;
    }
  }

  /** Sends each follower the messages above its last seq. Runs inside the conversation's serial chain. */
  private async pull(id: string, cachedRow = false): Promise<void> {
    const room = this.rooms.get(id);
    if (!room?.size) return;
    const row = (cachedRow && this.rows.get(id)) || (await this.ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst());
    if (!row) return;
    this.rows.set(id, row);
    const subs = [...room.values()].filter((s) => mayObserve(s.peer.party, row));
    if (!subs.length) return;
    for (;;) {
      const from = Math.min(...subs.map((s) => s.lastSent));
      const page = await this.ctx.db.selectFrom('conversation_messages').selectAll().where('conversation_id', '=', id).where('seq', '>', from).orderBy('seq').limit(PAGE).execute();
      const frames = await presentMessages(this.ctx, page);
      page.forEach((m, i) => {
        const frame = messageFrame(id, frames[i]!);
        for (const s of subs) {
          if (m.seq <= s.lastSent || room.get(s.peer) !== s) continue;
          if (mayReadMessage(s.peer.party, row, m)) s.peer.send(frame(s.peer.party));
          s.lastSent = m.seq;
        }
      });
      if (page.length < PAGE) return;
    }
  }

  private drop(id: string): void {
    this.rooms.delete(id);
    this.rows.delete(id);
  }

  /** One conversation's deliveries, one at a time and in the order they were asked for. */
  private serial(id: string, work: () => Promise<void>): Promise<void> {
    const run = (this.tails.get(id) ?? Promise.resolve()).then(work).catch((err: unknown) => console.error(`realtime delivery failed for conversation ${id}`, err));
    this.tails.set(id, run);
    void run.then(() => {
      if (this.tails.get(id) === run) this.tails.delete(id);
    });
    return run;
  }
}
