import { join } from 'node:path';
import type { Config } from '../../config/env.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalDirStore } from './local-dir.store.ts';
import { S3Store } from './s3.store.ts';

/** BLOB_STORE picks the store; config validation already made sure S3's settings are all there. */
export function createBlobStore(config: Config): BlobStore {
  const s3 = config.attachments.s3;
  if (config.attachments.store === 's3' && s3) return new S3Store(s3);
  return new LocalDirStore(join(config.dataDir, 'blobs'));
}
