import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { authenticate } from '../modules/identity/session.commands.ts';
import type { StaffActor, StaffWriteContext } from './actor.ts';
import { AppError } from './errors.ts';

export function zod(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

export const SESSION_COOKIE = 'bb_session';
const actorKey = Symbol('staffActor');

/** The signed-in staff member, or a 401 error; memoised on the request. */
/** What a user who must change their password may still call. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/me', 'POST /api/me/password', 'POST /api/auth/logout']);

export async function staffOf(ctx: AppContext, req: FastifyRequest): Promise<StaffActor> {
  const r = req as FastifyRequest & { [actorKey]?: StaffActor };
  r[actorKey] ??= await authenticate(ctx, req.cookies[SESSION_COOKIE]);
  if (r[actorKey].mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED');
  }
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

/*
 * busboy's own errors (no or a wrong boundary, a body cut short, a malformed part header) carry no status: the
 * upload is the caller's fault, a 400 UPLOAD_MALFORMED, never a 500. Errors with a client status (the 413 size
 * limits) and the app's own errors pass unchanged.
 */
const fromUpload = new WeakSet<object>();

/** Marks the errors a multipart part's stream raises (now or already) as the upload's, for `readingUpload`. */
export function uploadStream<T extends NodeJS.ReadableStream & { errored?: unknown }>(stream: T): T {
  const mark = (err: unknown) => {
    if (typeof err === 'object' && err !== null) fromUpload.add(err);
  };
  // With the whole body at hand busboy may have failed the part before the route sees it.
  mark(stream.errored);
  stream.once('error', mark);
  return stream;
}

/**
 * Runs work that reads a multipart request. With `onlyMarked`, an error becomes UPLOAD_MALFORMED only when the
 * upload's stream raised it (the work also stores the file: its own faults stay 500s); otherwise any error
 * without a client status does (the work only parses).
 */
export async function readingUpload<T>(work: () => Promise<T>, opts: { onlyMarked?: boolean } = {}): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status < 500) throw err;
    if (opts.onlyMarked && !(typeof err === 'object' && err !== null && fromUpload.has(err))) throw err;
    throw new AppError('UPLOAD_MALFORMED');
  }
}
