import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/env.ts';

/*
 * Security headers on every response (finding 7 of the 2026-12-02 measurement). A hook of our own rather than
 * @fastify/helmet: what a response needs depends on the page (the citizen chat is framed by portals, the
 * console never; Swagger UI at /docs needs inline styles of its own), and the SPA shell is sent from the
 * not-found handler, where helmet's per-route options do not reach. A header a route set itself (the
 * attachments' `default-src 'none'; sandbox`) is kept.
 *
 * - web app pages (the built Vite app: module scripts from 'self' only; antd writes inline <style>, so styles
 *   allow 'unsafe-inline'; chat images and voice play from blob: URLs, antd icons use data:);
 * - the citizen chat (/chat, which the widget iframes as /chat?embed=1, and the demo portal page): the same,
 *   but framable by this origin and PORTAL_ORIGINS, so no X-Frame-Options (it cannot name a list);
 * - /docs: Swagger UI, scripts from 'self', inline styles;
 * - everything else (API JSON, scripts, images): `default-src 'none'`, nothing can run in it.
 */

const PERMISSIONS = 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()';

/** Pages a portal may frame: the citizen chat and the demo portal page that embeds the widget. */
export function isFramable(path: string): boolean {
  return path === '/chat' || path.startsWith('/chat/') || path === '/demo/matter-page.html';
}

export function securityHeaders(app: FastifyInstance, config: Pick<Config, 'publicUrl' | 'portalOrigins' | 'session'>): void {
  const https = config.session.cookieSecure || (config.publicUrl?.startsWith('https:') ?? false);
  const portals = config.portalOrigins.join(' ');
  const publicWs = config.publicUrl ? wsOrigin(new URL(config.publicUrl).origin) : '';

  const pageCsp = (req: FastifyRequest, framable: boolean) => {
    // 'self' covers ws(s) of the same host in CSP 3, named as well for browsers that predate it.
    const host = /^[a-z0-9.:[\]-]+$/i.test(req.host) ? req.host : '';
    const sockets = [host && `${req.protocol === 'https' ? 'wss' : 'ws'}://${host}`, publicWs].filter(Boolean).join(' ');
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "font-src 'self' data:",
      `connect-src 'self' ${sockets}`.trim(),
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      `frame-ancestors ${framable ? `'self' ${portals}`.trim() : "'none'"}`,
    ].join('; ');
  };
  const docsCsp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const otherCsp = "default-src 'none'; frame-ancestors 'none'";

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
    // A 304 has no content type: its headers would replace the cached page's (a reloaded /chat got the API's
    // `default-src 'none'` and DENY, and the widget vanished). Leave a 304's policy headers to the cached 200.
    if (reply.statusCode === 304) return payload;
    const path = req.url.split('?')[0] ?? '';
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    const docs = path === '/docs' || path.startsWith('/docs/');
    const framable = html && isFramable(path);
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', docs ? docsCsp : html ? pageCsp(req, framable) : otherCsp);
    }
    if (!framable) reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('permissions-policy', PERMISSIONS);
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}

function wsOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}
