// The live-help WebSocket client (GET /api/realtime), shared by the citizen chat and the agent desk.
// Framework-free: one RealtimeSocket per page, React components subscribe through `useRealtime`.
//
// Protocol (packages/shared/src/api/realtime.ts): staff are authenticated by the session cookie, citizens send
// `{type:'auth', token}` as the first frame. The server answers `ready`; only then are frames sent. Messages of
// a subscribed conversation arrive in `seq` order; after a reconnect we subscribe again from the highest seq
// already delivered, and drop anything at or below it, so listeners see each message once.
import { REALTIME_CLOSE, type ClientFrame, type ServerFrame } from '@bangban/shared';
import { ApiError, reportAuthLost } from './api.ts';

export type RealtimeAuth = { kind: 'staff' } | { kind: 'citizen'; token: () => Promise<string> };
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

interface PendingSend {
  conversationId: string;
  clientId: string;
  body: string;
  attachmentId?: string | undefined;
  resolve: (v: { seq: number }) => void;
  reject: (e: ApiError) => void;
}

/** Backoff of the n-th consecutive failed attempt (0-based): 0.5 s, 1 s, 2 s … capped at 15 s, with jitter. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15_000;
/** Our own ping so proxies (and idle mobile networks) keep the socket; the server answers `pong`. */
const PING_EVERY_MS = 25_000;
/**
 * Nothing at all from the server for this long (our pings get answered): the socket is dead, reconnect. Generous,
 * because a hidden tab's timers may run only once a minute.
 */
const SILENCE_LIMIT_MS = 90_000;
/** After the phone wakes or changes network: a ping must be answered within this time, or we reconnect. */
const PROBE_MS = 8_000;
/** Without `ready` within this time after the socket opened, try again. */
const READY_TIMEOUT_MS = 15_000;
const TYPING_EVERY_MS = 3_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 10));
  // "Equal jitter": at least half the ceiling, so a burst of clients spreads out without reconnecting at once.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function defaultUrl(path = '/api/realtime'): string {
  const url = new URL(path, window.location.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}

function closedError(): ApiError {
  return new ApiError(0, 'REALTIME_CLOSED', '连接已断开，请刷新页面后重试。');
}

export class RealtimeSocket {
  private readonly auth: RealtimeAuth;
  private readonly url: string;
  private ws: WebSocket | null = null;
  private current: ConnectionState = 'connecting';
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private lastHeard = 0;
  /**
   * A citizen page opened in a browser that also holds a staff session: the server authenticates the upgrade
   * by the cookie before our `auth` frame. Then the token goes in the query instead, which the server prefers.
   */
  private tokenInQuery = false;
  /** The last socket-level error frame: a 4401/4403 close names its code as the reason, this has the message. */
  private lastError: { code: string; message: string } | null = null;
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly frameListeners = new Set<(f: ServerFrame) => void>();
  /** Followed conversations → the highest seq delivered (or the afterSeq asked for). */
  private readonly followed = new Map<string, number>();
  /** Highest delivered seq of every conversation seen (followed or not): messages are delivered once. */
  private readonly delivered = new Map<string, number>();
  /** Sends waiting for their `ack`, in the order they were made. */
  private readonly pending = new Map<string, PendingSend>();
  private readonly lastTyping = new Map<string, number>();
  /** Read positions to (re)send once open. */
  private readonly reads = new Map<string, { seq: number; sent: boolean }>();

  constructor(auth: RealtimeAuth, opts: { url?: string } = {}) {
    this.auth = auth;
    this.url = opts.url && /^wss?:/.test(opts.url) ? opts.url : defaultUrl(opts.url);
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  get state(): ConnectionState {
    return this.current;
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  on(listener: (frame: ServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => {
      this.frameListeners.delete(listener);
    };
  }

  follow(conversationId: string, afterSeq: number): void {
    const known = Math.max(afterSeq, this.delivered.get(conversationId) ?? 0, this.followed.get(conversationId) ?? 0);
    this.followed.set(conversationId, known);
    this.delivered.set(conversationId, Math.max(this.delivered.get(conversationId) ?? 0, known));
    if (this.current === 'open') this.write({ type: 'subscribe', conversationId, afterSeq: known });
  }

  unfollow(conversationId: string): void {
    if (!this.followed.delete(conversationId)) return;
    this.reads.delete(conversationId);
    if (this.current === 'open') this.write({ type: 'unsubscribe', conversationId });
  }

  send(conversationId: string, msg: { clientId: string; body: string; attachmentId?: string }): Promise<{ seq: number }> {
    if (this.stopped) return Promise.reject(closedError());
    const existing = this.pending.get(msg.clientId);
    if (existing) {
      // A retry of a message still on its way: wait for the same ack.
      return new Promise((resolve, reject) => {
        const prev = { resolve: existing.resolve, reject: existing.reject };
        existing.resolve = (v) => {
          prev.resolve(v);
          resolve(v);
        };
        existing.reject = (e) => {
          prev.reject(e);
          reject(e);
        };
      });
    }
    return new Promise((resolve, reject) => {
      const entry: PendingSend = { conversationId, clientId: msg.clientId, body: msg.body, attachmentId: msg.attachmentId, resolve, reject };
      this.pending.set(msg.clientId, entry);
      if (this.current === 'open') this.writeSend(entry);
    });
  }

  typing(conversationId: string): void {
    if (this.current !== 'open') return;
    const now = Date.now();
    if (now - (this.lastTyping.get(conversationId) ?? 0) < TYPING_EVERY_MS) return;
    this.lastTyping.set(conversationId, now);
    this.write({ type: 'typing', conversationId });
  }

  read(conversationId: string, seq: number): void {
    const known = this.reads.get(conversationId);
    if (known && known.seq >= seq) return;
    const entry = { seq, sent: false };
    this.reads.set(conversationId, entry);
    if (this.current === 'open') {
      this.write({ type: 'read', conversationId, seq });
      entry.sent = true;
    }
  }

  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.removeWindowListeners();
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      this.detach(ws);
      try {
        ws.close(1000, 'bye');
      } catch {
        // already closing
      }
    }
    this.failPending(closedError());
    this.setState('closed');
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private readonly onOnline = (): void => {
    // The phone is back on a network: do not wait out the backoff; an open socket may be a dead one.
    if (this.current === 'reconnecting' && this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.connect();
    } else {
      this.probe();
    }
  };

  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') this.onOnline();
  };

  private removeWindowListeners(): void {
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** Ping now and reconnect unless something comes back soon: after sleep, a socket can be dead without a close. */
  private probe(): void {
    const ws = this.ws;
    if (!ws || this.current !== 'open' || this.probeTimer) return;
    const sentAt = Date.now();
    this.writeTo(ws, { type: 'ping' });
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      if (ws === this.ws && this.lastHeard < sentAt) this.drop(ws);
    }, PROBE_MS);
  }

  private setState(next: ConnectionState): void {
    if (this.current === next) return;
    this.current = next;
    for (const l of [...this.stateListeners]) {
      try {
        l(next);
      } catch (error) {
        console.error(error);
      }
    }
  }

  private emit(frame: ServerFrame): void {
    for (const l of [...this.frameListeners]) {
      try {
        l(frame);
      } catch (error) {
        console.error(error);
      }
    }
  }

  private connect(): void {
    if (this.stopped) return;
    this.reconnectTimer = null;
    if (this.tokenInQuery && this.auth.kind === 'citizen') {
      const auth = this.auth;
      auth.token().then(
        (token) => {
          if (this.stopped || this.ws) return;
          const url = new URL(this.url);
          url.searchParams.set('token', token);
          this.open(url.toString());
        },
        () => this.scheduleReconnect(),
      );
      return;
    }
    this.open(this.url);
  }

  private open(url: string): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => void this.onOpen(ws);
    ws.onmessage = (event) => this.onMessage(ws, event);
    ws.onclose = (event) => this.onClose(ws, event);
    ws.onerror = () => {
      // `close` follows and decides what to do.
    };
  }

  private detach(ws: WebSocket): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
  }

  private async onOpen(ws: WebSocket): Promise<void> {
    this.lastHeard = Date.now();
    this.readyTimer = setTimeout(() => this.drop(ws), READY_TIMEOUT_MS);
    if (this.auth.kind === 'citizen' && !this.tokenInQuery) {
      let token: string;
      try {
        token = await this.auth.token();
      } catch {
        this.drop(ws);
        return;
      }
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
      this.writeTo(ws, { type: 'auth', token });
    }
  }

  private onMessage(ws: WebSocket, event: MessageEvent): void {
    if (ws !== this.ws) return;
    this.lastHeard = Date.now();
    if (typeof event.data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(event.data) as ServerFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;

    switch (frame.type) {
      case 'ready':
        if (this.auth.kind === 'citizen' && frame.as === 'staff' && !this.tokenInQuery) {
          this.tokenInQuery = true;
          this.drop(ws, 0);
          return;
        }
        this.onReady(ws);
        break;
      case 'message': {
        const last = this.delivered.get(frame.conversationId) ?? 0;
        if (frame.seq <= last) return; // already delivered (replay after a reconnect)
        this.delivered.set(frame.conversationId, frame.seq);
        if (this.followed.has(frame.conversationId)) this.followed.set(frame.conversationId, frame.seq);
        // Our own message stored: settle its send even if the ack got lost with the connection.
        if (frame.clientId) this.settle(frame.clientId, frame.seq);
        break;
      }
      case 'ack':
        this.settle(frame.clientId, frame.seq);
        break;
      case 'error':
        // A socket-level error (not about one conversation): the message of a close that follows.
        if (!frame.conversationId) this.lastError = { code: frame.code, message: frame.message };
        if (frame.clientId) {
          const entry = this.pending.get(frame.clientId);
          if (entry) {
            this.pending.delete(frame.clientId);
            entry.reject(new ApiError(400, frame.code, frame.message));
          }
        }
        break;
      default:
        break;
    }
    this.emit(frame);
  }

  private onReady(ws: WebSocket): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    this.attempt = 0;
    this.setState('open');
    if (ws !== this.ws) return;
    for (const [conversationId, afterSeq] of this.followed) this.writeTo(ws, { type: 'subscribe', conversationId, afterSeq });
    // Re-sent with the same clientId: the server stores each message once and acknowledges again.
    for (const entry of this.pending.values()) this.writeSend(entry);
    for (const [conversationId, entry] of this.reads) {
      if (!entry.sent && this.followed.has(conversationId)) {
        this.writeTo(ws, { type: 'read', conversationId, seq: entry.seq });
        entry.sent = true;
      }
    }
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (ws !== this.ws) return;
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        this.drop(ws);
        return;
      }
      this.writeTo(ws, { type: 'ping' });
    }, PING_EVERY_MS);
  }

  private settle(clientId: string, seq: number): void {
    const entry = this.pending.get(clientId);
    if (!entry) return;
    this.pending.delete(clientId);
    entry.resolve({ seq });
  }

  private onClose(ws: WebSocket, event: CloseEvent): void {
    if (ws !== this.ws) return;
    this.detach(ws);
    this.ws = null;
    this.clearTimers();
    // Anything sent but not read back must be read again after the reconnect.
    for (const entry of this.reads.values()) entry.sent = false;
    if (this.stopped) return;
    if (event.code === REALTIME_CLOSE.unauthenticated || event.code === REALTIME_CLOSE.forbidden) {
      this.stopped = true;
      this.removeWindowListeners();
      // The reason is the error code (AUTH_SESSION_EXPIRED, AUTH_REQUIRED, CITIZEN_TOKEN_INVALID …); the
      // error frame just before the close carries its message.
      const code = /^[A-Z_]+$/.test(event.reason) ? event.reason : '';
      const error =
        event.code === REALTIME_CLOSE.unauthenticated
          ? new ApiError(401, code || 'NOT_AUTHENTICATED', this.lastError?.code === code && code ? this.lastError.message : '连接尚未登录，请刷新页面后重试。')
          : new ApiError(403, code || 'FORBIDDEN', this.lastError?.code === code && code ? this.lastError.message : '没有权限使用实时连接。');
      this.failPending(error);
      this.setState('closed');
      // A staff session that ended (logout elsewhere, disabled, password changed, expired): off to the login
      // page like any 401 of the API. Citizens' sockets use their visitor token and stay on their page.
      if (this.auth.kind === 'staff' && event.code === REALTIME_CLOSE.unauthenticated) reportAuthLost(new ApiError(401, code === 'AUTH_SESSION_EXPIRED' ? code : 'AUTH_REQUIRED', error.message));
      return;
    }
    this.scheduleReconnect();
  }

  /** Give up on a socket that is not working and reconnect. */
  private drop(ws: WebSocket, delayMs?: number): void {
    if (ws !== this.ws) return;
    this.detach(ws);
    this.ws = null;
    this.clearTimers();
    for (const entry of this.reads.values()) entry.sent = false;
    try {
      ws.close(4000, 'reconnect');
    } catch {
      // ignore
    }
    this.scheduleReconnect(delayMs);
  }

  private scheduleReconnect(delayMs?: number): void {
    if (this.stopped) return;
    this.setState('reconnecting');
    const delay = delayMs ?? backoffDelay(this.attempt);
    if (delayMs === undefined) this.attempt += 1;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.readyTimer) clearTimeout(this.readyTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.pingTimer = null;
    this.readyTimer = null;
    this.reconnectTimer = null;
  }

  private failPending(error: ApiError): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }

  private writeSend(entry: PendingSend): void {
    this.write({
      type: 'send',
      conversationId: entry.conversationId,
      clientId: entry.clientId,
      body: entry.body,
      ...(entry.attachmentId && { attachmentId: entry.attachmentId }),
    });
  }

  private write(frame: ClientFrame): void {
    if (this.ws) this.writeTo(this.ws, frame);
  }

  private writeTo(ws: WebSocket, frame: ClientFrame): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      // The close event follows; pending sends are re-sent after the reconnect.
    }
  }
}
