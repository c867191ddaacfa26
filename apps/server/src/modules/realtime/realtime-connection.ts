import type { FastifyRequest } from 'fastify';
import { ClientFrame, REALTIME_CLOSE, REALTIME_ERRORS, type RealtimeErrorCode, type ServerFrame } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { SESSION_COOKIE } from '../../lib/http.ts';
import { readableOnly } from '../../lib/validation.ts';
import { ownConversation, scopedConversation } from '../conversations/assignment.commands.ts';
import { touchPresence } from '../conversations/agent-status.command.ts';
import { markRead, postMessage } from '../conversations/message.commands.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { can } from '../identity/policy.ts';
import { authenticate } from '../identity/session.commands.ts';
import type { Peer, RealtimeHub } from './realtime-hub.ts';
import { mayObserve, partyKey, sideOf, type Party } from './recipients.ts';

/** Presence writes per agent socket: at most one per 20 s (the drop comes after 90 s of silence). */
const PRESENCE_WRITE_MS = 20_000;

/** A citizen who opened the socket without a token has this long to send `auth`. */
export const AUTH_TIMEOUT_MS = 10_000;

type Frame<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;
type RawData = Buffer | ArrayBuffer | Buffer[];

/** The part of a `ws` socket used here, typed by hand: `ws` ships no types and @types/ws is not installed. */
export interface Socket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  on(event: 'pong' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  /** ws's TCP socket (undocumented but stable across ws 7–8): corked so one turn's frames leave in one write. */
  readonly _socket?: { cork(): void; uncork(): void } | undefined;
}

/** A socket's heartbeat state, read by the route's timer. */
export interface Live {
  socket: Socket;
  missed: number;
}

/**
 * One socket: authenticates it, then handles its frames one at a time in arrival order (a `send` after a
 * `subscribe` is handled after the replay). A bad frame gets an error frame; the socket stays open.
 */
export function serveSocket(ctx: AppContext, hub: RealtimeHub, socket: Socket, req: FastifyRequest, heartbeatSeconds: number): Live {
  const live: Live = { socket, missed: 0 };
  let peer: Peer | undefined;
  // Frames sent in one turn of the event loop (an ack and the echo of the message, several chats' messages to
  // one agent) leave in one system call: on loopback each write costs more than framing the message.
  let corked = false;
  const tcp = socket._socket;
  const uncork = () => {
    corked = false;
    tcp?.uncork();
  };
  const send = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    if (tcp && !corked) {
      corked = true;
      tcp.cork();
      setImmediate(uncork);
    }
    socket.send(JSON.stringify(frame));
  };
  const fail = (code: RealtimeErrorCode, extra: { conversationId?: string; clientId?: string } = {}) => send({ type: 'error', code, message: REALTIME_ERRORS[code], ...extra });
  const refuse = (err: unknown, closeCode: number) => {
    if (err instanceof AppError) send({ type: 'error', code: err.code, message: err.messageFor('zh-CN') });
    socket.close(closeCode);
  };

  // An agent's desk proves it is alive with every heartbeat; written at most every PRESENCE_WRITE_MS.
  let lastTouch = 0;
  const heartbeat = () => {
    if (peer?.party.kind !== 'staff' || peer.party.actor.role !== 'agent' || Date.now() - lastTouch < PRESENCE_WRITE_MS) return;
    lastTouch = Date.now();
    touchPresence(ctx, peer.party.actor.id).catch((err: unknown) => req.log.warn({ err }, 'presence write failed'));
  };
  const admit = (party: Party) => {
    peer = { party, send };
    hub.add(peer);
    send({ type: 'ready', as: party.kind, heartbeatSeconds });
    heartbeat();
  };
  const asCitizen = async (token: string) => admit({ kind: 'citizen', citizenId: (await authenticateCitizen(ctx, token)).citizenId });

  // The token may come in the query (never logged: the route logs at warn only) or in the first frame.
  const queryToken = (req.query as { token?: unknown }).token;
  const cookie = req.cookies[SESSION_COOKIE];
  let chain: Promise<void> = Promise.resolve();
  let authTimer: NodeJS.Timeout | undefined;
  if (typeof queryToken === 'string' && queryToken) {
    chain = asCitizen(queryToken).catch((err) => refuse(err, REALTIME_CLOSE.unauthenticated));
  } else if (cookie) {
    chain = authenticate(ctx, cookie)
      .then((actor) => {
        if (!can(actor, 'conversation.read')) throw new AppError('FORBIDDEN');
        admit({ kind: 'staff', actor });
      })
      .catch((err) => refuse(err, err instanceof AppError && err.code === 'FORBIDDEN' ? REALTIME_CLOSE.forbidden : REALTIME_CLOSE.unauthenticated));
  } else {
    authTimer = setTimeout(() => (peer ? undefined : socket.close(REALTIME_CLOSE.authTimeout)), AUTH_TIMEOUT_MS);
  }

  const handle = async (frame: ClientFrame): Promise<void> => {
    if (frame.type === 'ping') {
      heartbeat();
      return send({ type: 'pong' });
    }
    if (frame.type === 'auth') {
      if (peer) return fail('ALREADY_AUTHENTICATED');
      return asCitizen(frame.token).catch((err) => refuse(err, REALTIME_CLOSE.unauthenticated));
    }
    if (!peer) return fail('NOT_AUTHENTICATED');
    const me = peer;
    const refs = { conversationId: frame.conversationId, ...(frame.type === 'send' && { clientId: frame.clientId }) };
    try {
      switch (frame.type) {
        case 'subscribe':
          return await hub.subscribe(me, await accessible(ctx, me.party, frame.conversationId), frame.afterSeq);
        case 'unsubscribe':
          hub.unsubscribe(me, frame.conversationId);
          return send({ type: 'unsubscribed', conversationId: frame.conversationId });
        case 'send':
          return await sendMessage(me, frame);
        case 'typing':
        case 'read': {
          const row = hub.followed(me, frame.conversationId);
          if (!row) return fail('NOT_SUBSCRIBED', refs);
          const side = sideOf(me.party, row);
          if (!side) return fail('NOT_ALLOWED', refs);
          const out = frame.type === 'typing' ? { type: 'typing' as const, conversationId: row.id, from: side } : { type: 'read' as const, conversationId: row.id, seq: frame.seq, by: side };
          hub.signal({ conversationId: row.id, from: partyKey(me.party), frame: out });
          // Kept, so a reload or another device still knows what was read; only ever moves forward.
          if (frame.type === 'read') await markRead(ctx, row.id, side, frame.seq);
          return;
        }
      }
    } catch (err) {
      if (err instanceof AppError) return send({ type: 'error', code: err.code, message: err.messageFor('zh-CN'), ...refs });
      req.log.error(err);
      return fail('INTERNAL', refs);
    }
  };

  const sendMessage = async (me: Peer, frame: Frame<'send'>) => {
    const speaker =
      me.party.kind === 'citizen'
        ? { kind: 'citizen' as const, citizen: { kind: 'citizen' as const, citizenId: me.party.citizenId } }
        : { kind: 'agent' as const, actor: me.party.actor, ip: req.ip, requestId: req.id };
    if (speaker.kind === 'agent' && !can(speaker.actor, 'conversation.work')) throw new AppError('FORBIDDEN');
    // Acknowledged only once stored (committed): an ack is a promise that the message survives a crash.
    const { message, created } = await postMessage(ctx, speaker, frame.conversationId, { clientId: frame.clientId, text: frame.body, attachmentId: frame.attachmentId });
    send({ type: 'ack', conversationId: frame.conversationId, clientId: frame.clientId, seq: message.seq });
    if (!created) void hub.refresh(frame.conversationId);
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const frame = parse(data, isBinary);
    chain = chain.then(() => (frame ? handle(frame) : fail('BAD_FRAME'))).catch((err: unknown) => req.log.error(err));
  });
  socket.on('pong', () => {
    live.missed = 0;
    heartbeat();
  });
  socket.on('close', () => {
    clearTimeout(authTimer);
    if (peer) hub.remove(peer);
  });
  socket.on('error', (err) => req.log.warn({ err: err.message }, 'realtime socket error'));
  return live;
}

function parse(data: RawData, isBinary: boolean): ClientFrame | null {
  if (isBinary) return null;
  try {
    const text = Buffer.isBuffer(data) ? data.toString() : Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data).toString();
    const parsed = ClientFrame.safeParse(readableOnly(JSON.parse(text)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Who may follow a conversation: the same lookups as the REST endpoints, then the recipient rule. */
async function accessible(ctx: AppContext, party: Party, id: string) {
  if (party.kind === 'citizen') return ownConversation(ctx, { kind: 'citizen', citizenId: party.citizenId }, id);
  const row = await scopedConversation(ctx, party.actor, id);
  if (!mayObserve(party, row)) throw new AppError('CONVERSATION_NOT_YOURS');
  return row;
}
