import type { Readable } from 'node:stream';

export interface BlobMeta {
  mime: string;
  /** Required with a stream for S3 (a PUT needs Content-Length). */
  size?: number;
  /** When known, the store checks the bytes it wrote against it (S3 itself rejects a mismatch). */
  sha256?: string;
}

export interface StoredBlob {
  size: number;
  sha256: string;
}

/** Where attachment bytes live. Keys are `[0-9a-z-]` segments joined by `/` (see blobKey). */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  put(key: string, body: Readable | Buffer, meta: BlobMeta): Promise<StoredBlob>;
  /** Throws BlobNotFoundError when there is no such blob. */
  get(key: string): Promise<Readable>;
  /** Deleting a missing blob is not an error: cleanups may run twice. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`blob not found: ${key}`);
  }
}

/** The store could not be reached or refused the request (S3 status, disk full). */
export class BlobStoreError extends Error {}

const KEY = /^[0-9a-z][0-9a-z-]*(\/[0-9a-z][0-9a-z-]*)*$/;

/** Keys are built only by blobKey; anything else (`..`, absolute paths) is a bug, refused before any I/O. */
export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new BlobStoreError(`bad blob key: ${JSON.stringify(key)}`);
}

/** Two levels of 256 shards keep directories small on the local store; S3 ignores the structure. */
export function blobKey(id: string): string {
  const hex = id.replace(/-/g, '');
  return `attachments/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${id}`;
}
