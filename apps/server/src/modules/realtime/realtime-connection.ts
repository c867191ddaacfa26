import type { FastifyRequest } from 'fastify';
import { ClientFrame, REALTIME_CLOSE, REALTIME_ERRORS, type RealtimeErrorCode, type ServerFrame } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { SESSION_COOKIE } from '../../lib/http.ts';
import { readableOnly } from '../../lib/validation.ts';
import { ownConversation, scopedConversation } from '../conversations/assignment.commands.ts';
import { touchPresence } from '../conversations/agent-status.command.ts';
import { markRead, postMessage } from '../conversations/message.commands.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { can } from '../identity/policy.ts';
import { authenticate } from '../identity/session.commands.ts';
import { isDatabaseUnavailable } from '../../db/database.ts';
import type { Peer, RealtimeHub } from './realtime-hub.ts';
import { mayObserve, partyKey, sideOf, type Party } from './recipients.ts';
import { sessionStanding } from './session-watch.ts';

/** Presence writes per agent socket: at most one per 20 s (the drop comes after 90 s of silence). */
const PRESENCE_WRITE_MS = 20_000;

/** A citizen who opened the socket without a token has this long to send `auth`. */
export const AUTH_TIMEOUT_MS = 10_000;

/**
 * A staff socket's session is read again at least this often (on a heartbeat visit), besides the re-checks on
 * the user's own events and at its expiry: the backstop for an event lost while Redis was away.
 */
export const SESSION_RECHECK_MS = 60_000;
/** Before a frame that reads or writes (subscribe, send, read), the session is confirmed if older than this. */
const ACTIVITY_CHECK_MS = 1_000;

type Frame<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;
type RawData = Buffer | ArrayBuffer | Buffer[];

/** The part of a `ws` socket used here, typed by hand: `ws` ships no types and @types/ws is not installed. */
export interface Socket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
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
  /** The staff member's id once admitted (citizen sockets: undefined); their account events re-check the session. */
  userId?: string;
  /** Re-reads the session after an event of this user (logout, password, disable, role…); closes it if gone. */
  recheck(): void;
  /** Called on every heartbeat visit: re-checks a session at its expiry, and at least every SESSION_RECHECK_MS. */
  review(): void;
}

/**
 * One socket: authenticates it, then handles its frames one at a time in arrival order (a `send` after a
 * `subscribe` is handled after the replay). A bad frame gets an error frame; the socket stays open.
 */
export function serveSocket(ctx: AppContext, hub: RealtimeHub, socket: Socket, req: FastifyRequest, heartbeatSeconds: number): Live {
  let peer: Peer | undefined;
  /**
   * A staff socket lives no longer than its session. `until` is the session's idle or absolute expiry as last
   * read; `checkedAt` when the database last confirmed it (Date.now()); `suspect` is set by an account event
   * so the next frame waits for the re-check; `ended` once closed for it (nothing more is handled or sent).
   */
  let staff: { actor: StaffActor; until: Date; checkedAt: number; suspect: boolean; checking: boolean; ended: boolean } | undefined;
  // Frames sent in one turn of the event loop (an ack and the echo of the message, several chats' messages to
  // one agent) leave in one system call: on loopback each write costs more than framing the message.
  let corked = false;
  const tcp = socket._socket;
  const uncork = () => {
    corked = false;
    tcp?.uncork();
  };
  const send = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN || staff?.ended) return;
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
    // The code as the close reason: the browser client tells "sign in again" from other closes by it.
    socket.close(closeCode, err instanceof AppError ? err.code : undefined);
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

  /** The session is gone: say why (a code the browser maps to "sign in again"), leave the hub, close. */
  const endSession = (code: 'AUTH_REQUIRED' | 'AUTH_SESSION_EXPIRED') => {
    if (!staff || staff.ended) return;
    send({ type: 'error', code, message: new AppError(code).messageFor('zh-CN') });
    staff.ended = true;
    if (peer) hub.remove(peer);
    socket.close(REALTIME_CLOSE.unauthenticated, code);
  };
  /** Reads the session row (without sliding it) and closes the socket if it no longer stands. */
  const checkStanding = async () => {
    if (!staff || staff.ended) return;
    staff.checking = true;
    try {
      const standing = await sessionStanding(ctx, staff.actor);
      staff.checkedAt = Date.now();
      staff.suspect = false;
      if (standing.gone) return endSession(standing.gone);
      staff.until = standing.until;
    } catch (err) {
      // The database did not answer: REST fails alike; try again on the next visit or frame.
      req.log.warn({ err }, 'realtime session re-check failed');
    } finally {
      staff.checking = false;
    }
  };
  /**
   * Whether a staff socket may go on with a frame. Frames the user sends that read or write (`activity`)
   * confirm the session through `authenticate`, which also slides its idle expiry as a REST request does:
   * someone chatting only over the socket is at work. Pings and heartbeats do not: an unattended desk tab
   * still reaches its idle expiry.
   */
  const signedIn = async (activity: boolean): Promise<boolean> => {
    if (!staff) return true;
    if (staff.ended) return false;
    if (activity && (staff.suspect || Date.now() - staff.checkedAt >= ACTIVITY_CHECK_MS)) {
      try {
        const actor = await authenticate(ctx, cookie);
        if (actor.id !== staff.actor.id || actor.role !== staff.actor.role || actor.orgUnitId !== staff.actor.orgUnitId) throw new AppError('AUTH_REQUIRED');
        staff.checkedAt = Date.now();
      } catch (err) {
        // The database not answering is no verdict on the session: the frame fails (SERVICE_UNAVAILABLE), the socket stays.
        if (!(err instanceof AppError) || isDatabaseUnavailable(err)) throw err;
        endSession(err.code === 'AUTH_SESSION_EXPIRED' ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
        return false;
      }
    }
    if (staff.suspect || ctx.clock.now() >= staff.until) await checkStanding();
    return !staff.ended;
  };
  const asCitizen = async (token: string) => admit({ kind: 'citizen', citizenId: (await authenticateCitizen(ctx, token)).citizenId });

  // The token may come in the query (never logged: the route logs at warn only) or in the first frame.
  const queryToken = (req.query as { token?: unknown }).token;
  const cookie = req.cookies[SESSION_COOKIE];
  let chain: Promise<void> = Promise.resolve();
  /** Work on the socket's queue, after the frames that came before (so a frame after a logout waits for its re-check). */
  const enqueue = (work: () => unknown) => {
    chain = chain
      .then(work)
      .then(() => undefined)
      .catch((err: unknown) => req.log.error(err));
  };
  const live: Live = {
    socket,
    missed: 0,
    recheck: () => {
      if (!staff || staff.ended) return;
      staff.suspect = true;
      enqueue(checkStanding);
    },
    review: () => {
      if (!staff || staff.ended || staff.checking) return;
      if (ctx.clock.now() >= staff.until || Date.now() - staff.checkedAt >= SESSION_RECHECK_MS) {
        staff.checking = true;
        enqueue(checkStanding);
      }
    },
  };
  let authTimer: NodeJS.Timeout | undefined;
  if (typeof queryToken === 'string' && queryToken) {
    chain = asCitizen(queryToken).catch((err) => refuse(err, REALTIME_CLOSE.unauthenticated));
  } else if (cookie) {
    chain = authenticate(ctx, cookie)
      .then(async (actor) => {
        if (!can(actor, 'conversation.read')) throw new AppError('FORBIDDEN');
        // An assigned password not yet replaced: the desk waits like every other API (PASSWORD_CHANGE_REQUIRED).
        if (actor.mustChangePassword) throw new AppError('FORBIDDEN');
        const standing = await sessionStanding(ctx, actor);
        if (standing.gone) throw new AppError(standing.gone);
        staff = { actor, until: standing.until, checkedAt: Date.now(), suspect: false, checking: false, ended: false };
        live.userId = actor.id;
        admit({ kind: 'staff', actor });
      })
      .catch((err) => refuse(err, err instanceof AppError && err.code === 'FORBIDDEN' ? REALTIME_CLOSE.forbidden : REALTIME_CLOSE.unauthenticated));
  } else {
    authTimer = setTimeout(() => (peer ? undefined : socket.close(REALTIME_CLOSE.authTimeout)), AUTH_TIMEOUT_MS);
  }

  const handle = async (frame: ClientFrame): Promise<void> => {
    if (!(await signedIn(frame.type === 'subscribe' || frame.type === 'send' || frame.type === 'read'))) return;
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
    enqueue(() => (frame ? handle(frame) : fail('BAD_FRAME')));
  });
  socket.on('pong', () => {
    live.missed = 0;
    heartbeat();
  });
  socket.on('close', () => {
    clearTimeout(authTimer);
    if (peer) hub.remove(peer);
    // A desk that closed its socket (reload, network switch) was alive until now: the grace period before the
    // system sets the agent away (AGENT_DISCONNECT_GRACE_SECONDS) counts from here. A socket cut for missed
    // pongs was not: its last pong stands as the last sign of life.
    if (live.missed < 2) {
      lastTouch = 0;
      heartbeat();
    }
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
