import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Attachment, AttachmentLimits, ATTACHMENT_KIND_LABELS } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { bearerToken, readingUpload, staffOf, uploadStream, zod } from '../../lib/http.ts';
import { authenticateCitizen } from '../identity/citizen.commands.ts';
import { hashToken } from '../identity/tokens.ts';
import type { AttachmentActor } from './attachment.policy.ts';
import { openAttachment, uploadAttachment } from './attachment.commands.ts';
import { contentDisposition, presentAttachment } from './attachment.presenter.ts';
import { ALLOWED_TYPES } from './content-sniff.ts';
import { formatLimit } from './receive-upload.ts';

/** Room for the multipart framing around the file (boundaries, part headers with a long UTF-8 name). */
export const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/** Uploads per minute per citizen or staff member: plenty for a chat, not for filling the disk. */
export const UPLOAD_RATE_PER_MINUTE = 30;


export function attachmentsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['attachments'];
  // A Bearer token means a citizen (the chat page holds one); otherwise the staff session cookie.
  const actorOf = async (req: FastifyRequest): Promise<AttachmentActor> => {
    const token = bearerToken(req);
    return token !== undefined ? authenticateCitizen(ctx, token) : staffOf(ctx, req);
  };
  const uploaderKey = (req: FastifyRequest) => {
    const token = bearerToken(req);
    return token ? `c:${hashToken(token)}` : `s:${hashToken(req.cookies.bb_session ?? req.ip)}`;
  };
  const { image, voice, file } = ctx.config.attachments.maxBytes;
  const largest = Math.max(image, voice, file);

  r.get(
    '/api/attachments/limits',
    { schema: { tags, summary: '附件的类型和大小限制（浏览器发送前据此检查）', response: { 200: AttachmentLimits } } },
    async () => ({ maxBytes: { image, voice, file }, types: ALLOWED_TYPES.map((t) => ({ ...t, extensions: [...t.extensions] })) }),
  );

  r.post(
    '/api/attachments',
    {
      schema: { tags, summary: '上传聊天附件（图片、语音、文件；类型按内容识别）', consumes: ['multipart/form-data'], response: { 201: Attachment } },
      config: { rateLimit: { max: UPLOAD_RATE_PER_MINUTE, timeWindow: '1 minute', keyGenerator: uploaderKey } },
    },
    async (req, reply) => {
      // A body that says it is larger than any kind may be is refused before a byte of it is read.
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > largest + MULTIPART_OVERHEAD_BYTES) {
        throw closing(reply, new AppError('ATTACHMENT_TOO_LARGE', { kind: ATTACHMENT_KIND_LABELS.file, limit: formatLimit(largest) }));
      }
      const actor = await actorOf(req);
      if (!req.isMultipart()) throw new AppError('ATTACHMENT_EMPTY');
      // The plugin's own cap is one byte over the largest kind: the per-kind limit in spoolUpload trips first.
      const part = await readingUpload(() => req.file({ limits: { fileSize: largest + 1, files: 1 } }));
      if (!part || part.fieldname !== 'file') throw new AppError('ATTACHMENT_EMPTY');
      const stream = uploadStream(part.file);
      let row;
      try {
        row = await logStoreFailure(req, readingUpload(() => uploadAttachment(ctx, actor, { stream, filename: part.filename }), { onlyMarked: true }));
      } catch (err) {
        // Refused mid-stream (too large, wrong kind): the rest of the body is not read to its end.
        throw req.raw.complete ? err : closing(reply, err);
      }
      return reply.code(201).send(presentAttachment(row));
    },
  );

  r.get(
    '/api/attachments/:id',
    { schema: { tags, summary: '下载聊天附件', params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const { row, open } = await openAttachment(ctx, await actorOf(req), req.params.id);
      const etag = `"${row.sha256}"`;
      reply
        .header('x-content-type-options', 'nosniff')
        // Defence in depth for anything a browser renders from here: no scripts, no subresources, a sandbox.
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin')
        // An id always names the same bytes; private because access depends on who asks.
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      const stream = await logStoreFailure(req, open());
      return reply
        .type(row.mime === 'text/plain' ? 'text/plain; charset=utf-8' : row.mime)
        .header('content-length', String(row.size))
        .header('content-disposition', contentDisposition(row))
        .send(stream);
    },
  );
}

/**
 * Answers on a connection that is then closed: Node would otherwise read (and discard) the rest of the body
 * before the socket is free, and a browser that sent a large file waits for all of it to go.
 */
function closing(reply: FastifyReply, err: unknown): unknown {
  reply.header('connection', 'close');
  return err;
}

async function logStoreFailure<T>(req: FastifyRequest, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AppError && err.code === 'ATTACHMENT_STORE_FAILED') req.log.error({ err: err.cause }, 'blob store failed');
    throw err;
  }
}
