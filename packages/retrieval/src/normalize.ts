// NFKC folds full-width letters/digits/brackets (common in portal text) onto ASCII so that
// "ＱＱ" and "QQ", "（" and "(" index identically.
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const ALNUM = /[a-z0-9]/;

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}

/** True for characters that carry meaning (CJK ideographs, latin letters, digits). */
export function isContentChar(ch: string): boolean {
  return CJK.test(ch) || ALNUM.test(ch);
}

/** Splits text into maximal runs of content characters (punctuation and spaces break runs). */
export function contentRuns(text: string): string[] {
  const runs: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (isContentChar(ch)) cur += ch;
    else if (cur) {
      runs.push(cur);
      cur = '';
    }
  }
  if (cur) runs.push(cur);
  return runs;
}
