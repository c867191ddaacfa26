// 长辈版 (elder mode) of the citizen pages, after MIIT's 2021 适老化 rules (《互联网网站适老化通用设计规范》,
// 《移动互联网应用（APP）适老化通用设计规范》): main text at least 18 px, line spacing at least 1.3, contrast
// at least 4.5:1 (7:1 here), main targets 60 × 60, no pop-ups, fewer functions, read aloud.
//
// The contract other parts rely on: on when localStorage['bangban.elderMode'] === '1'; `?elder=1` / `?elder=0`
// on a citizen page turns it on / off and remembers it; while on, <html data-elder="on">. The widget on a host
// page passes the setting into its iframe as `?elder=` and hears changes as an ELDER_MESSAGE.

export const ELDER_STORAGE_KEY = 'bangban.elderMode';
export const ELDER_PARAM = 'elder';
/** Posted by the chat in the widget's iframe to the host page when the citizen switches: `{ type, on }`. */
export const ELDER_MESSAGE = 'bangban:elder';

type Listener = () => void;
const listeners = new Set<Listener>();
/** Used when storage is blocked (a strict privacy setting): the choice lasts as long as the page. */
let memory = false;
let autoReadMemory = false;

export function readElderMode(): boolean {
  try {
    return localStorage.getItem(ELDER_STORAGE_KEY) === '1';
  } catch {
    return memory;
  }
}

/** Stores the choice without telling anyone (before the page first renders). */
export function rememberElderMode(on: boolean): void {
  memory = on;
  try {
    localStorage.setItem(ELDER_STORAGE_KEY, on ? '1' : '0');
  } catch {
    // kept in memory only
  }
}

export function setElderMode(on: boolean): void {
  rememberElderMode(on);
  for (const l of listeners) l();
}

/** `?elder=1` → true, `?elder=0` → false, anything else → null (leave the remembered choice alone). */
export function elderFromSearch(search: string): boolean | null {
  const value = new URLSearchParams(search).get(ELDER_PARAM);
  return value === '1' ? true : value === '0' ? false : null;
}

export function subscribeElderMode(listener: Listener): () => void {
  listeners.add(listener);
  // Another tab of the same site switched.
  const onStorage = (e: StorageEvent) => {
    if (e.key === ELDER_STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Marks the page for the elder stylesheet (elder.css scopes every rule under [data-elder="on"]). */
export function applyElderAttribute(on: boolean): void {
  if (on) document.documentElement.dataset.elder = 'on';
  else delete document.documentElement.dataset.elder;
}

// Whether 小申's new answers are read aloud by themselves (长辈版 only), remembered like the mode.
export const AUTO_READ_STORAGE_KEY = 'bangban.elderAutoRead';

export function readAutoRead(): boolean {
  try {
    return localStorage.getItem(AUTO_READ_STORAGE_KEY) === '1';
  } catch {
    return autoReadMemory;
  }
}

export function setAutoRead(on: boolean): void {
  autoReadMemory = on;
  try {
    localStorage.setItem(AUTO_READ_STORAGE_KEY, on ? '1' : '0');
  } catch {
    // kept in memory only
  }
  for (const l of listeners) l();
}
