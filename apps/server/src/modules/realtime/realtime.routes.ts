import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { serveSocket, type Live } from './realtime-connection.ts';
import { RealtimeHub } from './realtime-hub.ts';

/** Sockets pinged per turn of the event loop. */
const PING_SLICE = 200;

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
    // Pinged in slices with the event loop free between them: thousands of sockets at once stalled delivery.
    timer = setInterval(() => {
      const all = [...sockets];
      const slice = (from: number) => {
        for (const live of all.slice(from, from + PING_SLICE)) {
          if (live.missed >= 2) {
            live.socket.terminate();
            continue;
          }
          live.missed++;
          live.socket.ping();
        }
        if (from + PING_SLICE < all.length) setImmediate(() => slice(from + PING_SLICE));
      };
      slice(0);
    }, heartbeatSeconds * 1000);
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
