import { createRequire } from 'node:module';
import type { IncomingMessage, Server } from 'node:http';

/*
 * `ws` ships no types and @types/ws is not installed: the little the benchmark uses is typed here, the way
 * apps/server/test/support/realtime-client.ts does it.
 */

export type RawData = Buffer | ArrayBuffer | Buffer[];

export interface WsSocket {
  readonly readyState: number;
  send(data: string | Buffer, opts?: { binary?: boolean }): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'open', l: () => void): void;
  on(event: 'message', l: (data: RawData, isBinary: boolean) => void): void;
  on(event: 'close', l: (code: number) => void): void;
  on(event: 'error', l: (err: Error) => void): void;
}

export interface WsServer {
  on(event: 'connection', l: (socket: WsSocket, req: IncomingMessage) => void): void;
  close(cb?: () => void): void;
}

interface WsModule {
  new (url: string, opts?: { headers?: Record<string, string>; perMessageDeflate?: boolean; handshakeTimeout?: number }): WsSocket;
  readonly OPEN: number;
  WebSocketServer: new (opts: { server: Server; maxPayload?: number; perMessageDeflate?: boolean; clientTracking?: boolean }) => WsServer;
}

const ws = createRequire(import.meta.url)('ws') as WsModule;

export const WebSocket = ws;
export const WebSocketServer = ws.WebSocketServer;
export const OPEN = ws.OPEN;

export function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString();
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  return Buffer.from(data).toString();
}
