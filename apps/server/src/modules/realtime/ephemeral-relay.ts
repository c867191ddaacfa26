import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { logRedisErrors, redisOptions } from '../../lib/event-relay.ts';

const CHANNEL = 'bangban:realtime:ephemeral';

/** A typing notice or read receipt on its way to the other processes: never stored, never audited. */
export interface EphemeralSignal {
  conversationId: string;
  /** partyKey of the sender, so that it is not echoed to the sender's own sockets. */
  from: string;
  frame: { type: 'typing'; conversationId: string; from: 'citizen' | 'agent' } | { type: 'read'; conversationId: string; seq: number; by: 'citizen' | 'agent' };
}

/**
 * Typing and read receipts between processes, on their own Redis channel apart from the domain events: they
 * are ephemeral (a lost one is harmless, the next replaces it), so they stay out of the audit trail.
 */
export class EphemeralRelay {
  readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    url: string,
    private readonly deliver: (signal: EphemeralSignal) => void,
  ) {
    // Fail fast while Redis is down: a typing notice is worth nothing seconds later, so none wait in a queue.
    this.pub = new Redis(url, redisOptions());
    this.sub = new Redis(url, redisOptions({ enableOfflineQueue: true, maxRetriesPerRequest: null }));
    logRedisErrors(this.pub, '输入状态发布');
    logRedisErrors(this.sub, '输入状态订阅');
  }

  async start(): Promise<void> {
    this.sub.on('message', (_channel, raw: string) => {
      try {
        const msg = JSON.parse(raw) as { origin: string; signal: EphemeralSignal };
        if (msg.origin !== this.origin) this.deliver(msg.signal);
      } catch {
        // Not ours to crash over: a malformed notice on the channel is dropped.
      }
    });
    try {
      await Promise.all([this.pub.connect(), this.sub.connect()]);
      await this.sub.subscribe(CHANNEL);
    } catch {
      // Redis unreachable at start: no reason to refuse the server (a typing notice is all it carries). ioredis
      // keeps trying, and the subscriber's queue holds SUBSCRIBE until it is through.
      this.sub.subscribe(CHANNEL).catch(() => undefined);
    }
  }

  publish(signal: EphemeralSignal): void {
    this.pub.publish(CHANNEL, JSON.stringify({ origin: this.origin, signal })).catch(() => undefined);
  }

  async stop(): Promise<void> {
    // quit() only on a live connection: while Redis is away it would wait in the queue (or be refused while the
    // retries go on); disconnect() stops the retries.
    await Promise.allSettled([this.sub, this.pub].map((c) => (c.status === 'ready' ? c.quit() : c.disconnect())));
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
