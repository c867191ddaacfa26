import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.ts';
import type { AttachmentRow } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import { canReadAttachment, type AttachmentActor } from './attachment.policy.ts';
import { sanitiseName } from './attachment.presenter.ts';
import { BlobNotFoundError, BlobStoreError, blobKey } from './blob-store.ts';
import { spoolUpload } from './receive-upload.ts';

type Ctx = Pick<AppContext, 'db' | 'blobs' | 'config' | 'org'>;

/** Uploads in flight, kept apart from the blobs so no reader ever sees one. */
export const spoolDir = (ctx: Ctx) => join(ctx.config.dataDir, 'tmp', 'attachments');

/**
 * Receives one upload: checked while it streams (kind, size, text encoding), then stored, then recorded.
 * Each step undoes the earlier ones when it fails: no temp file, blob or row is left half-made.
 */
export async function uploadAttachment(ctx: Ctx, actor: AttachmentActor, file: { stream: Readable; filename: string | undefined }): Promise<AttachmentRow> {
  const spooled = await spoolUpload(file.stream, { dir: spoolDir(ctx), limits: ctx.config.attachments.maxBytes });
  const id = randomUUID();
  const key = blobKey(id);
  try {
    const { type } = spooled;
    try {
      await ctx.blobs.put(key, createReadStream(spooled.path), { mime: type.mime, size: spooled.size, sha256: spooled.sha256 });
    } catch (err) {
      throw storeFailure(err);
    }
    try {
      return await ctx.db
        .insertInto('attachments')
        .values({
          id,
          kind: type.kind,
          mime: type.mime,
          size: spooled.size,
          sha256: spooled.sha256,
          storage_key: key,
          original_name: sanitiseName(file.filename, type.kind, type.mime, type.ext),
          uploaded_by_kind: actor.kind,
          uploaded_by: actor.kind === 'citizen' ? actor.citizenId : actor.id,
          conversation_id: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      await ctx.blobs.delete(key).catch(() => undefined);
      throw err;
    }
  } finally {
    await rm(spooled.path, { force: true });
  }
}

/** The row and its bytes, when the caller may read them; anything else is "not found". */
export async function openAttachment(ctx: Ctx, actor: AttachmentActor, id: string): Promise<{ row: AttachmentRow; open: () => Promise<Readable> }> {
  const row = await ctx.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  const conversation = row?.conversation_id
    ? await ctx.db.selectFrom('conversations').select(['citizen_id', 'group_id']).where('id', '=', row.conversation_id).executeTakeFirst()
    : undefined;
  if (!row || !canReadAttachment(actor, row, conversation, ctx.org)) throw new AppError('ATTACHMENT_NOT_FOUND');
  return {
    row,
    open: async () => {
      try {
        return await ctx.blobs.get(row.storage_key);
      } catch (err) {
        if (err instanceof BlobNotFoundError) throw new AppError('ATTACHMENT_NOT_FOUND');
        throw storeFailure(err);
      }
    },
  };
}

function storeFailure(err: unknown): Error {
  // A store that is down or refuses us is the operator's problem, not the citizen's: a 503 with a plain message.
  // The cause stays on the error for the log and never reaches the response.
  if (!(err instanceof BlobStoreError) && !(err as NodeJS.ErrnoException).code) return err as Error;
  return Object.assign(new AppError('ATTACHMENT_STORE_FAILED'), { cause: err });
}
