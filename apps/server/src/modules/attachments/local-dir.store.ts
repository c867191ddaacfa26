import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, BlobNotFoundError, BlobStoreError, type BlobMeta, type BlobStore, type StoredBlob } from './blob-store.ts';

/**
 * Blobs as files under one directory (DATA_DIR/blobs by default). A blob appears under its key only once
 * complete: it is written to `.tmp/` on the same file system and renamed, so a crash or a failed upload
 * never leaves a half-written file where a reader could find it.
 */
export class LocalDirStore implements BlobStore {
  readonly kind = 'local' as const;
  constructor(readonly root: string) {}

  private path(key: string): string {
    assertKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable | Buffer, meta: BlobMeta): Promise<StoredBlob> {
    const target = this.path(key);
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, measure, createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      if ((meta.sha256 && meta.sha256 !== sha256) || (meta.size !== undefined && meta.size !== size)) {
        throw new BlobStoreError(`blob ${key}: the bytes written differ from the bytes received`);
      }
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
      return { size, sha256 };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      // Opened before returning, so a missing blob is an error here and not halfway through a response.
      const fh = await open(this.path(key), 'r');
      return fh.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
