import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ATTACHMENT_KIND_LABELS, type AttachmentKind } from '@bangban/shared';
import { AppError } from '../../lib/errors.ts';
import { hasControlBytes, sniff, SNIFF_BYTES, type Sniffed } from './content-sniff.ts';
import { sniffOoxml } from './ooxml.ts';

export type Accepted = Extract<Sniffed, { ok: true }>;

export interface Spooled {
  /** A temp file the caller must remove (the upload command does, whatever happens). */
  path: string;
  size: number;
  sha256: string;
  type: Accepted;
}

export type SizeLimits = Record<AttachmentKind, number>;

export const formatLimit = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * Checks an upload while it streams in: the kind from the first bytes, that kind's size limit on every
 * chunk (an over-size upload stops at the limit instead of being read to its end), the hash, and for text
 * that every byte is UTF-8. The bytes go to a temp file, because a Word/Excel file can only be confirmed
 * from its end (ooxml.ts) and nothing may reach the blob store before it is.
 */
export async function spoolUpload(source: Readable, opts: { dir: string; limits: SizeLimits }): Promise<Spooled> {
  await mkdir(opts.dir, { recursive: true });
  const path = join(opts.dir, `${randomUUID()}.upload`);
  const inspector = new UploadInspector(opts.limits);
  try {
    await pipeline(source, inspector, createWriteStream(path, { flags: 'wx' }));
    let type = inspector.result();
    if (type.needs === 'ooxml') {
      const confirmed = await sniffOoxml(path, inspector.size);
      if (!confirmed.ok) throw new AppError(confirmed.code);
      type = confirmed;
    }
    return { path, size: inspector.size, sha256: inspector.hash.digest('hex'), type };
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

class UploadInspector extends Transform {
  size = 0;
  readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private type: Accepted | undefined;
  private utf8: TextDecoder | undefined;

  constructor(private readonly limits: SizeLimits) {
    super();
  }

  result(): Accepted {
    if (!this.type) throw new AppError('ATTACHMENT_EMPTY');
    return this.type;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.size += chunk.length;
      this.hash.update(chunk);
      if (this.type) {
        this.check(chunk);
        return done(null, chunk);
      }
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return done();
      done(null, this.decide());
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.size === 0) throw new AppError('ATTACHMENT_EMPTY');
      if (!this.type) this.push(this.decide());
      if (this.utf8) this.utf8.decode(); // throws on a multi-byte character cut off at the end
      done();
    } catch (err) {
      done(err instanceof AppError ? err : new AppError('ATTACHMENT_TYPE_NOT_ALLOWED'));
    }
  }

  private decide(): Buffer {
    const head = Buffer.concat(this.head);
    this.head = [];
    const sniffed = sniff(head);
    if (!sniffed.ok) throw new AppError(sniffed.code);
    this.type = sniffed;
    if (sniffed.needs === 'utf8') this.utf8 = new TextDecoder('utf-8', { fatal: true });
    this.check(head);
    return head;
  }

  private check(chunk: Buffer): void {
    const type = this.type!;
    const limit = this.limits[type.kind];
    if (this.size > limit) throw new AppError('ATTACHMENT_TOO_LARGE', { kind: ATTACHMENT_KIND_LABELS[type.kind], limit: formatLimit(limit) });
    if (this.utf8) {
      if (hasControlBytes(chunk)) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED');
      try {
        this.utf8.decode(chunk, { stream: true });
      } catch {
        throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED');
      }
    }
  }
}
