import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ImportResult, Matter, MatterBody, MatterFacets, MatterList, MatterQuery, UpdateMatterBody } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { readingUpload, staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, can, canOnMatter } from '../identity/policy.ts';
import { createMatter, deleteMatter, updateMatter } from './matter.commands.ts';
import { importMatters } from './matter-import.command.ts';
import { matterCsv, matterJsonl } from './matter-interchange.ts';
import { presentMatter, presentMatterSummary, toInterchange } from './matter.presenter.ts';
import { allMatching, getMatter, matterFacets, searchMatters } from './matter.queries.ts';

const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export function mattersRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['matters'];
  const IdParams = z.object({ id: z.uuid() });

  r.get('/api/matters', { schema: { tags, summary: '事项目录：搜索与筛选', querystring: MatterQuery, response: { 200: MatterList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'matter.read');
    const { rows, total } = await searchMatters(ctx, req.query);
    return {
      items: rows.map((row) => presentMatterSummary(row, ctx.org)),
      total,
      page: req.query.page,
      pageSize: req.query.pageSize,
      can: { create: can(actor, 'matter.write'), import: can(actor, 'matter.import'), export: can(actor, 'matter.export') },
    };
  });

  r.get('/api/matters/facets', { schema: { tags, summary: '事项类型与部门（筛选用）', response: { 200: MatterFacets } } }, async (req) => {
    authorize(await staffOf(ctx, req), 'matter.read');
    return matterFacets(ctx);
  });

  r.get(
    '/api/matters/export',
    { schema: { tags, summary: '导出事项（JSONL / CSV）', querystring: MatterQuery.omit({ page: true, pageSize: true }).extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') }) } },
    async (req, reply) => {
      const actor = await staffOf(ctx, req);
      authorize(actor, 'matter.export');
      const { format, ...filters } = req.query;
      const rows = (await allMatching(ctx, filters)).map((row) => toInterchange(row, ctx.org));
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="matters-${stamp}.${format}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(matterCsv(rows));
      return reply.type('application/x-ndjson; charset=utf-8').send(matterJsonl(rows));
    },
  );

  r.get('/api/matters/:id', { schema: { tags, summary: '事项详情', params: IdParams, response: { 200: Matter } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'matter.read');
    const row = await getMatter(ctx, req.params.id);
    const target = { departmentId: row.department_id };
    return presentMatter(row, ctx.org, { update: canOnMatter(actor, ctx.org, 'update', target), delete: canOnMatter(actor, ctx.org, 'delete', target) });
  });

  r.post('/api/matters', { schema: { tags, summary: '新建事项', body: MatterBody, response: { 201: Matter } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'matter.write');
    const row = await createMatter(ctx, writeContext(req, actor), req.body);
    return reply.code(201).send(presentMatter(row, ctx.org, { update: true, delete: canOnMatter(actor, ctx.org, 'delete', { departmentId: row.department_id }) }));
  });

  r.patch('/api/matters/:id', { schema: { tags, summary: '修改事项', params: IdParams, body: UpdateMatterBody, response: { 200: Matter } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'matter.write');
    const row = await updateMatter(ctx, writeContext(req, actor), req.params.id, req.body);
    return presentMatter(row, ctx.org, { update: true, delete: canOnMatter(actor, ctx.org, 'delete', { departmentId: row.department_id }) });
  });

  r.delete('/api/matters/:id', { schema: { tags, summary: '删除事项', params: IdParams } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'matter.write');
    await deleteMatter(ctx, writeContext(req, actor), req.params.id);
    return reply.code(204).send();
  });

  // multipart/form-data: `file` plus the text fields createMissingDepartments and dryRun ('true'/'false').
  r.post(
    '/api/matters/import',
    { schema: { tags, summary: '导入事项（JSONL / CSV，全部成功或全部不导入）', consumes: ['multipart/form-data'], response: { 200: ImportResult } } },
    async (req) => {
      const actor = await staffOf(ctx, req);
      authorize(actor, 'matter.import');
      if (!req.isMultipart()) throw new AppError('MATTER_IMPORT_FORMAT');
      let content: string | undefined;
      const fields: Record<string, string> = {};
      await readingUpload(async () => {
        for await (const part of req.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } })) {
          if (part.type === 'file') content = (await part.toBuffer()).toString('utf8');
          else fields[part.fieldname] = String(part.value);
        }
      });
      if (content === undefined) throw new AppError('MATTER_IMPORT_EMPTY');
      return importMatters(ctx, writeContext(req, actor), content, {
        createMissingDepartments: fields.createMissingDepartments === 'true',
        dryRun: fields.dryRun === 'true',
      });
    },
  );
}
