import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { S3Config } from '../../config/env.ts';
import { BlobNotFoundError, BlobStoreError, assertKey, type BlobMeta, type BlobStore, type StoredBlob } from './blob-store.ts';
import { EMPTY_SHA256, UNSIGNED_PAYLOAD, sha256Hex, signRequest, uriEncode } from './sigv4.ts';

const PUT_TIMEOUT_MS = 120_000;
/** GET and DELETE: until the response headers arrive; a download then streams as long as the reader reads. */
const HEADERS_TIMEOUT_MS = 15_000;

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph RGW, the clouds' object storage), spoken over plain REST:
 * path-style URLs (`endpoint/bucket/key`, which every S3-compatible server accepts) signed with SigV4.
 */
export class S3Store implements BlobStore {
  readonly kind = 's3' as const;
  private readonly base: string;

  constructor(
    private readonly cfg: S3Config,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.base = cfg.endpoint.replace(/\/+$/, '');
  }

  async put(key: string, body: Readable | Buffer, meta: BlobMeta): Promise<StoredBlob> {
    const size = Buffer.isBuffer(body) ? body.length : meta.size;
    if (size === undefined) throw new BlobStoreError('S3 PUT needs the size of a streamed body');
    // A known hash is signed, so S3 rejects bytes that changed on the way; otherwise the payload goes unsigned.
    const payloadHash = Buffer.isBuffer(body) ? sha256Hex(body) : (meta.sha256 ?? UNSIGNED_PAYLOAD);
    const hash = createHash('sha256');
    let sent = 0;
    const source = Buffer.isBuffer(body)
      ? body
      : body.pipe(
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              hash.update(chunk);
              sent += chunk.length;
              done(null, chunk);
            },
          }),
        );
    const res = await this.send('PUT', key, payloadHash, PUT_TIMEOUT_MS, {
      body: Buffer.isBuffer(source) ? source : (Readable.toWeb(source) as unknown as ReadableStream),
      headers: { 'content-type': meta.mime, 'content-length': String(size) },
    });
    await this.expect(res, 'PUT', key, [200]);
    if (Buffer.isBuffer(body)) return { size, sha256: payloadHash };
    return { size: sent, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const res = await this.send('GET', key, EMPTY_SHA256, HEADERS_TIMEOUT_MS);
    if (res.status === 404) {
      await res.body?.cancel();
      throw new BlobNotFoundError(key);
    }
    await this.expect(res, 'GET', key, [200]);
    if (!res.body) throw new BlobStoreError(`S3 GET ${key}: no body`);
    return Readable.fromWeb(res.body as unknown as WebReadableStream);
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key, EMPTY_SHA256, HEADERS_TIMEOUT_MS);
    await this.expect(res, 'DELETE', key, [200, 204, 404]);
  }

  private async send(method: string, key: string, payloadHash: string, timeoutMs: number, extra: { body?: Buffer | ReadableStream; headers?: Record<string, string> } = {}) {
    assertKey(key);
    const path = `/${uriEncode(this.cfg.bucket)}/${key.split('/').map(uriEncode).join('/')}`;
    const url = new URL(this.base + path);
    const headers = signRequest({ method, path, headers: { host: url.host, ...extra.headers }, payloadHash, now: this.clock() }, this.cfg);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      // `host` is what fetch sends anyway; undici refuses it as a set header.
      const { host: _host, ...sent } = headers;
      return await fetch(url, { method, headers: sent, signal: abort.signal, ...(extra.body && { body: extra.body, duplex: 'half' }) } as RequestInit);
    } catch (err) {
      throw new BlobStoreError(`S3 ${method} ${key}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async expect(res: Response, method: string, key: string, ok: number[]): Promise<void> {
    if (ok.includes(res.status)) {
      if (method !== 'GET') await res.body?.cancel();
      return;
    }
    // S3 answers errors as XML with a <Code>: enough for the log without echoing the whole body.
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'unknown';
    throw new BlobStoreError(`S3 ${method} ${key}: HTTP ${res.status} ${code}`);
  }
}
