// Read-aloud (读屏) of 小申's answers with the browser's own speech synthesis (Web Speech API). Nothing is sent
// anywhere. A browser without it (or without a voice) simply shows no read-aloud button.

type Listener = () => void;
const listeners = new Set<Listener>();
let speakingKey: string | null = null;
/** Bumped on every start and stop: an old utterance's end must not clear a newer one's state. */
let generation = 0;

export function speechSupported(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
}

/** A Chinese voice if the device has one; otherwise the default voice reads it with lang zh-CN. */
function chineseVoice(): SpeechSynthesisVoice | undefined {
  let voices: SpeechSynthesisVoice[] = [];
  try {
    voices = window.speechSynthesis.getVoices();
  } catch {
    return undefined;
  }
  return voices.find((v) => v.lang === 'zh-CN') ?? voices.find((v) => /^zh[-_](CN|Hans)/i.test(v.lang)) ?? voices.find((v) => v.lang.toLowerCase().startsWith('zh'));
}

const MAX_CHUNK = 160;

/**
 * Sentences grouped into pieces of at most MAX_CHUNK characters: some engines stop a long utterance after
 * about 15 seconds, and a short piece lets the stop button act at once.
 */
export function speechChunks(text: string): string[] {
  const sentences = text
    .replace(/\s*\n+\s*/g, '\n')
    .split(/(?<=[。！？!?；;\n])/)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const s of sentences) {
    for (let i = 0; i < s.length; i += MAX_CHUNK) {
      const piece = s.slice(i, i + MAX_CHUNK);
      const last = out.at(-1);
      if (last !== undefined && last.length + piece.length <= MAX_CHUNK) out[out.length - 1] = `${last}${piece}`;
      else out.push(piece);
    }
  }
  return out;
}

function notify() {
  for (const l of listeners) l();
}

/** Reads `text` aloud, stopping whatever was being read. `key` names what is read (a turn), for its button. */
export function speak(key: string, text: string): boolean {
  if (!speechSupported()) return false;
  const synth = window.speechSynthesis;
  const pieces = speechChunks(text);
  if (pieces.length === 0) return false;
  synth.cancel();
  const mine = ++generation;
  speakingKey = key;
  const voice = chineseVoice();
  const done = () => {
    if (mine !== generation) return;
    speakingKey = null;
    notify();
  };
  pieces.forEach((piece, i) => {
    const u = new window.SpeechSynthesisUtterance(piece);
    u.lang = voice?.lang ?? 'zh-CN';
    if (voice) u.voice = voice;
    // A little slower than the default, for older listeners.
    u.rate = 0.9;
    if (i === pieces.length - 1) u.onend = done;
    u.onerror = done;
    synth.speak(u);
  });
  notify();
  return true;
}

export function stopSpeaking(): void {
  if (!speechSupported()) return;
  generation++;
  window.speechSynthesis.cancel();
  if (speakingKey !== null) {
    speakingKey = null;
    notify();
  }
}

export function currentlySpeaking(): string | null {
  return speakingKey;
}

export function subscribeSpeech(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
