import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText, type NormalizeOptions } from './normalize.ts';

export interface FeatureOptions {
  normalize: NormalizeOptions;
  /** Include jieba words (prefixed "w:"). */
  words: boolean;
  /** Include adjacent jieba word pairs (prefixed "b:"). */
  wordBigrams: boolean;
  /** Character n-gram range, inclusive; [0, 0] disables. */
  charMin: number;
  charMax: number;
  /**
   * Also emit words and char bigrams of the first and last sentence with "h:"/"t:" prefixes: the
   * ask ("请问…?", "建议…", "请尽快处理") usually opens or closes a message. 0 disables; otherwise the
   * max sentence length in chars that is considered.
   */
  edgeSentence: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  normalize: { mask: 'placeholder', collapseDigits: true },
  words: true,
  wordBigrams: false,
  charMin: 1,
  charMax: 3,
  edgeSentence: 0,
};

let jieba: Jieba | undefined;

// The dictionary load costs ~0.3 s, so it happens once, on first use.
function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;
const SENTENCE_END = /(?<=[。!?;\n])|(?<=\.)(?!\d)/u;

function edgeSentences(norm: string, maxLen: number): [string, string] {
  const parts = norm
    .split(SENTENCE_END)
    .map((p) => p.trim())
    .filter((p) => p.replace(/[\p{P}\p{S}\s]/gu, '').length >= 5);
  const head = (parts[0] ?? '').slice(0, maxLen);
  const tail = (parts[parts.length - 1] ?? '').slice(-maxLen);
  return [head, tail];
}

function pushEdge(out: string[], prefix: string, sentence: string): void {
  for (const w of cutWords(sentence)) out.push(prefix + w);
  const chars = Array.from(sentence);
  for (let i = 0; i + 2 <= chars.length; i++) out.push(prefix + chars[i] + chars[i + 1]);
}

export function cutWords(normalized: string): string[] {
  return getJieba()
    .cut(normalized, false)
    .filter((w) => !PUNCT_OR_SPACE.test(w));
}

/** Raw (un-weighted) feature strings of a message, duplicates kept so counts reflect term frequency. */
export function extractFeatures(text: string, opts: FeatureOptions = DEFAULT_FEATURES): string[] {
  const norm = normalizeText(text, opts.normalize);
  const out: string[] = [];
  if (opts.words || opts.wordBigrams) {
    const words = cutWords(norm);
    if (opts.words) for (const w of words) out.push('w:' + w);
    if (opts.wordBigrams) {
      for (let i = 0; i + 1 < words.length; i++) out.push('b:' + words[i] + '_' + words[i + 1]);
    }
  }
  if (opts.charMin > 0) {
    // Spaces and punctuation stay inside char n-grams on purpose: "？" next to 吗 is a strong consult cue.
    const chars = Array.from(norm);
    for (let n = opts.charMin; n <= opts.charMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  if (opts.edgeSentence > 0) {
    const [head, tail] = edgeSentences(norm, opts.edgeSentence);
    pushEdge(out, 'h:', head);
    pushEdge(out, 't:', tail);
  }
  return out;
}
