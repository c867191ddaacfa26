import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { rateLimitStore } from './lib/rate-limit-store.ts';
import { errorHandler, frameworkErrorOptions } from './lib/error-handler.ts';
import { AppError, localeOf } from './lib/errors.ts';
import { csrfGuard } from './lib/csrf.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { refuseUnreadableText, validatorCompiler } from './lib/validation.ts';
import { assistantRoutes } from './modules/assistant/assistant.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { usersRoutes } from './modules/identity/users.routes.ts';
import { mattersRoutes } from './modules/matters/matters.routes.ts';
import { organisationRoutes } from './modules/organisation/organisation.routes.ts';
import { knowledgeRoutes } from './modules/knowledge/knowledge.routes.ts';
import { gapsRoutes } from './modules/knowledge/gaps.routes.ts';
import { cannedRoutes } from './modules/canned/canned.routes.ts';
import { conversationsRoutes } from './modules/conversations/conversations.routes.ts';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.ts';
import { realtimeRoutes } from './modules/realtime/realtime.routes.ts';
import { ratingsRoutes } from './modules/ratings/ratings.routes.ts';

export interface BuildOptions {
  logger?: boolean;
  serveWeb?: boolean;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
    // One line per request is noise in a newcomer's terminal; LOG_REQUESTS=true turns it on (operators behind a log shipper).
    logController: new LogController({ disableRequestLogging: !ctx.config.logRequests }),
    // X-Forwarded-For only from the configured proxies (TRUST_PROXY); otherwise the peer's address is the client's.
    trustProxy: ctx.config.trustProxy.length > 0 ? ctx.config.trustProxy : false,
    bodyLimit: 2 * 1024 * 1024,
    ...frameworkErrorOptions,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('preValidation', refuseUnreadableText);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  securityHeaders(app, ctx.config);
  csrfGuard(app, ctx.config);
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  await app.register(rateLimit, { global: false, ...rateLimitStore(app, ctx.config.redisUrl) });
  // Frames are small JSON objects; attachments travel over HTTP.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Bangban 帮办 API', version: '0.1.0', description: '一网通办帮办平台接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bb_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler(errorHandler);

  for (const routes of [healthRoutes, identityRoutes, usersRoutes, organisationRoutes, mattersRoutes, calendarRoutes, auditRoutes, knowledgeRoutes, gapsRoutes, assistantRoutes, conversationsRoutes, cannedRoutes, attachmentsRoutes, ratingsRoutes]) {
    routes(app, ctx);
  }
  realtimeRoutes(app, ctx);

  const serveWeb = opts.serveWeb ?? true;
  const hasWeb = serveWeb && existsSync(ctx.config.webDist);
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: ctx.config.webDist, wildcard: true });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (hasWeb && (req.method === 'GET' || req.method === 'HEAD') && !/^\/(api|docs|assets)\//.test(path) && path !== '/docs') {
      // The web app routes on the client: any other page path gets its shell.
      return reply.sendFile('index.html');
    }
    const e = new AppError('ROUTE_NOT_FOUND', { route: `${req.method} ${path}` });
    return reply.code(404).send({ error: { code: e.code, message: e.messageFor(localeOf(req.headers['accept-language'])) } });
  });

  return app;
}
