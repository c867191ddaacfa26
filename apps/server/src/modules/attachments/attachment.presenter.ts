import type { Attachment, AttachmentKind } from '@bangban/shared';
import type { AttachmentRow } from '../../db/schema.ts';
import { uriEncode } from './sigv4.ts';

export function presentAttachment(row: AttachmentRow): Attachment {
  return { id: row.id, kind: row.kind, mime: row.mime, size: row.size, name: row.original_name, url: `/api/attachments/${row.id}` };
}

// Extensions a user may keep for each detected type; any other gets the type's own, so a PNG sent as
// "photo.exe" is saved back as "photo.png" and never as a program.
const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'audio/webm': ['webm', 'weba'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/mp4': ['m4a', 'mp4', 'aac'],
  'text/plain': ['txt', 'csv', 'log', 'md'],
};

const DEFAULT_NAME: Record<AttachmentKind, string> = { image: '图片', voice: '语音', file: '文件' };
const MAX_NAME_CHARS = 100;

/**
 * A display name safe to store and send back: no directories, no control or bidi-override characters
 * (U+202E makes "gnp.exe" read as "exe.png"), no characters Windows refuses, bounded length, and the
 * extension of what the bytes are.
 */
export function sanitiseName(raw: string | undefined, kind: AttachmentKind, mime: string, ext: string): string {
  let name = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|]/g, '').trim().replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  const given = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let base = dot > 0 ? name.slice(0, dot) : name;
  base = [...base].slice(0, MAX_NAME_CHARS).join('').trim() || DEFAULT_NAME[kind];
  return `${base}.${(EXTENSIONS[mime] ?? [ext]).includes(given) ? given : ext}`;
}

/** RFC 6266: an ASCII fallback for old clients plus the UTF-8 name (RFC 5987) that current browsers use. */
export function contentDisposition(row: AttachmentRow): string {
  const type = row.kind === 'file' ? 'attachment' : 'inline';
  const fallback = row.original_name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${fallback}"; filename*=UTF-8''${uriEncode(row.original_name)}`;
}
