// The upper limit of `npm run bench:chat`: a bare `ws` relay on loopback, run as its own process like the
// server. No auth, no parsing, no storage: a socket names itself (`?me=`) and, for a sender, its partner
// (`&to=`); each text frame it sends is written unchanged to the partner's socket. It prints
// {"port":N} once listening and runs until SIGTERM.
import { createServer } from 'node:http';
import { WebSocketServer, OPEN, type WsSocket } from './ws.ts';

const server = createServer((_req, res) => {
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024, perMessageDeflate: false, clientTracking: false });
const sockets = new Map<string, WsSocket>();

wss.on('connection', (socket, req) => {
  const q = new URL(req.url ?? '/', 'http://relay').searchParams;
  const me = q.get('me') ?? '';
  const to = q.get('to');
  sockets.set(me, socket);
  socket.on('message', (data, isBinary) => {
    const partner = to ? sockets.get(to) : undefined;
    if (partner && partner.readyState === OPEN) partner.send(data as Buffer, { binary: isBinary });
  });
  socket.on('close', () => {
    if (sockets.get(me) === socket) sockets.delete(me);
  });
  socket.on('error', () => undefined);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
});
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
