import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, localeOf } from '../../lib/errors.ts';
import type { EventType } from '../../lib/events.ts';
import { configuredOrigins, isAllowedOrigin } from '../../lib/origins.ts';
import { serveSocket, type Live } from './realtime-connection.ts';
import { RealtimeHub } from './realtime-hub.ts';

/** The heartbeat's turn: every socket is pinged once per heartbeat period, a share of them on each turn. */
const PING_TURN_MS = 100;

/**
 * A user's account events after which their sockets re-read their session (on every process: the Redis relay
 * delivers other processes' events to the same listeners). The re-check decides: a password change keeps the
 * session it was made in, a display-name change ends nothing.
 */
const ACCOUNT_EVENTS: EventType[] = ['auth.logout', 'auth.password_changed', 'user.password_reset', 'user.updated'];

/**
 * GET /api/realtime: the live-help WebSocket (protocol in @bangban/shared api/realtime.ts). The hub lives as
 * long as this app: it starts with it and stops, with its Redis connections, when the app closes.
 */
export function realtimeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const hub = new RealtimeHub(ctx);
  const sockets = new Set<Live>();
  const heartbeatSeconds = ctx.config.realtime.heartbeatSeconds;
  let timer: NodeJS.Timeout | undefined;
  const origins = configuredOrigins(ctx.config);
  const unlisten = ACCOUNT_EVENTS.map((type) =>
    ctx.bus.on(type, (e) => {
      for (const live of sockets) if (live.userId && live.userId === e.subjectId) live.recheck();
    }),
  );

  app.addHook('onReady', async () => {
    await hub.start();
    // Pings keep proxies from cutting idle sockets; a socket that let two pings go unanswered is dead.
    // Spread over the period, a few on every turn: thousands of pings at once (and their pongs) stalled
    // delivery for a quarter of a second every period in npm run bench:chat.
    const turns = Math.max(1, Math.round((heartbeatSeconds * 1000) / PING_TURN_MS));
    let round: Live[] = [];
    let next = 0;
    let turn = 0;
    timer = setInterval(() => {
      if (turn === 0) {
        round = [...sockets];
        next = 0;
      }
      turn = (turn + 1) % turns;
      const upTo = turn === 0 ? round.length : Math.ceil((round.length * turn) / turns);
      for (; next < upTo; next++) {
        const live = round[next]!;
        if (!sockets.has(live)) continue;
        live.review();
        if (live.missed >= 2) {
          live.socket.terminate();
          continue;
        }
        live.missed++;
        live.socket.ping();
      }
    }, PING_TURN_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const off of unlisten) off();
    await hub.stop();
  });

  // logLevel warn: request logs would carry the URL, and a citizen's `?token=` with it.
  // Only this deployment's pages may open the socket: a page on another origin (even of the same site, which
  // the browser sends the session cookie from) is refused before the upgrade. No Origin: not a browser.
  const preValidation = async (req: FastifyRequest, reply: FastifyReply) => {
    const origin = req.headers.origin;
    if (origin === undefined || isAllowedOrigin(req, origins, origin)) return;
    const e = new AppError('CSRF_REFUSED');
    return reply.code(e.status).send({ error: { code: e.code, message: e.messageFor(localeOf(req.headers['accept-language'])) } });
  };
  app.get('/api/realtime', { websocket: true, logLevel: 'warn', schema: { hide: true }, preValidation }, (socket, req) => {
    const live = serveSocket(ctx, hub, socket, req, heartbeatSeconds);
    sockets.add(live);
    socket.on('close', () => sockets.delete(live));
  });
}
