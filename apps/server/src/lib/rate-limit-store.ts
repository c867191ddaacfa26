import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';

/**
 * With REDIS_URL the per-IP and per-token limits are counted in Redis, so N processes allow the limit once,
 * not N times. A Redis outage must not lock staff out: commands fail fast (no offline queue, one try) and the
 * limiter lets the request through (`skipOnError`); the client reconnects on its own. Without Redis: memory.
 */
export function rateLimitStore(app: FastifyInstance, redisUrl: string | undefined): { redis?: Redis; skipOnError: boolean; nameSpace: string } {
  if (!redisUrl) return { skipOnError: true, nameSpace: 'bangban-rate-' };
  const redis = new Redis(redisUrl, {
    connectTimeout: 500,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Errors are the outage itself (logged by the event relay and seen in /healthz); never an unhandled 'error'.
  redis.on('error', () => undefined);
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
  return { redis, skipOnError: true, nameSpace: 'bangban-rate-' };
}
