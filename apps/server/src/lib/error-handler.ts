import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ErrorCode, Locale } from '@bangban/shared';
import { toAppError } from '../modules/calendar/calendar.service.ts';
import { AppError, localeOf } from './errors.ts';
import { boundaryIssues, describeIssues } from './validation.ts';

/*
 * Every error leaves in the project's shape, `{error:{code,message}}`, with a plain message in the caller's
 * language (zh-CN unless Accept-Language asks for English): the app's own AppErrors, validation, Fastify's and
 * the HTTP parser's errors. Only a fault of ours is a 500 (INTERNAL, logged).
 */

/** Fastify's client errors (and @fastify/multipart's) by code: never their English text. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'REQUEST_BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'REQUEST_URL_TOO_LONG',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_MALFORMED',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UPLOAD_MALFORMED',
  FST_PROTO_VIOLATION: 'UPLOAD_MALFORMED',
  FST_INVALID_JSON_FIELD_ERROR: 'UPLOAD_MALFORMED',
  FST_MP_PREMATURE_CLOSE: 'UPLOAD_MALFORMED',
  FST_PARTS_LIMIT: 'UPLOAD_MALFORMED',
  FST_FILES_LIMIT: 'UPLOAD_MALFORMED',
  FST_FIELDS_LIMIT: 'UPLOAD_MALFORMED',
};
const BODY_NOT_READABLE: Record<string, { zh: string; en: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { zh: '内容不是有效的 JSON', en: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { zh: '内容是空的', en: 'the body is empty' },
};

function send(reply: FastifyReply, locale: Locale, e: AppError, status = e.status) {
  return reply.code(status).send({ error: { code: e.code, message: e.messageFor(locale), ...(e.details !== undefined && { details: e.details }) } });
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(req.headers['accept-language']);
  const mapped = toAppError(err);
  if (mapped instanceof AppError) return send(reply, locale, mapped);
  const issues = boundaryIssues(err);
  if (issues) {
    const detail = describeIssues(issues, err.validationContext, locale);
    const details = { issues: issues.map((i) => ({ path: i.field, message: locale === 'en' ? i.en : i.zh })) };
    return send(reply, locale, new AppError('VALIDATION_FAILED', { detail }, details));
  }
  const unreadable = err.code ? BODY_NOT_READABLE[err.code] : undefined;
  if (unreadable) return send(reply, locale, new AppError('VALIDATION_FAILED', { detail: locale === 'en' ? unreadable.en : unreadable.zh }));
  const code = err.code ? FRAMEWORK_CODES[err.code] : undefined;
  if (code) return send(reply, locale, new AppError(code));
  const status = err.statusCode;
  if (status === 429) return send(reply, locale, new AppError('RATE_LIMITED'));
  if (status === 413) return send(reply, locale, new AppError('REQUEST_BODY_TOO_LARGE'));
  if (status && status >= 400 && status < 500) {
    // Any other client error of Fastify or a plugin (its text is English and says nothing to a citizen).
    req.log.info({ err }, 'client error');
    return send(reply, locale, new AppError('REQUEST_MALFORMED'), status);
  }
  req.log.error(err);
  return send(reply, locale, new AppError('INTERNAL'));
}

/**
 * Errors Fastify answers before any route runs (a URL that is not UTF-8, an over-long path parameter) and the
 * ones Node's HTTP parser raises before there is a request at all (431 headers too large, a malformed request).
 * Spread into Fastify's options.
 */
export const frameworkErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
  clientErrorHandler: (err, socket) => {
    // A reset connection has nobody left to answer (the same as Fastify's default handler).
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code]: [number, ErrorCode] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'REQUEST_HEADERS_TOO_LARGE'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'REQUEST_MALFORMED'] : [400, 'REQUEST_MALFORMED'];
    // There is no parsed request: the language comes from the raw bytes received, when they show it.
    const raw: unknown = (err as { rawPacket?: unknown }).rawPacket;
    const lang = /\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(Buffer.isBuffer(raw) ? raw.toString('latin1') : '')?.[1];
    const body = JSON.stringify({ error: { code, message: new AppError(code).messageFor(localeOf(lang)) } });
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(err);
  },
};
