import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { ping } from '../../db/database.ts';
import { zod } from '../../lib/http.ts';

/** One database ping serves every /healthz within this: under load a probe must not queue for the pool. */
const PING_CACHE_MS = 1_000;
/** A ping slower than this counts as down (a hung database answers nothing at all). */
const PING_TIMEOUT_MS = 2_000;

const Checks = z.object({ database: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down']).optional() });

/**
 * GET /healthz for load balancers and operators: `ok`; `degraded` (200: Redis is configured but down, so
 * this process serves its own sockets while the others do not hear of its writes until Redis is back, and a
 * balancer keeps it); `unavailable` (503: the database cannot be reached). No error text: the log has it.
 */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const database = databaseProbe(ctx);
  zod(app).get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: '健康检查：正常 ok、Redis 中断 degraded（200）、数据库不可达 unavailable（503）',
        response: {
          200: z.object({ status: z.enum(['ok', 'degraded']), checks: Checks }),
          503: z.object({ status: z.literal('unavailable'), checks: Checks }),
        },
      },
      logLevel: 'warn',
    },
    async (_req, reply) => {
      const checks: z.infer<typeof Checks> = { database: (await database()) ? 'ok' : 'down' };
      if (ctx.relay) checks.redis = ctx.relay.connected ? 'ok' : 'down';
      if (checks.database === 'down') return reply.code(503).send({ status: 'unavailable' as const, checks });
      return { status: checks.redis === 'down' ? ('degraded' as const) : ('ok' as const), checks };
    },
  );
}

/** Whether the database answered a ping: one ping at a time, its result reused for PING_CACHE_MS. */
function databaseProbe(ctx: Pick<AppContext, 'db'>): () => Promise<boolean> {
  let last: { at: number; up: boolean } | undefined;
  let running: Promise<boolean> | undefined;
  return () => {
    if (last && Date.now() - last.at < PING_CACHE_MS) return Promise.resolve(last.up);
    running ??= new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      ping(ctx.db).then(
        () => resolve(true),
        () => resolve(false),
      ).finally(() => clearTimeout(timer));
    }).then((up) => {
      last = { at: Date.now(), up };
      running = undefined;
      return up;
    });
    return running;
  };
}
