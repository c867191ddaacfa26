// What the browser keeps so a reload resumes the conversation. The server keeps the turns; the greeting and
// the acknowledgements it sent (转人工, 解决了吗) are not in the transcript, so they are kept here.
import type { MatterCard } from '@bangban/shared';

const KEY = 'bangban.chat.current';

export interface StoredNotice {
  /** Shown after the turn with this seq (0: before the first question). */
  afterSeq: number;
  text: string;
}

export interface StoredChat {
  sessionId: string;
  /** Channel and matter the session was opened for: a different page starts a new conversation. */
  context: string;
  greeting: string;
  matter: MatterCard | null;
  notices: StoredNotice[];
  /** Feedback acknowledgements by turn id. */
  acks: Record<string, string>;
}

export function loadChat(context: string): StoredChat | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const chat = JSON.parse(raw) as Partial<StoredChat>;
    if (chat.context !== context || typeof chat.sessionId !== 'string') return null;
    return { greeting: '', matter: null, ...chat, sessionId: chat.sessionId, context, notices: chat.notices ?? [], acks: chat.acks ?? {} };
  } catch {
    return null;
  }
}

export function saveChat(chat: StoredChat | null): void {
  try {
    if (chat) localStorage.setItem(KEY, JSON.stringify(chat));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage blocked: the conversation still works, it just will not survive a reload.
  }
}
