import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { BlobNotFoundError, BlobStoreError, blobKey } from '../src/modules/attachments/blob-store.ts';
import { LocalDirStore } from '../src/modules/attachments/local-dir.store.ts';
import { spoolUpload } from '../src/modules/attachments/receive-upload.ts';
import { S3Store } from '../src/modules/attachments/s3.store.ts';
import { EMPTY_SHA256, signRequest } from '../src/modules/attachments/sigv4.ts';
import { startCitizenSession } from '../src/modules/identity/citizen.commands.ts';
import { startTestServer } from './support/harness.ts';
import { S3StandIn } from './support/s3-standin.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const creds = { bucket: 'bangban-test', region: 'cn-east-1', accessKeyId: 'AKIDBANGBANTEST', secretAccessKey: 'stand-in/secret+key' };

test('SigV4 matches AWS’s published example (GET /test.txt with a Range header)', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html — "GET Object" example.
  const headers = signRequest(
    { method: 'GET', path: '/test.txt', headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256, now: new Date('2013-05-24T00:00:00Z') },
    { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' },
  );
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
});

describe('S3Store against the S3 stand-in (which verifies every signature)', () => {
  let standIn: S3StandIn;
  let store: S3Store;
  before(async () => {
    standIn = await new S3StandIn(creds).start();
    store = new S3Store({ ...creds, endpoint: standIn.endpoint });
  });
  after(() => standIn.stop());

  test('put (buffer and stream), get, delete', async () => {
    const key = blobKey(randomUUID());
    assert.deepEqual(await store.put(key, PNG, { mime: 'image/png' }), { size: PNG.length, sha256: sha(PNG) });
    assert.deepEqual(standIn.objects.get(key), { body: PNG, type: 'image/png' });
    const got = await store.get(key);
    assert.deepEqual(Buffer.concat(await got.toArray()), PNG);

    const big = randomBytes(300_000);
    const key2 = blobKey(randomUUID());
    const stored = await store.put(key2, Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]), { mime: 'application/pdf', size: big.length, sha256: sha(big) });
    assert.deepEqual(stored, { size: big.length, sha256: sha(big) });
    assert.deepEqual(standIn.objects.get(key2)?.body, big);

    await store.delete(key);
    await store.delete(key); // twice: cleanups may repeat
    await assert.rejects(store.get(key), BlobNotFoundError);
    assert.ok(standIn.log.every((r) => r.status < 400 || r.status === 404), JSON.stringify(standIn.log));
  });

  test('a wrong secret or a wrong payload hash is refused by the server', async () => {
    const wrong = new S3Store({ ...creds, secretAccessKey: 'not-the-secret', endpoint: standIn.endpoint });
    await assert.rejects(wrong.put(blobKey(randomUUID()), PNG, { mime: 'image/png' }), (e: Error) => e instanceof BlobStoreError && /403 SignatureDoesNotMatch/.test(e.message));
    const lying = store.put(blobKey(randomUUID()), Readable.from([PNG]), { mime: 'image/png', size: PNG.length, sha256: sha(Buffer.from('other')) });
    await assert.rejects(lying, /400 XAmzContentSHA256Mismatch/);
    const skewed = new S3Store({ ...creds, endpoint: standIn.endpoint }, () => new Date(Date.now() - 3600_000));
    await assert.rejects(skewed.get(blobKey(randomUUID())), /RequestTimeTooSkewed/);
  });

  test('the API stores and serves attachments through BLOB_STORE=s3', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-s3-'));
    const s = await startTestServer({
      env: { DATA_DIR: dataDir, BLOB_STORE: 's3', S3_ENDPOINT: standIn.endpoint, S3_BUCKET: creds.bucket, S3_REGION: creds.region, S3_ACCESS_KEY_ID: creds.accessKeyId, S3_SECRET_ACCESS_KEY: creds.secretAccessKey },
    });
    try {
      assert.equal(s.ctx.blobs.kind, 's3');
      const { token } = await startCitizenSession(s.ctx);
      const boundary = 'bbS3test';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pic.png"\r\nContent-Type: image/png\r\n\r\n`),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const headers = { authorization: `Bearer ${token}` };
      const up = await s.app.inject({ method: 'POST', url: '/api/attachments', payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
      assert.equal(up.statusCode, 201, up.body);
      const row = await s.ctx.db.selectFrom('attachments').selectAll().where('id', '=', up.json().id).executeTakeFirstOrThrow();
      assert.deepEqual(standIn.objects.get(row.storage_key)?.body, PNG);
      const down = await s.app.inject({ method: 'GET', url: up.json().url, headers });
      assert.deepEqual(down.rawPayload, PNG);
      assert.deepEqual(readdirSync(join(dataDir, 'tmp', 'attachments')), []);
      assert.equal(existsSync(join(dataDir, 'blobs')), false);
    } finally {
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('streaming limits and the local store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-blobs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const limits = { image: 64 * 1024, voice: 1024, file: 1024 };

  test('an endless upload stops at its kind limit: the limit is enforced while streaming', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        const chunk = pulled === 0 ? Buffer.concat([PNG, Buffer.alloc(16 * 1024 - PNG.length)]) : Buffer.alloc(16 * 1024);
        pulled += chunk.length;
        this.push(chunk);
      },
    });
    await assert.rejects(spoolUpload(endless, { dir: join(dir, 'spool'), limits }), (e: { code?: string }) => e.code === 'ATTACHMENT_TOO_LARGE');
    assert.ok(pulled <= limits.image + 64 * 1024, `read ${pulled} bytes of an endless stream`);
    assert.deepEqual(readdirSync(join(dir, 'spool')), []);
  });

  test('LocalDirStore writes atomically, checks the hash and shards keys', async () => {
    const store = new LocalDirStore(join(dir, 'blobs'));
    const key = blobKey('0f1e2d3c-0000-4000-8000-000000000000');
    assert.equal(key, 'attachments/0f/1e/0f1e2d3c-0000-4000-8000-000000000000');
    await assert.rejects(store.put(key, Readable.from([PNG]), { mime: 'image/png', sha256: sha(Buffer.from('x')) }), BlobStoreError);
    assert.equal(existsSync(join(dir, 'blobs', 'attachments', '0f', '1e', '0f1e2d3c-0000-4000-8000-000000000000')), false);
    assert.deepEqual(readdirSync(join(dir, 'blobs', '.tmp')), []);
    assert.deepEqual(await store.put(key, Buffer.from('你好'), { mime: 'text/plain' }), { size: 6, sha256: sha(Buffer.from('你好')) });
    assert.equal(await text(await store.get(key)), '你好');
    await store.delete(key);
    await assert.rejects(store.get(key), BlobNotFoundError);
    await assert.rejects(store.put('../escape', PNG, { mime: 'image/png' }), BlobStoreError);
  });

  test('BLOB_STORE=s3 without its settings stops the start, naming each missing variable', () => {
    assert.throws(
      () => loadConfig({ BLOB_STORE: 's3', S3_ENDPOINT: 'https://s3.example.gov.cn', S3_ACCESS_KEY_ID: 'a' }),
      (e: ConfigError) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('S3_BUCKET')) && e.problems.some((p) => p.startsWith('S3_SECRET_ACCESS_KEY')) && e.problems.length === 2,
    );
    assert.throws(() => loadConfig({ BLOB_STORE: 'ftp' }), /BLOB_STORE/);
    assert.equal(loadConfig({}).attachments.maxBytes.voice, 5 * 1024 * 1024);
  });
});
