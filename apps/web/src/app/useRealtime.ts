// React glue for RealtimeSocket: one socket for the component's lifetime, its state, and frame listeners.
import { useEffect, useRef, useState } from 'react';
import type { ServerFrame } from '@bangban/shared';
import { RealtimeSocket, type ConnectionState, type RealtimeAuth } from './realtime.ts';

/**
 * Opens a socket while `auth` is given (null: none, e.g. before the citizen has a conversation) and closes it
 * on unmount. Only `auth.kind` is a dependency; a citizen's `token` function is read through a ref.
 */
export function useRealtime(auth: RealtimeAuth | null, opts?: { url?: string }): { socket: RealtimeSocket | null; state: ConnectionState } {
  const authRef = useRef(auth);
  authRef.current = auth;
  const kind = auth?.kind ?? null;
  const url = opts?.url;
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');

  useEffect(() => {
    if (!kind) return;
    const current = authRef.current;
    const stable: RealtimeAuth =
      current?.kind === 'citizen' ? { kind: 'citizen', token: () => (authRef.current as Extract<RealtimeAuth, { kind: 'citizen' }>).token() } : { kind: 'staff' };
    const s = new RealtimeSocket(stable, url ? { url } : {});
    setSocket(s);
    setState(s.state);
    const off = s.onState(setState);
    return () => {
      off();
      s.close();
      setSocket((prev) => (prev === s ? null : prev));
    };
  }, [kind, url]);

  return { socket, state: socket ? state : 'closed' };
}

/** Calls `listener` for every server frame of `socket` (the latest listener, without re-subscribing). */
export function useRealtimeFrames(socket: RealtimeSocket | null, listener: (frame: ServerFrame) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    if (!socket) return;
    return socket.on((frame) => ref.current(frame));
  }, [socket]);
}
