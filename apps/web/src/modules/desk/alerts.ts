// Sound and desktop notifications for the desk and the wallboard. No audio asset: a short Web Audio beep.
import { useSyncExternalStore } from 'react';

let audio: AudioContext | null = null;

/**
 * Browsers start an AudioContext suspended until the page has had a click or a key; `unlockSound` is called
 * on the first one so later beeps (from the socket, with no gesture) can play.
 */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // no Web Audio: stay silent
  }
}

/** `tones` short beeps: 2 for a new chat, 3 for a supervisor alert. */
export function beep(tones = 2, frequency = 880): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime + 0.02;
    for (let i = 0; i < tones; i++) {
      const at = start + i * 0.22;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = i % 2 ? frequency * 1.25 : frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.2);
    }
  } catch {
    // no Web Audio: stay silent
  }
}

export type NotifyPermission = NotificationPermission | 'unsupported';

const permissionListeners = new Set<() => void>();
function currentPermission(): NotifyPermission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

/** The desktop-notification permission; asked for only from a button (never on load). */
export function useNotifyPermission(): [NotifyPermission, () => Promise<void>] {
  const permission = useSyncExternalStore(
    (l) => {
      permissionListeners.add(l);
      return () => permissionListeners.delete(l);
    },
    currentPermission,
  );
  const request = async () => {
    if (currentPermission() !== 'default') return;
    await Notification.requestPermission();
    permissionListeners.forEach((l) => l());
  };
  return [permission, request];
}

/** A desktop notification when the desk is not in front of the agent; clicking it brings the tab back. */
export function notifyDesktop(title: string, body: string, tag: string, onClick?: () => void): void {
  if (currentPermission() !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
  } catch {
    // some browsers allow notifications only from a service worker: the sound and the list still tell
  }
}

// One clock for every "waiting 1:23" on the page instead of a timer per row.
const tickListeners = new Set<() => void>();
let tickTimer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();
function subscribeTick(l: () => void): () => void {
  tickListeners.add(l);
  if (!tickTimer) {
    now = Date.now();
    tickTimer = setInterval(() => {
      now = Date.now();
      tickListeners.forEach((x) => x());
    }, 1000);
  }
  return () => {
    tickListeners.delete(l);
    if (!tickListeners.size && tickTimer) {
      clearInterval(tickTimer);
      tickTimer = undefined;
    }
  };
}

/** The current time, updated every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribeTick, () => now);
}

/** 75 → "1:15"; 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}
