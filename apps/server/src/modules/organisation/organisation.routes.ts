import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateOrgUnitBody, OrgUnit, OrgUnitList, UpdateOrgUnitBody } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, can } from '../identity/policy.ts';
import { createOrgUnit, deleteOrgUnit, updateOrgUnit } from './organisation.commands.ts';
import type { OrgNode } from './org-tree.ts';

async function counts(ctx: AppContext) {
  const [users, matters] = await Promise.all([
    ctx.db.selectFrom('users').select(['org_unit_id as id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('org_unit_id').execute(),
    ctx.db.selectFrom('matters').select(['department_id as id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('department_id').execute(),
  ]);
  return {
    users: new Map(users.map((r) => [r.id, Number(r.n)])),
    matters: new Map(matters.map((r) => [r.id, Number(r.n)])),
  };
}

function present(node: OrgNode, c: Awaited<ReturnType<typeof counts>>): OrgUnit {
  return {
    id: node.id,
    parentId: node.parentId,
    kind: node.kind,
    name: node.name,
    code: node.code,
    tags: node.tags,
    workingHours: node.workingHours,
    maxConcurrentChats: node.maxConcurrentChats,
    userCount: c.users.get(node.id) ?? 0,
    matterCount: c.matters.get(node.id) ?? 0,
  };
}

export function organisationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['organisation'];
  const IdParams = z.object({ id: z.uuid() });

  // The tree itself (names, kinds) is not confidential: every staff member sees it to transfer and route.
  r.get('/api/org-units', { schema: { tags, summary: '组织机构树（平铺）', response: { 200: OrgUnitList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'org.read');
    const c = await counts(ctx);
    const write = can(actor, 'org.write');
    return { items: ctx.org.all().map((n) => present(n, c)), can: { create: write, update: write, delete: write } };
  });

  r.post('/api/org-units', { schema: { tags, summary: '新建机构', body: CreateOrgUnitBody, response: { 201: OrgUnit } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'org.write');
    const row = await createOrgUnit(ctx, writeContext(req, actor), req.body);
    return reply.code(201).send(present(ctx.org.get(row.id)!, await counts(ctx)));
  });

  r.patch('/api/org-units/:id', { schema: { tags, summary: '修改机构', params: IdParams, body: UpdateOrgUnitBody, response: { 200: OrgUnit } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'org.write');
    const row = await updateOrgUnit(ctx, writeContext(req, actor), req.params.id, req.body);
    return present(ctx.org.get(row.id)!, await counts(ctx));
  });

  r.delete('/api/org-units/:id', { schema: { tags, summary: '删除机构', params: IdParams } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'org.write');
    await deleteOrgUnit(ctx, writeContext(req, actor), req.params.id);
    return reply.code(204).send();
  });
}
