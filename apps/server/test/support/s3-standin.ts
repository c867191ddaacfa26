import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A STAND-IN for an S3-compatible server, for tests only: path-style PUT/GET/DELETE on one bucket,
// objects in memory. It checks every request's SigV4 signature the way S3 does, re-deriving it from the
// request as received, with its own code (nothing shared with src/…/sigv4.ts), so a passing test proves
// the client's signing and not merely that both sides agree on a bug. It is not S3: no listing,
// multipart uploads, presigned URLs, ranges or chunked payload signing.

export interface StandInOptions {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export class S3StandIn {
  readonly objects = new Map<string, { body: Buffer; type: string }>();
  readonly log: { method: string; path: string; status: number }[] = [];
  private server: Server | undefined;
  endpoint = '';

  constructor(readonly opts: StandInOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const [rawPath = '', rawQuery = ''] = (req.url ?? '').split('?');
    const reply = (status: number, code?: string, payload?: Buffer, type?: string): void => {
      this.log.push({ method: req.method ?? '', path: rawPath, status });
      if (code) {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
        return;
      }
      res.writeHead(status, payload ? { 'content-type': type ?? 'application/octet-stream', 'content-length': payload.length } : {});
      res.end(payload);
    };

    const problem = this.verify(req, rawPath, rawQuery, body);
    if (problem) return reply(problem.status, problem.code);
    const prefix = `/${this.opts.bucket}/`;
    if (!rawPath.startsWith(prefix)) return reply(404, 'NoSuchBucket');
    const key = rawPath.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
    if (req.method === 'PUT') {
      this.objects.set(key, { body, type: String(req.headers['content-type'] ?? 'application/octet-stream') });
      return reply(200);
    }
    const obj = this.objects.get(key);
    if (req.method === 'GET') return obj ? reply(200, undefined, obj.body, obj.type) : reply(404, 'NoSuchKey');
    if (req.method === 'DELETE') {
      this.objects.delete(key);
      return reply(204);
    }
    return reply(405, 'MethodNotAllowed');
  }

  /** S3's checks, in its order: credential, freshness, signature, then the payload against its signed hash. */
  private verify(req: IncomingMessage, path: string, query: string, body: Buffer): { status: number; code: string } | undefined {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
    if (!auth) return { status: 403, code: 'AccessDenied' };
    const [, keyId, day, region, signedHeaders, signature] = auth as unknown as string[];
    if (keyId !== this.opts.accessKeyId) return { status: 403, code: 'InvalidAccessKeyId' };
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const when = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (!(Math.abs(Date.now() - when) < 15 * 60_000) || amzDate.slice(0, 8) !== day || region !== this.opts.region) {
      return { status: 403, code: 'RequestTimeTooSkewed' };
    }
    const names = signedHeaders!.split(';');
    if (!names.includes('host') || !names.includes('x-amz-content-sha256') || !names.includes('x-amz-date')) return { status: 403, code: 'AccessDenied' };
    const payloadHash = String(req.headers['x-amz-content-sha256']);
    const canonicalQuery = query
      .split('&')
      .filter(Boolean)
      .map((p) => p.split('=').map((s) => encodeURIComponent(decodeURIComponent(s ?? ''))).join('='))
      .sort()
      .join('&');
    const canonical = [
      req.method,
      path,
      canonicalQuery,
      ...names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}`),
      '',
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hex(canonical)}`;
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${this.opts.secretAccessKey}`, day!), region!), 's3'), 'aws4_request');
    const expected = Buffer.from(hmac(signingKey, toSign).toString('hex'));
    if (!timingSafeEqual(expected, Buffer.from(signature!))) return { status: 403, code: 'SignatureDoesNotMatch' };
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== hex(body)) return { status: 400, code: 'XAmzContentSHA256Mismatch' };
    return undefined;
  }
}
