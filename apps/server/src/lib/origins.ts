import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/env.ts';

/**
 * The origins a browser page of this deployment may have: PUBLIC_URL's, each of ALLOWED_ORIGINS (further
 * public addresses of the same deployment) and the request's own (scheme + Host, so `npm start` on localhost
 * works without settings). Used by the WebSocket upgrade and the CSRF check: a page on any other origin, even
 * of the same site (another port of 127.0.0.1), is refused.
 */
export function configuredOrigins(config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): Set<string> {
  const out = new Set<string>(config.allowedOrigins);
  if (config.publicUrl) out.add(new URL(config.publicUrl).origin);
  return out;
}

/** The request's own origin as the browser sees it (Fastify's protocol and host follow trustProxy). */
export function ownOrigin(req: FastifyRequest): string | undefined {
  const host = req.host;
  return (host && normaliseOrigin(`${req.protocol}://${host}`)) || undefined;
}

/** Whether `origin` (an Origin header's value, or a Referer's origin) is one of this deployment's. */
export function isAllowedOrigin(req: FastifyRequest, allowed: ReadonlySet<string>, origin: string): boolean {
  const normalised = normaliseOrigin(origin);
  if (!normalised) return false;
  return allowed.has(normalised) || normalised === ownOrigin(req);
}

/** `scheme://host[:port]` in lower case, default ports dropped; null for `null` or anything not an http(s) URL. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin.toLowerCase() : null;
  } catch {
    return null;
  }
}
