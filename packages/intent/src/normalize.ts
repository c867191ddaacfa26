// Text normalisation shared by training and inference; both sides must agree exactly.

const MASK_RUN = /\*+/g;
const DIGIT_RUN = /[0-9]+/g;
const SPACE_RUN = /\s+/g;

export interface NormalizeOptions {
  /** How to treat `*` runs (masked names): drop them, or keep one placeholder so n-grams still see a slot. */
  mask: 'strip' | 'placeholder';
  /** Collapse digit runs to "0": dates and house numbers carry no intent. */
  collapseDigits: boolean;
}

export const DEFAULT_NORMALIZE: NormalizeOptions = { mask: 'placeholder', collapseDigits: true };

export function normalizeText(text: string, opts: NormalizeOptions = DEFAULT_NORMALIZE): string {
  // NFKC folds full-width letters, digits and punctuation (？！，) into their half-width forms.
  let out = text.normalize('NFKC').toLowerCase();
  out = out.replace(MASK_RUN, opts.mask === 'strip' ? '' : '某');
  if (opts.collapseDigits) out = out.replace(DIGIT_RUN, '0');
  return out.replace(SPACE_RUN, ' ').trim();
}
