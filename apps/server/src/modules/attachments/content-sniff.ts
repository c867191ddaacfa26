import type { AttachmentKind } from '@bangban/shared';

// Decides what an upload is from its first bytes. The file name and the browser's Content-Type are
// attacker-chosen and never consulted. Everything not listed here is refused: an allow-list, because a
// deny-list of dangerous formats is never complete.

/** Bytes of the head the sniffer needs (ISO BMFF brands, EBML doc type, the text check's window). */
export const SNIFF_BYTES = 4096;

/**
 * What `sniff` accepts, as the browser is told (`GET /api/attachments/limits`) to check a file before sending
 * it. Keep in step with `sniff` below (attachments.test.ts checks every entry's sample is accepted as listed).
 */
export const ALLOWED_TYPES: readonly { kind: AttachmentKind; mime: string; extensions: string[] }[] = [
  { kind: 'image', mime: 'image/png', extensions: ['png'] },
  { kind: 'image', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  { kind: 'image', mime: 'image/gif', extensions: ['gif'] },
  { kind: 'image', mime: 'image/webp', extensions: ['webp'] },
  { kind: 'voice', mime: 'audio/webm', extensions: ['webm', 'weba'] },
  { kind: 'voice', mime: 'audio/ogg', extensions: ['ogg', 'opus', 'oga'] },
  { kind: 'voice', mime: 'audio/mp4', extensions: ['m4a', 'mp4'] },
  { kind: 'voice', mime: 'audio/mpeg', extensions: ['mp3'] },
  { kind: 'voice', mime: 'audio/wav', extensions: ['wav'] },
  { kind: 'file', mime: 'application/pdf', extensions: ['pdf'] },
  { kind: 'file', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  { kind: 'file', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  { kind: 'file', mime: 'text/plain', extensions: ['txt', 'csv'] },
];

export type Sniffed =
  | { ok: true; kind: AttachmentKind; mime: string; ext: string; /** zip: confirm OOXML once all bytes are in */ needs?: 'ooxml' | 'utf8' }
  | { ok: false; code: 'ATTACHMENT_TYPE_NOT_ALLOWED' | 'ATTACHMENT_UNSAFE_TYPE' };

const image = (mime: string, ext: string): Sniffed => ({ ok: true, kind: 'image', mime, ext });
const voice = (mime: string, ext: string): Sniffed => ({ ok: true, kind: 'voice', mime, ext });
const refused: Sniffed = { ok: false, code: 'ATTACHMENT_TYPE_NOT_ALLOWED' };
const unsafe: Sniffed = { ok: false, code: 'ATTACHMENT_UNSAFE_TYPE' };

const ascii = (buf: Buffer, at: number, text: string) => buf.length >= at + text.length && buf.toString('latin1', at, at + text.length) === text;
const bytes = (buf: Buffer, at: number, sig: number[]) => buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);

// ISO BMFF major brands that browsers' MediaRecorder (Safari: audio/mp4) and phones' voice memos write.
// QuickTime ('qt  ') and HEIF images are not among them on purpose.
const MP4_BRANDS = new Set(['M4A ', 'M4B ', 'mp41', 'mp42', 'isom', 'iso2', 'iso4', 'iso5', 'iso6', 'dash', 'avc1']);

export function sniff(head: Buffer): Sniffed {
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('image/png', 'png');
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return image('image/jpeg', 'jpg');
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return image('image/gif', 'gif');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return image('image/webp', 'webp');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return voice('audio/wav', 'wav');
  // EBML header, then the DocType element (0x42 0x82) says webm; plain Matroska is not a recording format.
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return head.subarray(0, 64).includes(Buffer.from([0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d])) ? voice('audio/webm', 'webm') : refused;
  // Ogg page whose first packet (after the 27-byte header and its segment table) is an Opus header (Firefox).
  if (ascii(head, 0, 'OggS')) return ascii(head, 27 + (head[26] ?? 0), 'OpusHead') ? voice('audio/ogg', 'ogg') : refused;
  if (ascii(head, 4, 'ftyp')) return MP4_BRANDS.has(head.toString('latin1', 8, 12)) ? voice('audio/mp4', 'm4a') : refused;
  if (ascii(head, 0, 'ID3') || isMp3Frame(head)) return voice('audio/mpeg', 'mp3');
  if (ascii(head, 0, '%PDF-')) return { ok: true, kind: 'file', mime: 'application/pdf', ext: 'pdf' };
  if (bytes(head, 0, [0x50, 0x4b, 0x03, 0x04])) return { ok: true, kind: 'file', mime: 'application/zip', ext: 'zip', needs: 'ooxml' };
  if (isExecutable(head)) return unsafe;
  return sniffText(head);
}

/** MPEG audio frame sync with layer III and a defined version; ADTS AAC (layer 00) does not match. */
function isMp3Frame(head: Buffer): boolean {
  if (head.length < 4 || head[0] !== 0xff) return false;
  const b1 = head[1]!;
  return (b1 & 0xe0) === 0xe0 && (b1 & 0x06) === 0x02 && (b1 & 0x18) !== 0x08;
}

function isExecutable(head: Buffer): boolean {
  return (
    ascii(head, 0, 'MZ') || // Windows PE / DOS
    bytes(head, 0, [0x7f, 0x45, 0x4c, 0x46]) || // ELF
    [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((sig) => bytes(head, 0, sig)) || // Mach-O
    ascii(head, 0, '#!') // scripts: plain text to a parser, a program to a double-click
  );
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Plain text: UTF-8 without control characters. Text that opens with `<` is markup (HTML, SVG, XML):
 * a browser that ever renders it as such runs its scripts, so it is refused rather than trusted to the
 * download headers alone. The rest of the body is checked as it streams (`needs: 'utf8'`).
 */
function sniffText(head: Buffer): Sniffed {
  const body = bytes(head, 0, UTF8_BOM) ? head.subarray(3) : head;
  if (/^\s*</.test(body.toString('latin1', 0, Math.min(body.length, 512)))) return unsafe;
  if (!isPlainText(body)) return refused;
  return { ok: true, kind: 'file', mime: 'text/plain', ext: 'txt', needs: 'utf8' };
}

/** Control bytes other than tab, newline, form feed and carriage return mark binary data. */
export function hasControlBytes(chunk: Buffer): boolean {
  for (const b of chunk) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return true;
  return chunk.includes(0x7f);
}

function isPlainText(chunk: Buffer): boolean {
  if (chunk.length === 0 || hasControlBytes(chunk)) return false;
  // A multi-byte character may be cut at the window's edge; the streaming check sees it whole.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
    return true;
  } catch {
    return false;
  }
}
