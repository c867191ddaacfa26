import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { contentRuns, isCjk, normalizeText } from './normalize.ts';
import { STOP_CHARS, STOP_WORDS } from './stop-words.ts';

/** Terms extracted from one text; the three kinds live in separate namespaces of the index. */
export interface Analysis {
  /** jieba search-mode words (stop words removed). */
  words: string[];
  /** Adjacent unit pairs inside stop-word-free runs (robust to unknown words and typos). */
  bigrams: string[];
  /** Single units (CJK chars or latin/digit tokens): the only evidence for abbreviations. */
  chars: string[];
  /** Stop-word-free runs joined by a space, used for coverage features. */
  content: string;
}

// Latin/digit sequences act as one unit so "qq" and "ata" are not split into letters.
const UNIT = /[\u3400-\u9fff\uf900-\ufaff]|[a-z0-9]+/g;

export function units(run: string): string[] {
  return run.match(UNIT) ?? [];
}

export class Tokenizer {
  private readonly jieba: Jieba;
  private readonly known = new Set<string>();

  constructor() {
    this.jieba = Jieba.withDict(dict);
  }

  /**
   * Adds domain words (matter names, synonyms). jieba merges them into its DAG, so texts
   * analysed afterwards keep those names whole while search mode still emits their parts.
   */
  addWords(words: Iterable<string>, freq = 2000): number {
    const lines: string[] = [];
    for (const raw of words) {
      const w = normalizeText(raw).replace(/\s+/g, '');
      if (w.length < 2 || w.length > 16 || this.known.has(w)) continue;
      this.known.add(w);
      lines.push(`${w} ${freq} n`);
    }
    if (lines.length > 0) this.jieba.loadDict(Buffer.from(lines.join('\n') + '\n'));
    return lines.length;
  }

  /** `searchWords` false segments queries into whole words only (their parts still match as pairs). */
  analyze(text: string, searchWords = true): Analysis {
    const norm = normalizeText(text);
    const runs: string[] = [];
    for (const segment of contentRuns(norm)) {
      let cur = '';
      for (const tok of this.jieba.cut(segment, true)) {
        if (STOP_WORDS.has(tok)) {
          if (cur) runs.push(cur);
          cur = '';
        } else cur += tok;
      }
      if (cur) runs.push(cur);
    }
    // A query made only of filler ("怎么办") still has to match something.
    if (runs.length === 0) runs.push(...contentRuns(norm));
    const bigrams: string[] = [];
    const chars: string[] = [];
    const words: string[] = [];
    for (const run of runs) {
      const us = units(run);
      for (let i = 0; i < us.length; i++) {
        const u = us[i]!;
        if (!STOP_CHARS.has(u)) chars.push(u);
        if (i + 1 < us.length) bigrams.push(u + us[i + 1]!);
      }
      for (const w of searchWords ? this.jieba.cutForSearch(run, true) : this.jieba.cut(run, true)) {
        if ((w.length >= 2 || !isCjk(w)) && !STOP_WORDS.has(w)) words.push(w);
      }
    }
    return { words, bigrams, chars, content: runs.join(' ') };
  }
}
