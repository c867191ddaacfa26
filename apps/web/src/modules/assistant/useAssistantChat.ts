import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssistantReply, MatterCard } from '@bangban/shared';
import { ApiError, errorMessage } from '../../app/api.ts';
import { assistantApi, type Feedback } from './assistantApi.ts';
import { loadChat, saveChat, type StoredChat } from './chatStorage.ts';

export type Turn = AssistantReply & { feedback: Feedback | null };

export interface ChatOptions {
  channel: 'page' | 'widget';
  /** `?matter=`: a matter code, or a matter id. */
  matter: string | null;
  pageUrl?: string | undefined;
}

export interface AskRequest {
  question: string;
  entryId?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Errors after which the conversation cannot go on and a fresh one is opened. */
const GONE = new Set(['ASSISTANT_SESSION_ENDED', 'ASSISTANT_SESSION_NOT_FOUND']);

async function openSession(opts: ChatOptions, context: string): Promise<StoredChat> {
  const matterRef = opts.matter?.trim() || undefined;
  const base = { channel: opts.channel, ...(opts.pageUrl && { pageUrl: opts.pageUrl.slice(0, 1000) }) };
  const withMatter = matterRef ? (UUID.test(matterRef) ? { matterId: matterRef } : { matterCode: matterRef.slice(0, 64) }) : {};
  let started;
  try {
    started = await assistantApi.startSession({ ...base, ...withMatter });
  } catch (error) {
    // A page that names a matter we do not know still gets 小申, just without the matter card.
    if (!(error instanceof ApiError) || (error.code !== 'MATTER_NOT_FOUND' && error.code !== 'VALIDATION_FAILED') || !matterRef) throw error;
    started = await assistantApi.startSession(base);
  }
  return { sessionId: started.sessionId, context, greeting: started.greeting, matter: started.matter, notices: [], acks: {} };
}

/** One citizen conversation with 小申: start or resume, ask, feedback. 转人工 is livechat/useLiveHandoff.ts. */
export function useAssistantChat(opts: ChatOptions) {
  const context = `${opts.channel}|${opts.matter ?? ''}`;
  const [chat, setChat] = useState<StoredChat | null>(null);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [humanRequested, setHumanRequested] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [pending, setPending] = useState<AskRequest | null>(null);
  const [askError, setAskError] = useState<{ message: string; request: AskRequest } | null>(null);
  const chatRef = useRef<StoredChat | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  // StrictMode runs the start effect twice: one visitor must not open two sessions.
  const starting = useRef<Promise<void> | null>(null);

  const commit = useCallback((next: StoredChat | null) => {
    chatRef.current = next;
    saveChat(next);
    setChat(next);
  }, []);

  const startOnce = useCallback(async () => {
    setStartError(null);
    try {
      const stored = loadChat(context);
      if (stored) {
        try {
          const transcript = await assistantApi.transcript(stored.sessionId);
          commit({ ...stored, matter: transcript.matter ?? stored.matter });
          setTurns(transcript.turns);
          setHumanRequested(transcript.humanRequested);
          return;
        } catch (error) {
          // Gone (or the visitor token was replaced): start afresh rather than show an error.
          if (!(error instanceof ApiError) || error.status !== 404) throw error;
        }
      }
      commit(await openSession(optsRef.current, context));
      setTurns([]);
      setHumanRequested(false);
    } catch (error) {
      setStartError(errorMessage(error));
    }
  }, [context, commit]);

  const start = useCallback(() => {
    starting.current ??= startOnce().finally(() => {
      starting.current = null;
    });
    return starting.current;
  }, [startOnce]);

  useEffect(() => {
    void start();
  }, [start]);

  const ask = useCallback(
    async (request: AskRequest): Promise<boolean> => {
      const current = chatRef.current;
      if (!current) return false;
      setPending(request);
      setAskError(null);
      const body = { question: request.question, ...(request.entryId && { entryId: request.entryId }) };
      try {
        let reply: AssistantReply;
        try {
          reply = await assistantApi.ask(current.sessionId, body);
        } catch (error) {
          if (!(error instanceof ApiError) || !GONE.has(error.code)) throw error;
          // The server closed an idle conversation: go on in a new one, keeping what is on screen.
          const fresh = await openSession(optsRef.current, context);
          commit(fresh);
          reply = await assistantApi.ask(fresh.sessionId, body);
        }
        setTurns((list) => [...list, { ...reply, feedback: null }]);
        return true;
      } catch (error) {
        setAskError({ message: errorMessage(error), request });
        return false;
      } finally {
        setPending(null);
      }
    },
    [context, commit],
  );

  /** Throws the server's message; the caller shows it next to the buttons. */
  const sendFeedback = useCallback(
    async (turnId: string, feedback: Feedback) => {
      const ack = await assistantApi.feedback(turnId, feedback);
      setTurns((list) => list.map((t) => (t.turnId === turnId ? { ...t, feedback, offerHuman: ack.offerHuman || t.offerHuman } : t)));
      const current = chatRef.current;
      if (current) commit({ ...current, acks: { ...current.acks, [turnId]: ack.message } });
      return ack;
    },
    [commit],
  );

  return {
    ready: chat !== null,
    /** The 小申 session, handed to 转人工 so its transcript and matter go along. */
    sessionId: chat?.sessionId ?? null,
    startError,
    retryStart: start,
    greeting: chat?.greeting ?? '',
    matter: (chat?.matter ?? null) as MatterCard | null,
    notices: chat?.notices ?? [],
    acks: chat?.acks ?? {},
    turns,
    pending,
    askError,
    humanRequested,
    ask,
    sendFeedback,
  };
}

export type AssistantChat = ReturnType<typeof useAssistantChat>;
