import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { authenticate } from '../modules/identity/session.commands.ts';
import type { StaffActor, StaffWriteContext } from './actor.ts';

export function zod(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

export const SESSION_COOKIE = 'bb_session';
const actorKey = Symbol('staffActor');

/** The signed-in staff member, or a 401 error; memoised on the request. */
export async function staffOf(ctx: AppContext, req: FastifyRequest): Promise<StaffActor> {
  const r = req as FastifyRequest & { [actorKey]?: StaffActor };
  r[actorKey] ??= await authenticate(ctx, req.cookies[SESSION_COOKIE]);
  return r[actorKey];
}

export function writeContext(req: FastifyRequest, actor: StaffActor): StaffWriteContext {
  return { actor, ip: req.ip, requestId: req.id };
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.session.cookieSecure,
    // Max-Age, not Expires: relative to the server's clock, so a browser whose clock disagrees (or a test
    // server living at another date) keeps the cookie for exactly the session's life.
    maxAge: Math.max(0, Math.floor((expires.getTime() - ctx.clock.now().getTime()) / 1000)),
  });
}

/** A citizen's device token, sent as `Authorization: Bearer …` by the chat page and the widget. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : undefined;
}
