import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/env.ts';
import { AppError } from './errors.ts';
import { SESSION_COOKIE } from './http.ts';
import { configuredOrigins, isAllowedOrigin } from './origins.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The content types an HTML form (or a no-preflight fetch) can send cross-origin. */
const FORM_TYPES = ['text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];

/*
 * CSRF defence beyond SameSite=Lax (finding 7 of the 2026-12-02 measurement: a page on another port of the
 * same host submitted a text/plain form that moved a KB entry). For POST/PUT/PATCH/DELETE:
 *  1. an Origin (or, without one, a Referer) that is present must be one of this deployment's origins
 *     (lib/origins.ts); without either the request is not from a browser page and passes;
 *  2. with the session cookie, `Sec-Fetch-Site: cross-site` or `same-site` is refused (Chromium and Firefox
 *     send it, also where they leave out Origin);
 *  3. a form's content types are refused, except multipart on the routes that take uploads by design (their
 *     schema `consumes` multipart/form-data: attachments, KB import, matters import). The web app sends JSON.
 */
export function csrfGuard(app: FastifyInstance, config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): void {
  const allowed = configuredOrigins(config);
  app.addHook('onRequest', async (req) => {
    if (!STATE_CHANGING.has(req.method)) return;
    if (!fromAllowedPage(req, allowed)) throw new AppError('CSRF_REFUSED');
    const site = req.headers['sec-fetch-site'];
    if (req.cookies[SESSION_COOKIE] && (site === 'cross-site' || site === 'same-site')) throw new AppError('CSRF_REFUSED');
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (FORM_TYPES.includes(type) && !(type === 'multipart/form-data' && takesUploads(req))) throw new AppError('CSRF_REFUSED');
  });
}

function fromAllowedPage(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return isAllowedOrigin(req, allowed, origin);
  const referer = req.headers.referer;
  return referer === undefined || isAllowedOrigin(req, allowed, referer);
}

function takesUploads(req: FastifyRequest): boolean {
  const consumes = (req.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes;
  return consumes?.includes('multipart/form-data') ?? false;
}
