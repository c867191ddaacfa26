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
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (_channel, raw: string) => {
      try {
        const msg = JSON.parse(raw) as { origin: string; signal: EphemeralSignal };
        if (msg.origin !== this.origin) this.deliver(msg.signal);
      } catch {
        // Not ours to crash over: a malformed notice on the channel is dropped.
      }
    });
    await this.sub.subscribe(CHANNEL);
  }

  publish(signal: EphemeralSignal): void {
    this.pub.publish(CHANNEL, JSON.stringify({ origin: this.origin, signal })).catch(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
