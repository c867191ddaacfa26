import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateUserBody, ResetPasswordBody, UpdateUserBody, User, UserList, UserQuery } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, can } from './policy.ts';
import { createUser, listUsers, resetPassword, unlockUser, updateUser } from './user.commands.ts';
import { presentUser } from './user.presenter.ts';

export function usersRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['users'];
  const IdParams = z.object({ id: z.uuid() });

  r.get('/api/users', { schema: { tags, summary: '账号列表', querystring: UserQuery, response: { 200: UserList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'user.read');
    const { rows, total } = await listUsers(ctx, actor, req.query);
    return {
      items: rows.map((row) => presentUser(row, ctx.org)),
      total,
      page: req.query.page,
      pageSize: req.query.pageSize,
      can: { create: can(actor, 'user.write'), update: can(actor, 'user.write') },
    };
  });

  r.post('/api/users', { schema: { tags, summary: '新建账号', body: CreateUserBody, response: { 201: User } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'user.write');
    const row = await createUser(ctx, writeContext(req, actor), req.body);
    return reply.code(201).send(presentUser(row, ctx.org));
  });

  r.patch('/api/users/:id', { schema: { tags, summary: '修改账号', params: IdParams, body: UpdateUserBody, response: { 200: User } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'user.write');
    return presentUser(await updateUser(ctx, writeContext(req, actor), req.params.id, req.body), ctx.org);
  });

  r.post('/api/users/:id/reset-password', { schema: { tags, summary: '重置密码', params: IdParams, body: ResetPasswordBody } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'user.write');
    await resetPassword(ctx, writeContext(req, actor), req.params.id, req.body.password);
    return reply.code(204).send();
  });

  r.post('/api/users/:id/unlock', { schema: { tags, summary: '解除锁定', params: IdParams, response: { 200: User } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'user.write');
    return presentUser(await unlockUser(ctx, writeContext(req, actor), req.params.id), ctx.org);
  });
}
