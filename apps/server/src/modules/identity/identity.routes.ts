import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChangePasswordBody, CitizenProfile, CitizenSession, LoginBody, Me, SsoStart } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { bearerToken, SESSION_COOKIE, setSessionCookie, staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, permissionsOf } from './policy.ts';
import { login, logout } from './session.commands.ts';
import {
  authenticateCitizen,
  finishRealNameLogin,
  presentCitizen,
  startCitizenSession,
  startRealNameLogin,
} from './citizen.commands.ts';
import { changeOwnPassword } from './user.commands.ts';
import { citizenForStaff } from './citizen.queries.ts';
import type { StaffActor } from '../../lib/actor.ts';

function presentMe(ctx: AppContext, actor: StaffActor, user: { username: string }): Me {
  const unit = ctx.org.get(actor.orgUnitId);
  return {
    user: {
      id: actor.id,
      username: user.username,
      displayName: actor.displayName,
      role: actor.role,
      orgUnit: { id: actor.orgUnitId, name: unit?.name ?? '', kind: unit?.kind ?? 'department' },
    },
    permissions: permissionsOf(actor.role),
    sessionExpiresAt: actor.sessionExpiresAt.toISOString(),
    mustChangePassword: actor.mustChangePassword ?? false,
  };
}

export function identityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['identity'];

  r.post(
    '/api/auth/login',
    {
      schema: { tags, summary: '工作人员登录', body: LoginBody, response: { 200: Me } },
      config: { rateLimit: { max: ctx.config.login.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { token, actor } = await login(ctx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      setSessionCookie(ctx, reply, token, actor.sessionExpiresAt);
      return presentMe(ctx, actor, req.body);
    },
  );

  r.post('/api/auth/logout', { schema: { tags, summary: '退出登录' } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    await logout(ctx, actor, req.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  r.get('/api/me', { schema: { tags, summary: '当前登录人', response: { 200: Me } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    const user = await ctx.db.selectFrom('users').select('username').where('id', '=', actor.id).executeTakeFirstOrThrow();
    return presentMe(ctx, actor, user);
  });

  r.post('/api/me/password', { schema: { tags, summary: '修改本人密码', body: ChangePasswordBody } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    await changeOwnPassword(ctx, writeContext(req, actor), req.body);
    return reply.code(204).send();
  });

  // Citizens: anonymous, device-held token; optional real-name login through an SSO adapter.
  r.post(
    '/api/citizen/session',
    { schema: { tags, summary: '市民访客凭证', response: { 200: CitizenSession } }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async () => ({ ...(await startCitizenSession(ctx)), verified: false }),
  );


  r.get('/api/citizen/me', { schema: { tags, summary: '市民本人信息', response: { 200: CitizenProfile } } }, async (req) => {
    const citizen = await authenticateCitizen(ctx, bearerToken(req));
    const row = await ctx.db.selectFrom('citizens').selectAll().where('id', '=', citizen.citizenId).executeTakeFirstOrThrow();
    // Citizens see their own data masked too: the screen may be shared or photographed.
    return presentCitizen(row, false);
  });

  r.get('/api/citizen/sso/providers', { schema: { tags, summary: '可用的实名认证方式' } }, async () => ({
    items: ctx.sso.list().map((p) => ({ id: p.id, label: p.label })),
  }));

  r.post(
    '/api/citizen/sso/:provider/start',
    { schema: { tags, summary: '发起实名认证', params: z.object({ provider: z.string().max(32) }), response: { 200: SsoStart } } },
    async (req) => {
      const citizen = await authenticateCitizen(ctx, bearerToken(req));
      const base = ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
      return startRealNameLogin(ctx, citizen, req.params.provider, `${base}/api/citizen/sso/${req.params.provider}/callback`);
    },
  );

  r.get(
    '/api/citizen/sso/:provider/callback',
    {
      schema: {
        tags,
        summary: '实名认证回调',
        params: z.object({ provider: z.string().max(32) }),
        querystring: z.object({ state: z.string().min(1).max(200), code: z.string().min(1).max(200) }),
        response: { 200: CitizenProfile },
      },
    },
    async (req) => presentCitizen(await finishRealNameLogin(ctx, req.params.provider, req.query.state, req.query.code), false),
  );

  r.get(
    '/api/citizens/:id',
    { schema: { tags, summary: '查看市民信息（按权限脱敏）', params: z.object({ id: z.uuid() }), response: { 200: CitizenProfile } } },
    async (req) => {
      const actor = await staffOf(ctx, req);
      authorize(actor, 'citizen.read');
      return citizenForStaff(ctx, writeContext(req, actor), req.params.id);
    },
  );
}
