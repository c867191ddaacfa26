import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

// `ws` ships no types (and @types/ws is not installed): the little the tests use is typed here.
interface WsSocket {
  readonly readyState: number;
  send(data: string | Buffer): void;
  close(): void;
  terminate(): void;
  on(event: 'open', l: () => void): void;
  on(event: 'message', l: (data: Buffer) => void): void;
  on(event: 'close', l: (code: number) => void): void;
  on(event: 'error', l: (err: Error) => void): void;
}
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, opts?: { headers?: Record<string, string>; autoPong?: boolean }) => WsSocket;

/** Listens on an ephemeral loopback port (once) and returns the WebSocket URL of the realtime endpoint. */
export async function realtimeUrl(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
}

/** A real WebSocket client that keeps every frame it receives, for assertions on who got what. */
export class RtClient {
  readonly frames: any[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  private readonly listeners: ((frame: any) => void)[] = [];
  private constructor(readonly ws: WsSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      this.frames.push(frame);
      for (const listener of this.listeners) listener(frame);
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve((this.closeCode = code))));
  }

  static open(url: string, opts: { cookie?: string; token?: string; autoPong?: boolean; origin?: string } = {}): Promise<RtClient> {
    const ws = new WebSocket(opts.token ? `${url}?token=${encodeURIComponent(opts.token)}` : url, {
      ...((opts.cookie || opts.origin) && { headers: { ...(opts.cookie && { cookie: opts.cookie }), ...(opts.origin && { origin: opts.origin }) } }),
      ...(opts.autoPong === false && { autoPong: false }),
    });
    const client = new RtClient(ws);
    return new Promise((resolve, reject) => {
      ws.on('open', () => resolve(client));
      ws.on('error', reject);
    });
  }

  /** A citizen with the device token in the first frame, or a staff member with the cookie; waits for `ready`. */
  static async citizen(url: string, token: string): Promise<RtClient> {
    const c = await RtClient.open(url);
    c.send({ type: 'auth', token });
    await c.next((f) => f.type === 'ready');
    return c;
  }
  static async staff(url: string, cookie: string, origin?: string): Promise<RtClient> {
    const c = await RtClient.open(url, { cookie, ...(origin && { origin }) });
    await c.next((f) => f.type === 'ready');
    return c;
  }

  /** Calls `listener` with each frame as it arrives (after it is kept): to act at an exact point of a stream. */
  onFrame(listener: (frame: any) => void): void {
    this.listeners.push(listener);
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame received so far (or within the timeout) that matches. */
  async next(match: (f: any) => boolean, timeoutMs = 4000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async subscribe(conversationId: string, afterSeq = 0): Promise<void> {
    this.send({ type: 'subscribe', conversationId, afterSeq });
    await this.next((f) => f.type === 'subscribed' && f.conversationId === conversationId);
  }

  /** Seqs of the message frames of one conversation, in the order received. */
  seqs(conversationId: string): number[] {
    return this.frames.filter((f) => f.type === 'message' && f.conversationId === conversationId).map((f) => f.seq);
  }

  about(conversationId: string): any[] {
    return this.frames.filter((f) => f.conversationId === conversationId);
  }

  close(): void {
    this.ws.close();
  }
}

export const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 4000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
