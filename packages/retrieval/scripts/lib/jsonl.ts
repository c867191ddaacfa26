import { readFileSync } from 'node:fs';
import type { KbEntry } from '../../src/types.ts';

export interface EvalQuery {
  id: string;
  query: string;
  gold: string[];
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Eval files use `null` for absent fields; the product type uses optional ones. */
export function readKb(path: string): KbEntry[] {
  return readJsonl<KbEntry>(path).map((e) => ({ ...e, similar: e.similar ?? [] }));
}

export function argValue(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
}
