import { useCallback, useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import {
  applyElderAttribute,
  elderFromSearch,
  ELDER_MESSAGE,
  ELDER_PARAM,
  readAutoRead,
  readElderMode,
  rememberElderMode,
  setAutoRead,
  setElderMode,
  subscribeElderMode,
} from './elderMode.ts';
import { currentlySpeaking, stopSpeaking, subscribeSpeech } from './speech.ts';

/** The remembered 长辈版 setting, live (a switch anywhere on the page, or in another tab, re-renders). */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribeElderMode, readElderMode, () => false);
  return [on, setElderMode];
}

export function useAutoRead(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribeElderMode, readAutoRead, () => false);
  return [on, setAutoRead];
}

/** Which answer is being read aloud (its key), or null. */
export function useSpeaking(): string | null {
  return useSyncExternalStore(subscribeSpeech, currentlySpeaking, () => null);
}

/**
 * For the root of a citizen page: takes `?elder=1` / `?elder=0` from the address and remembers it, marks
 * <html data-elder="on"> while on (before the first paint: no flash of small type), unmarks it on leaving.
 * In the widget's iframe, tells the host page of each switch so the next page opens the same way.
 */
export function useCitizenElderMode(embedded: boolean): [boolean, (on: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const fromUrl = elderFromSearch(params.toString());
  // Stored before the first read, so the first render already has it (nothing is subscribed yet).
  useState(() => {
    if (fromUrl !== null) rememberElderMode(fromUrl);
  });
  // A later change of the address (the page stays mounted) switches too.
  useLayoutEffect(() => {
    if (fromUrl !== null && fromUrl !== readElderMode()) setElderMode(fromUrl);
  }, [fromUrl]);
  const [on, set] = useElderMode();
  useLayoutEffect(() => {
    applyElderAttribute(on);
    return () => applyElderAttribute(false);
  }, [on]);
  // Leaving the page stops reading aloud.
  useEffect(() => stopSpeaking, []);
  const change = useCallback(
    (value: boolean) => {
      set(value);
      if (!value) stopSpeaking();
      // A switch by hand outlives the address it came with: a reload must not undo it.
      if (fromUrl !== null)
        setParams(
          (prev) => {
            const next = new URLSearchParams(prev);
            next.delete(ELDER_PARAM);
            return next;
          },
          { replace: true },
        );
      if (embedded && window.parent !== window) window.parent.postMessage({ type: ELDER_MESSAGE, on: value }, '*');
    },
    [set, embedded, fromUrl, setParams],
  );
  return [on, change];
}
