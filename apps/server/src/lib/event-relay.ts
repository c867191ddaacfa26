import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { EventBus, PublishedEvent } from './events.ts';

const CHANNEL = 'bangban:events';

/** Events kept for Redis while it is unreachable; beyond that the oldest go and the others are told to resync. */
export const OUTBOX_LIMIT = 1_000;

/**
 * Redis connections that fail fast: while Redis is down a command is refused at once instead of waiting in
 * ioredis's offline queue (a commit once waited 11 s on it), and reconnection is tried every 0.2–2 s.
 */
export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 200, 2_000), ...extra };
}

/** ioredis prints "Unhandled error event" for every failed reconnect without a listener: one line per outage instead. */
export function logRedisErrors(redis: Redis, what: string): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    console.error(`Redis 连接中断（${what}：${(err as { code?: string }).code ?? err.message}），本进程继续服务，恢复后自动重连。`);
  });
  redis.on('ready', () => {
    if (down) console.error(`Redis 已恢复（${what}）。`);
    down = false;
  });
}

type Wire = { origin: string; event: Omit<PublishedEvent, 'before' | 'after' | 'message'> } | { origin: string; resync: true };

/**
 * Joins several server processes into one deployment: every event committed here is published to Redis, and
 * events committed elsewhere are delivered to this process's listeners (cache reloads, index updates)
 * marked `remote`, so they are not sent round again. Each process also rebuilds its caches from the database
 * when it starts.
 *
 * Redis is never in a commit's way: an event is put in a bounded outbox and sent from there, so a write
 * whose Redis is down commits, and its own process's listeners hear of it, at once. The outbox is sent when
 * Redis returns (pub/sub is fire-and-forget, so a process whose subscription is not back yet misses it: each
 * process therefore resyncs on its own reconnection too). If more than OUTBOX_LIMIT pile up, the oldest are
 * dropped and a `resync` notice goes out instead; `onResync` listeners then reread what they keep (caches,
 * the chats a socket follows), which is what a dropped event would have made them do.
 */
export class RedisEventRelay {
  readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private unlisten: (() => void) | undefined;
  private outbox: Wire[] = [];
  private overflowed = false;
  private flushing = false;
  private subscribedOnce = false;
  private subLost = false;
  private readonly resyncListeners = new Set<() => void | Promise<void>>();

  constructor(
    private readonly bus: EventBus,
    url: string,
  ) {
    this.pub = new Redis(url, redisOptions());
    // The subscriber keeps ioredis's queue: SUBSCRIBE is sent again by ioredis itself on reconnection.
    this.sub = new Redis(url, redisOptions({ enableOfflineQueue: true, maxRetriesPerRequest: null }));
    logRedisErrors(this.pub, '事件发布');
    logRedisErrors(this.sub, '事件订阅');
  }

  /** Both connections up: events go out and come in now. */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /** Events waiting for Redis (tests, logs). */
  get backlog(): number {
    return this.outbox.length;
  }

  /** Called when this process may have missed other processes' events: its subscription came back, or a sender dropped some. */
  onResync(listener: () => void | Promise<void>): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async start(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (_channel, raw: string) => {
      let msg: Wire;
      try {
        msg = JSON.parse(raw) as Wire;
      } catch {
        return;
      }
      if (msg.origin === this.origin) return;
      if ('resync' in msg) return this.resync();
      const event = msg.event as PublishedEvent & { occurredAt: string };
      void this.bus.publish([{ ...event, occurredAt: new Date(event.occurredAt), remote: true }]);
    });
    this.sub.on('close', () => (this.subLost = this.subscribedOnce));
    this.sub.on('ready', () => {
      if (!this.subLost) return;
      this.subLost = false;
      // ioredis has sent SUBSCRIBE again by now; once this one is answered, the subscription is live, and
      // whatever is read from the database after it cannot be missed.
      this.sub.subscribe(CHANNEL).then(
        () => this.resync(),
        () => undefined, // lost again: the next 'ready' retries
      );
    });
    this.pub.on('ready', () => this.flush());
    await this.sub.subscribe(CHANNEL);
    this.subscribedOnce = true;
    this.unlisten = this.bus.on('*', (event) => {
      if (event.remote) return;
      // before/after can be large (an import's summary), and the chat message is read from the database by
      // the other processes: they only need to know what changed.
      const { before: _b, after: _a, message: _m, ...slim } = event;
      this.enqueue({ origin: this.origin, event: slim });
    });
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    // quit() only on a live connection: while Redis is away it would wait in the queue (or be refused while the
    // retries go on); disconnect() stops the retries.
    await Promise.allSettled([this.sub, this.pub].map((c) => (c.status === 'ready' ? c.quit() : c.disconnect())));
    this.sub.disconnect();
    this.pub.disconnect();
  }

  /** Not awaited by anyone: the commit that raised the event is already done. */
  private enqueue(wire: Wire): void {
    this.outbox.push(wire);
    if (this.outbox.length > OUTBOX_LIMIT) {
      this.outbox.splice(0, this.outbox.length - OUTBOX_LIMIT);
      this.overflowed = true;
    }
    this.flush();
  }

  /** Sends the outbox in order (pipelined on the one connection); what Redis refused stays for the next try. */
  private flush(): void {
    if (this.flushing || this.pub.status !== 'ready' || !(this.outbox.length || this.overflowed)) return;
    this.flushing = true;
    const batch = this.outbox.splice(0);
    if (this.overflowed) {
      this.overflowed = false;
      batch.push({ origin: this.origin, resync: true });
    }
    void Promise.allSettled(batch.map((w) => this.pub.publish(CHANNEL, JSON.stringify(w)))).then((results) => {
      const failed = batch.filter((_, i) => results[i]!.status === 'rejected');
      // A resend may reach someone twice: every listener of a remote event rereads, so twice is harmless.
      this.outbox.unshift(...failed.filter((w) => !('resync' in w)));
      if (failed.some((w) => 'resync' in w)) this.overflowed = true;
      if (this.outbox.length > OUTBOX_LIMIT) {
        this.outbox.splice(0, this.outbox.length - OUTBOX_LIMIT);
        this.overflowed = true;
      }
      this.flushing = false;
      if (!failed.length) this.flush();
    });
  }

  private resync(): void {
    for (const listener of this.resyncListeners) {
      Promise.resolve()
        .then(listener)
        .catch((err: unknown) => console.error('resync after a Redis interruption failed', err));
    }
  }
}
