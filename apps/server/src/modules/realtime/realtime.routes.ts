import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { serveSocket, type Live } from './realtime-connection.ts';
import { RealtimeHub } from './realtime-hub.ts';

/** The heartbeat's turn: every socket is pinged once per heartbeat period, a share of them on each turn. */
const PING_TURN_MS = 100;

/**
 * GET /api/realtime: the live-help WebSocket (protocol in @bangban/shared api/realtime.ts). The hub lives as
 * long as this app: it starts with it and stops, with its Redis connections, when the app closes.
 */
export function realtimeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const hub = new RealtimeHub(ctx);
  const sockets = new Set<Live>();
  const heartbeatSeconds = ctx.config.realtime.heartbeatSeconds;
  let timer: NodeJS.Timeout | undefined;

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
    await hub.stop();
  });

  // logLevel warn: request logs would carry the URL, and a citizen's `?token=` with it.
  app.get('/api/realtime', { websocket: true, logLevel: 'warn', schema: { hide: true } }, (socket, req) => {
    const live = serveSocket(ctx, hub, socket, req, heartbeatSeconds);
    sockets.add(live);
    socket.on('close', () => sockets.delete(live));
  });
}
