// The open live conversation's id, kept next to the 小申 chat (chatStorage.ts) so a reload resumes it. Not tied
// to the page the chat was opened on: a citizen talking to an agent keeps talking whichever page they are on.
const KEY = 'bangban.chat.live';

export function loadLiveId(): string | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw && /^[0-9a-f-]{36}$/i.test(raw) ? raw : null;
  } catch {
    return null;
  }
}

export function saveLiveId(id: string | null): void {
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage blocked: the conversation still works, it just will not survive a reload.
  }
}
