import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventBus, PublishedEvent } from './events.ts';

const CHANNEL = 'bangban:events';

/**
 * Joins several server processes into one deployment: every event committed here is published to Redis, and
 * events committed elsewhere are delivered to this process's listeners (cache reloads, index updates)
 * marked `remote`, so they are not sent round again. Redis pub/sub is fire-and-forget, which is enough for
 * cache invalidation; each process also rebuilds its caches from the database when it starts.
 */
export class RedisEventRelay {
  readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly bus: EventBus,
    url: string,
  ) {
    this.pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.sub = new Redis(url, { lazyConnect: true });
  }

  async start(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (_channel, raw) => {
      let msg: { origin: string; event: PublishedEvent & { occurredAt: string } };
      try {
        msg = JSON.parse(raw);
      } catch {
        return;
      }
      if (msg.origin === this.origin) return;
      void this.bus.publish([{ ...msg.event, occurredAt: new Date(msg.event.occurredAt), remote: true }]);
    });
    await this.sub.subscribe(CHANNEL);
    this.unlisten = this.bus.on('*', async (event) => {
      if (event.remote) return;
      // before/after can be large (an import's summary); other processes only need to know what changed.
      const { before: _b, after: _a, ...slim } = event;
      await this.pub.publish(CHANNEL, JSON.stringify({ origin: this.origin, event: slim }));
    });
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
