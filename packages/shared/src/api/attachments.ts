import { z } from 'zod';
import { Id } from './common.ts';

// Chat attachments (issue 4, item 4). The kind is decided by the server from the bytes, never from the
// file name or the browser's Content-Type: it picks the size limit and how the blob is served.
export const ATTACHMENT_KINDS = ['image', 'voice', 'file'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = { image: '图片', voice: '语音', file: '文件' };

/** What `POST /api/attachments` answers; `url` streams the blob (staff: session cookie; citizens: Bearer token). */
export const Attachment = z.object({
  id: Id,
  kind: z.enum(ATTACHMENT_KINDS),
  mime: z.string(),
  size: z.number().int(),
  name: z.string(),
  url: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/**
 * What `GET /api/attachments/limits` answers (public): the kinds the server accepts and each kind's size limit,
 * so the browser refuses a file before sending it with the same rules the server applies after.
 * `mimes`/`extensions` are only the browser's hint; the server still decides from the bytes.
 */
export const AttachmentLimits = z.object({
  maxBytes: z.object({ image: z.number().int(), voice: z.number().int(), file: z.number().int() }),
  types: z.array(z.object({ kind: z.enum(ATTACHMENT_KINDS), mime: z.string(), extensions: z.array(z.string()) })),
});
export type AttachmentLimits = z.infer<typeof AttachmentLimits>;
