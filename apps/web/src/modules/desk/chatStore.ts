// The desk's transcripts, kept outside React: the socket and the REST loads both merge into it by seq, so a
// message that arrives twice (a reload racing the socket's replay) is kept once.
import type { Attachment, ChatMessage } from '@bangban/shared';

export interface PendingMessage {
  clientId: string;
  text: string;
  attachment: Attachment | null;
  status: 'sending' | 'failed';
  error?: string;
  createdAt: string;
}

export interface ChatState {
  /** Sorted by seq, one per seq. */
  messages: ChatMessage[];
  /** What I sent that is not in `messages` yet. */
  pending: PendingMessage[];
  /** The citizen is typing until this time (ms). */
  typingUntil: number;
  /** The highest seq the citizen has read (their read receipt). */
  citizenReadSeq: number;
}

const EMPTY: ChatState = { messages: [], pending: [], typingUntil: 0, citizenReadSeq: 0 };

type Snapshot = { chats: Readonly<Record<string, ChatState>>; seen: Readonly<Record<string, number>> };

/** How long a typing signal lasts without another one. */
export const TYPING_MS = 5_000;

export class ChatStore {
  private snapshot: Snapshot = { chats: {}, seen: {} };
  private readonly listeners = new Set<() => void>();
  private readonly storageKey: string;

  constructor(userId: string) {
    this.storageKey = `bangban.desk.seen.${userId}`;
    try {
      const raw = localStorage.getItem(this.storageKey);
      const seen = raw ? (JSON.parse(raw) as unknown) : null;
      if (seen && typeof seen === 'object') this.snapshot = { ...this.snapshot, seen: seen as Record<string, number> };
    } catch {
      // storage blocked or corrupt: start with nothing seen
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  chat(id: string): ChatState {
    return this.snapshot.chats[id] ?? EMPTY;
  }

  lastSeq(id: string): number {
    return this.chat(id).messages.at(-1)?.seq ?? 0;
  }

  private update(id: string, change: (c: ChatState) => ChatState): void {
    const before = this.chat(id);
    const after = change(before);
    if (after === before) return;
    this.snapshot = { ...this.snapshot, chats: { ...this.snapshot.chats, [id]: after } };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  merge(id: string, incoming: ChatMessage[]): void {
    if (!incoming.length) return;
    this.update(id, (c) => {
      const bySeq = new Map(c.messages.map((m) => [m.seq, m]));
      let added = false;
      for (const m of incoming) {
        if (!bySeq.has(m.seq)) {
          bySeq.set(m.seq, m);
          added = true;
        }
      }
      if (!added) return c;
      const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      const arrived = new Set(incoming.map((m) => m.clientId).filter(Boolean));
      // A citizen who sends something has stopped typing.
      const citizenSpoke = incoming.some((m) => m.sender === 'citizen');
      return {
        ...c,
        messages,
        pending: c.pending.filter((p) => !arrived.has(p.clientId)),
        typingUntil: citizenSpoke ? 0 : c.typingUntil,
      };
    });
  }

  addPending(id: string, p: PendingMessage): void {
    this.update(id, (c) => ({ ...c, pending: [...c.pending.filter((x) => x.clientId !== p.clientId), p] }));
  }

  failPending(id: string, clientId: string, error: string): void {
    this.update(id, (c) => {
      // Stored after all (the message came while we waited): nothing failed.
      if (!c.pending.some((p) => p.clientId === clientId)) return c;
      return { ...c, pending: c.pending.map((p) => (p.clientId === clientId ? { ...p, status: 'failed' as const, error } : p)) };
    });
  }

  retryPending(id: string, clientId: string): PendingMessage | undefined {
    const p = this.chat(id).pending.find((x) => x.clientId === clientId);
    if (p) this.addPending(id, { ...p, status: 'sending', error: undefined });
    return p;
  }

  dropPending(id: string, clientId: string): void {
    this.update(id, (c) => ({ ...c, pending: c.pending.filter((p) => p.clientId !== clientId) }));
  }

  typing(id: string): void {
    this.update(id, (c) => ({ ...c, typingUntil: Date.now() + TYPING_MS }));
  }

  read(id: string, seq: number): void {
    this.update(id, (c) => (seq > c.citizenReadSeq ? { ...c, citizenReadSeq: seq } : c));
  }

  seen(id: string): number {
    return this.snapshot.seen[id] ?? 0;
  }

  /** I have seen the chat up to `seq`; returns whether that is news. */
  markSeen(id: string, seq: number): boolean {
    if (seq <= this.seen(id)) return false;
    this.snapshot = { ...this.snapshot, seen: { ...this.snapshot.seen, [id]: seq } };
    this.persist();
    this.emit();
    return true;
  }

  /** Forgets what is kept of chats no longer mine (their seen marks stay bounded). */
  retain(ids: Set<string>): void {
    const seen = Object.fromEntries(Object.entries(this.snapshot.seen).filter(([id]) => ids.has(id)));
    if (Object.keys(seen).length === Object.keys(this.snapshot.seen).length) return;
    this.snapshot = { ...this.snapshot, seen };
    this.persist();
    this.emit();
  }

  private persist(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.snapshot.seen));
    } catch {
      // ignore
    }
  }
}

/** Messages from the citizen I have not seen yet. */
export function unreadCount(state: ChatState, seen: number): number {
  let n = 0;
  for (const m of state.messages) if (m.sender === 'citizen' && m.seq > seen) n++;
  return n;
}
