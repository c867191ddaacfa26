// Masking for roles that do not need citizens' identifiers (DOMAIN: privacy).
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\s/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

// Personal numbers typed into free text (chat, the hand-off question, notes, comments). Digits may be
// full-width and split by spaces or dashes ("139 1234 5678", "+86-139…"). A run glued to letters is part of
// a code, not a number a person typed (matter codes like 11440100MB2C93184J3440113106004), and is left alone.
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const SEP = '[ \\u3000\\-\\uFF0D]';
const CANDIDATE = new RegExp(`(?<![0-9\\uFF10-\\uFF19A-Za-z])[+\\uFF0B]?${DIGIT}(?:${SEP}?${DIGIT}){5,}(?:${SEP}?[Xx\\uFF38\\uFF58])?(?![0-9\\uFF10-\\uFF19A-Za-z])`, 'g');

const ID_18 = /^[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;
const ID_15 = /^[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;
const MOBILE = /^(?:\+?86|0086)?(1[3-9]\d{9})$/;
// A landline with its area code (010-, 021-, 0755-…); a bare 7–8 digit run is as likely a date or an amount.
const LANDLINE = /^0[1-9]\d{1,2}[2-9]\d{6,7}$/;
const CARD = /^\d{16,19}$/;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The masked form of a compact number (ASCII digits, separators removed), or null when it is no personal number. */
function maskNumber(compact: string, hasPlus: boolean): string | null {
  if (ID_18.test(compact) || ID_15.test(compact)) return maskIdNumber(compact);
  const mobile = MOBILE.exec(compact);
  if (mobile && (hasPlus || compact.length === 11 || compact.startsWith('0086'))) {
    const prefix = compact.length > 11 ? `${hasPlus ? '+' : ''}${compact.slice(0, -11)} ` : '';
    return `${prefix}${maskPhone(mobile[1])}`;
  }
  if (!hasPlus && LANDLINE.test(compact)) return maskPhone(compact);
  if (!hasPlus && CARD.test(compact) && luhn(compact)) return `${'*'.repeat(compact.length - 4)}${compact.slice(-4)}`;
  return null;
}

const toAscii = (s: string) => s.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\uFF38\uFF58x]/g, 'X');

/**
 * Masks mainland ID numbers (18 and 15 digits), mobile numbers (with or without +86), landlines with an area
 * code and bank-card numbers (16–19 digits passing the Luhn check) in free text, as `maskIdNumber`/`maskPhone`
 * show them. Postal codes, dates, amounts, order numbers and codes mixed with letters stay as they are.
 */
export function maskPersonalNumbers(text: string): string;
export function maskPersonalNumbers(text: string | null): string | null;
export function maskPersonalNumbers(text: string | null): string | null {
  if (!text) return text;
  return text.replace(CANDIDATE, (run) => {
    const plus = /^[+\uFF0B]/.test(run);
    const body = plus ? run.slice(1) : run;
    const whole = maskNumber(toAscii(body).replace(/[^\dX]/g, ''), plus);
    if (whole !== null) return whole;
    // Several numbers in one run ("13912345678 13812345678"): the longest number from each group boundary.
    const groups = body.split(new RegExp(SEP));
    if (groups.length < 2) return run;
    const out: string[] = [];
    let found = false;
    for (let i = 0; i < groups.length; ) {
      let masked: string | null = null;
      let j = groups.length;
      for (; j > i && masked === null; j--) masked = maskNumber(toAscii(groups.slice(i, j).join('')), plus && i === 0);
      if (masked !== null) {
        found = true;
        out.push(masked);
        i = j + 1;
      } else {
        out.push(groups[i]!);
        i++;
      }
    }
    if (!found) return run;
    return (plus && !out[0]!.startsWith('+') ? run[0] : '') + out.join(' ');
  });
}
