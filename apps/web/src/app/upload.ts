// The one upload helper of the web app (citizen chat and staff desk): checks a file against the server's own
// limits (GET /api/attachments/limits) before sending it, sends it with XMLHttpRequest so the progress of the
// upload can be shown (fetch reports none), and can be cancelled. Every call is independent: a refused, failed
// or cancelled upload leaves nothing behind that would hold up the next one.
import type { Attachment, AttachmentKind, AttachmentLimits } from '@bangban/shared';
import { ApiError } from './api.ts';
import { currentLanguage, i18n } from './i18n/index.ts';

let limitsRequest: Promise<AttachmentLimits | null> | null = null;

/** The server's limits, asked once per page; null when they cannot be had (the server still checks). */
export function uploadLimits(): Promise<AttachmentLimits | null> {
  limitsRequest ??= fetch('/api/attachments/limits', { headers: { Accept: 'application/json' }, credentials: 'omit' })
    .then((res) => (res.ok ? (res.json() as Promise<AttachmentLimits>) : null))
    .catch(() => null)
    .then((limits) => {
      if (!limits) limitsRequest = null; // ask again next time
      return limits;
    });
  return limitsRequest;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

const extensionOf = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** The kind the file will be by its type or name, as the server lists them; undefined when it is none of them. */
export function kindOfFile(limits: AttachmentLimits, file: Blob, name: string): AttachmentKind | undefined {
  const mime = file.type.split(';')[0]!.trim().toLowerCase();
  const ext = extensionOf(name);
  return (limits.types.find((t) => mime !== '' && t.mime === mime) ?? limits.types.find((t) => ext !== '' && t.extensions.includes(ext)))?.kind;
}

/** Why this file cannot be sent, in the reader's language; null when it may go (the server decides from the bytes). */
export function checkUpload(limits: AttachmentLimits, file: Blob, name: string): ApiError | null {
  if (file.size === 0) return new ApiError(0, 'ATTACHMENT_EMPTY', i18n.t('upload.empty'));
  const kind = kindOfFile(limits, file, name);
  if (!kind) return new ApiError(0, 'ATTACHMENT_TYPE_NOT_ALLOWED', i18n.t('upload.notAllowed'));
  const max = limits.maxBytes[kind];
  const label = { image: () => i18n.t('upload.kind.image'), voice: () => i18n.t('upload.kind.voice'), file: () => i18n.t('upload.kind.file') }[kind]();
  if (file.size > max) return new ApiError(0, 'ATTACHMENT_TOO_LARGE', i18n.t('upload.tooLarge', { kind: label, limit: formatBytes(max) }));
  return null;
}

export interface UploadOptions {
  /** A citizen's device token (Bearer); staff send their session cookie instead. */
  token?: string;
  /** Called with 0…1 as the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * Checks the file against the server's limits, then uploads it to POST /api/attachments. Rejects with an
 * ApiError whose message is ready to show, or with an AbortError DOMException when cancelled.
 */
export async function uploadFile(file: Blob, name: string, opts: UploadOptions = {}): Promise<Attachment> {
  const limits = await uploadLimits();
  if (opts.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
  const refused = limits && checkUpload(limits, file, name);
  if (refused) throw refused;
  return send(file, name, opts);
}

function send(file: Blob, name: string, { token, onProgress, signal }: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append('file', file, name);
    const onAbort = () => xhr.abort();
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.open('POST', '/api/attachments');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.withCredentials = !token;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onload = () => {
      done();
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201 && data) return resolve(data as Attachment);
      const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
      if (error && typeof error.code === 'string' && typeof error.message === 'string') return reject(new ApiError(xhr.status, error.code, error.message, error.details));
      reject(new ApiError(xhr.status, `HTTP_${xhr.status}`, i18n.t('app.unexpectedError', { status: xhr.status })));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, 'NETWORK', i18n.t('app.networkError')));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('cancelled', 'AbortError'));
    };
    if (signal?.aborted) return reject(new DOMException('cancelled', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
    onProgress?.(0);
    xhr.send(form);
  });
}
