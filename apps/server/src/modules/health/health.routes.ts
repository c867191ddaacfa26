import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { ping } from '../../db/database.ts';
import { zod } from '../../lib/http.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  zod(app).get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: '健康检查：数据库可达时 200',
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable'), reason: z.string() }) },
      },
      logLevel: 'warn',
    },
    async (_req, reply) => {
      try {
        await ping(ctx.db);
        return { status: 'ok' as const };
      } catch (err) {
        return reply.code(503).send({ status: 'unavailable' as const, reason: `database: ${err instanceof Error ? err.message : String(err)}` });
      }
    },
  );
}
