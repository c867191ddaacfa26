import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CannedAnswer, CannedAnswerBody, CannedAnswerList } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { staffOf, writeContext, zod } from '../../lib/http.ts';
import { AppError } from '../../lib/errors.ts';
import { can } from '../identity/policy.ts';
import { createCanned, deleteCanned, listCanned, updateCanned } from './canned.commands.ts';

export function cannedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['canned'];
  const IdParams = z.object({ id: z.uuid() });

  r.get('/api/canned-answers', { schema: { tags, summary: '常用语（本小组及上级单位的，管理者另见本辖区的）', response: { 200: CannedAnswerList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    if (!can(actor, 'conversation.work') && !can(actor, 'canned.manage')) throw new AppError('FORBIDDEN');
    return { items: await listCanned(ctx, actor) };
  });
  r.post('/api/canned-answers', { schema: { tags, summary: '新建常用语', body: CannedAnswerBody, response: { 201: CannedAnswer } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    return reply.code(201).send(await createCanned(ctx, writeContext(req, actor), req.body));
  });
  r.put('/api/canned-answers/:id', { schema: { tags, summary: '修改常用语', params: IdParams, body: CannedAnswerBody, response: { 200: CannedAnswer } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    return updateCanned(ctx, writeContext(req, actor), req.params.id, req.body);
  });
  r.delete('/api/canned-answers/:id', { schema: { tags, summary: '删除常用语', params: IdParams } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    await deleteCanned(ctx, writeContext(req, actor), req.params.id);
    return reply.code(204).send();
  });
}
