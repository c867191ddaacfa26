import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import type { Sniffed } from './content-sniff.ts';

// A zip is only accepted as Word or Excel when its [Content_Types].xml declares the main part of a
// .docx or .xlsx. Read through the central directory at the end of the file, because writers put
// [Content_Types].xml anywhere (openpyxl writes it last) and may leave sizes out of the local headers.

const OOXML: { contentType: string; mime: string; ext: string }[] = [
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
  },
];

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024;
const MAX_CONTENT_TYPES = 1024 * 1024;
const refused: Sniffed = { ok: false, code: 'ATTACHMENT_TYPE_NOT_ALLOWED' };

/** Confirms a spooled zip as .docx/.xlsx; anything else (plain zips, macro-enabled documents, broken archives) is refused. */
export async function sniffOoxml(path: string, size: number): Promise<Sniffed> {
  const fh = await open(path, 'r');
  const read = async (position: number, length: number) => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  };
  try {
    // The end record is 22 bytes plus a comment of up to 65,535.
    const tailStart = Math.max(0, size - 22 - 0xffff);
    const tail = await read(tailStart, size - tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { eocd = i; break; }
    if (eocd < 0) return refused;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) return refused; // also rules out zip64 markers
    const cd = await read(cdOffset, cdSize);

    let contentTypes: { method: number; compressed: number; local: number } | undefined;
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL; ) {
      const nameLen = cd.readUInt16LE(p + 28);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // Macros make an Office file a program: .docm/.xlsm keep them here even when renamed.
      if (/(^|\/)vbaProject\.bin$/i.test(name)) return refused;
      if (name === '[Content_Types].xml') contentTypes = { method: cd.readUInt16LE(p + 10), compressed: cd.readUInt32LE(p + 20), local: cd.readUInt32LE(p + 42) };
      p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (!contentTypes || contentTypes.compressed > MAX_CONTENT_TYPES) return refused;

    const local = await read(contentTypes.local, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return refused;
    const dataAt = contentTypes.local + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = await read(dataAt, contentTypes.compressed);
    let xml: string;
    if (contentTypes.method === 0) xml = raw.toString('utf8');
    else if (contentTypes.method === 8) xml = inflateRawSync(raw, { maxOutputLength: MAX_CONTENT_TYPES }).toString('utf8');
    else return refused;

    const match = OOXML.find((t) => xml.includes(`ContentType="${t.contentType}"`));
    return match ? { ok: true, kind: 'file', mime: match.mime, ext: match.ext } : refused;
  } catch {
    return refused; // a truncated or corrupt archive: not a document we can vouch for
  } finally {
    await fh.close();
  }
}
