import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4 for S3 requests (header-based, single chunk):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// Written here because the project takes no S3 SDK; pinned by AWS's published example in the tests.

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service?: string;
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it: encodeURIComponent leaves !'()* alone, AWS does not. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * Returns the request's headers plus x-amz-date, x-amz-content-sha256 and Authorization. `path` is the
 * already-encoded path sent on the wire (S3 does not encode it twice); every given header is signed, and
 * `host` must be among them.
 */
export function signRequest(
  req: { method: string; path: string; query?: Record<string, string>; headers: Record<string, string>; payloadHash: string; now: Date },
  creds: SigV4Credentials,
): Record<string, string> {
  const date = amzDate(req.now);
  const scope = `${date.slice(0, 8)}/${creds.region}/${creds.service ?? 's3'}/aws4_request`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...req.headers, 'x-amz-date': date, 'x-amz-content-sha256': req.payloadHash })) {
    headers[k.toLowerCase()] = v.trim().replace(/\s+/g, ' ');
  }
  const names = Object.keys(headers).sort();
  const query = Object.entries(req.query ?? {})
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .sort()
    .join('&');
  const canonical = [req.method, req.path, query, ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), req.payloadHash].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date.slice(0, 8)), creds.region), creds.service ?? 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
