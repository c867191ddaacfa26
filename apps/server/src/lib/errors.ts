import { ERROR_MESSAGES, formatErrorMessage, type ErrorCode, type Locale } from '@bangban/shared';

/** A failure the caller can act on: a stable code, an HTTP status and a plain message (zh-CN or en). */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    super(formatErrorMessage(code, params, 'en'));
    this.status = ERROR_MESSAGES[code].status;
  }

  messageFor(locale: Locale): string {
    return formatErrorMessage(this.code, this.params, locale);
  }
}

export function localeOf(acceptLanguage: string | undefined): Locale {
  return acceptLanguage && /^en\b/i.test(acceptLanguage.trim()) ? 'en' : 'zh-CN';
}
