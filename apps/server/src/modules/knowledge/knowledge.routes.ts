import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { classifyIntent } from '@bangban/intent';
import {
  HitTestBody,
  HitTestResult,
  KbEntry,
  KbEntryBody,
  KbEntryDiff,
  KbEntryList,
  KbEntryQuery,
  KbEntryVersion,
  KbImportResult,
  ReviewBody,
  RollbackBody,
  queryInt4,
  UpdateKbEntryBody,
} from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { KbEntryRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { readingUpload, staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, can } from '../identity/policy.ts';
import { archiveEntry, createEntry, reviewEntry, rollbackEntry, submitEntry, updateEntry } from './entry.commands.ts';
import { importEntries } from './entry-import.command.ts';
import { toKbCsv, toKbJsonl, toKbXlsx, type KbExportRow } from './entry-interchange.ts';
import { presentEntry, presentEntrySummary, presentVersion } from './entry.presenter.ts';
import { diffEntries, entryLinks, entryVersions, getVisibleEntry, listEntries, mattersOf, userNames } from './entry.queries.ts';
import { homeDepartment } from './knowledge.policy.ts';

export function knowledgeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['knowledge'];
  const IdParams = z.object({ id: z.uuid() });

  const present = async (actor: StaffActor, row: KbEntryRow) => presentEntry(row, ctx.org, actor, await entryLinks(ctx, actor, row));

  r.get('/api/kb/entries', { schema: { tags, summary: '知识条目列表与检索', querystring: KbEntryQuery, response: { 200: KbEntryList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.read');
    const { rows, total, matters } = await listEntries(ctx, actor, req.query);
    return {
      items: rows.map((row) => presentEntrySummary(row, ctx.org, matters.get(row.id) ?? [])),
      total,
      page: req.query.page,
      pageSize: req.query.pageSize,
      can: { create: can(actor, 'kb.write'), import: can(actor, 'kb.import'), export: can(actor, 'kb.export') },
    };
  });

  r.post('/api/kb/entries', { schema: { tags, summary: '新建知识条目（草稿）', body: KbEntryBody, response: { 201: KbEntry } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.write');
    const row = await createEntry(ctx, writeContext(req, actor), req.body);
    return reply.code(201).send(await present(actor, row));
  });

  r.get('/api/kb/entries/:id', { schema: { tags, summary: '知识条目详情', params: IdParams, response: { 200: KbEntry } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.read');
    return present(actor, await getVisibleEntry(ctx, actor, req.params.id));
  });

  r.patch('/api/kb/entries/:id', { schema: { tags, summary: '修改知识条目（已发布的条目改为草稿，原版本继续生效）', params: IdParams, body: UpdateKbEntryBody, response: { 200: KbEntry } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.write');
    await getVisibleEntry(ctx, actor, req.params.id);
    return present(actor, await updateEntry(ctx, writeContext(req, actor), req.params.id, req.body));
  });

  r.post('/api/kb/entries/:id/submit', { schema: { tags, summary: '提交审核', params: IdParams, response: { 200: KbEntry } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.write');
    await getVisibleEntry(ctx, actor, req.params.id);
    return present(actor, await submitEntry(ctx, writeContext(req, actor), req.params.id));
  });

  r.post('/api/kb/entries/:id/review', { schema: { tags, summary: '审核：通过即发布，或退回修改', params: IdParams, body: ReviewBody, response: { 200: KbEntry } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.review');
    await getVisibleEntry(ctx, actor, req.params.id);
    return present(actor, await reviewEntry(ctx, writeContext(req, actor), req.params.id, req.body.decision, req.body.note));
  });

  for (const action of ['archive', 'reopen'] as const) {
    r.post(`/api/kb/entries/:id/${action}`, { schema: { tags, summary: action === 'archive' ? '下线' : '重新启用（回到草稿）', params: IdParams, response: { 200: KbEntry } } }, async (req) => {
      const actor = await staffOf(ctx, req);
      authorize(actor, 'kb.review');
      await getVisibleEntry(ctx, actor, req.params.id);
      return present(actor, await archiveEntry(ctx, writeContext(req, actor), req.params.id, action));
    });
  }

  r.post('/api/kb/entries/:id/rollback', { schema: { tags, summary: '回滚到某一版本（作为新版本发布）', params: IdParams, body: RollbackBody, response: { 200: KbEntry } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.review');
    await getVisibleEntry(ctx, actor, req.params.id);
    return present(actor, await rollbackEntry(ctx, writeContext(req, actor), req.params.id, req.body.version));
  });

  r.get('/api/kb/entries/:id/versions', { schema: { tags, summary: '历史版本', params: IdParams, response: { 200: z.object({ items: z.array(KbEntryVersion) }) } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.read');
    await getVisibleEntry(ctx, actor, req.params.id);
    const versions = await entryVersions(ctx, req.params.id);
    const names = await userNames(ctx, versions.map((v) => v.published_by));
    return { items: versions.map((v) => presentVersion(v, names)) };
  });

  r.get(
    '/api/kb/entries/:id/diff',
    {
      schema: {
        tags,
        summary: '两个版本（或版本与当前草稿）的差异',
        params: IdParams,
        querystring: z.strictObject({ from: queryInt4(1), to: z.union([z.literal('draft'), queryInt4(1)]).default('draft') }),
        response: { 200: KbEntryDiff },
      },
    },
    async (req) => {
      const actor = await staffOf(ctx, req);
      authorize(actor, 'kb.read');
      const row = await getVisibleEntry(ctx, actor, req.params.id);
      const versions = await entryVersions(ctx, row.id);
      const pick = (n: number) => {
        const v = versions.find((x) => x.version === n);
        if (!v) throw new AppError('KB_VERSION_NOT_FOUND', { version: n });
        return { question: v.question, similar: v.similar, answer: v.answer, matterIds: v.matter_ids, dates: `${v.effective_from ?? ''}~${v.expires_on ?? ''}` };
      };
      const draftMatters = ((await mattersOf(ctx, [row.id])).get(row.id) ?? []).map((m) => m.id);
      const to = req.query.to === 'draft'
        ? { question: row.question, similar: row.similar, answer: row.answer, matterIds: draftMatters, dates: `${row.effective_from ?? ''}~${row.expires_on ?? ''}` }
        : pick(req.query.to);
      return diffEntries(pick(req.query.from), to, req.query.from, req.query.to);
    },
  );

  r.post('/api/kb/import', { schema: { tags, summary: '导入知识条目（JSONL / CSV / XLSX，全部成功或全部不导入）', consumes: ['multipart/form-data'], response: { 200: KbImportResult } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.import');
    if (!req.isMultipart()) throw new AppError('KB_IMPORT_FORMAT');
    let file: { buf: Buffer; name: string } | undefined;
    const fields: Record<string, string> = {};
    await readingUpload(async () => {
      for await (const part of req.parts({ limits: { fileSize: 50 * 1024 * 1024, files: 1 } })) {
        if (part.type === 'file') file = { buf: await part.toBuffer(), name: part.filename };
        else fields[part.fieldname] = String(part.value);
      }
    });
    if (!file) throw new AppError('MATTER_IMPORT_EMPTY');
    const departmentId = fields.departmentId || homeDepartment(actor, ctx.org);
    if (!departmentId || !z.uuid().safeParse(departmentId).success) throw new AppError('ORG_UNIT_NOT_FOUND');
    return importEntries(ctx, writeContext(req, actor), file.buf, file.name, { departmentId, publish: fields.publish === 'true', dryRun: fields.dryRun === 'true' });
  });

  r.get(
    '/api/kb/export',
    { schema: { tags, summary: '导出知识条目（JSONL / CSV / XLSX）', querystring: KbEntryQuery.omit({ page: true, pageSize: true }).extend({ format: z.enum(['jsonl', 'csv', 'xlsx']).default('jsonl') }) } },
    async (req, reply) => {
      const actor = await staffOf(ctx, req);
      authorize(actor, 'kb.export');
      const { format, ...filters } = req.query;
      const { rows, matters } = await listEntries(ctx, actor, { ...filters, page: 1, pageSize: 100_000 });
      const codes = new Map(
        (await ctx.db.selectFrom('matters').select(['id', 'code']).where('id', 'in', [...new Set([...matters.values()].flat().map((m) => m.id))].concat(['00000000-0000-0000-0000-000000000000'])).execute()).map((m) => [m.id, m.code]),
      );
      const out: KbExportRow[] = rows.map((row) => ({
        id: row.external_id ?? row.id,
        question: row.question,
        similar: row.similar,
        answer: row.answer,
        department: ctx.org.get(row.department_id)?.name ?? '',
        matter: codes.get(matters.get(row.id)?.[0]?.id ?? '') ?? null,
        effectiveFrom: row.effective_from,
        expiresOn: row.expires_on,
        source: row.source === 'import' ? row.source_ref : null,
      }));
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="kb-${stamp}.${format}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toKbCsv(out));
      if (format === 'xlsx') return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toKbXlsx(out));
      return reply.type('application/x-ndjson; charset=utf-8').send(toKbJsonl(out));
    },
  );

  // Hit test: the assistant's own search and decision, shown with scores and matched words.
  r.post('/api/kb/hit-test', { schema: { tags, summary: '命中测试：输入问题，查看候选条目、分数与命中词', body: HitTestBody, response: { 200: HitTestResult } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'kb.read');
    const started = performance.now();
    const intent = classifyIntent(req.body.query);
    const result = ctx.knowledge.search(req.body.query, { matterId: req.body.matterId ?? null, limit: 10 });
    const tookMs = performance.now() - started;
    const decision = result.decision;
    return {
      query: req.body.query,
      intent: { intent: intent.intent, confidence: intent.confidence },
      decision: decision.kind,
      answerEntryId: decision.kind === 'answer' ? (ctx.knowledge.doc(decision.entryId)?.kind === 'entry' ? decision.entryId : null) : null,
      candidates: result.candidates.map((c) => {
        const doc = ctx.knowledge.doc(c.entryId);
        return {
          entryId: c.entryId,
          kind: doc?.kind ?? 'entry',
          question: doc?.question ?? '',
          department: doc?.departmentId ? (ctx.org.get(doc.departmentId)?.name ?? null) : null,
          score: c.score,
          confidence: c.confidence,
          field: c.field,
          text: c.text ?? null,
          matchedTerms: c.matchedTerms,
          ownWords: c.ownWords,
        };
      }),
      tookMs,
    };
  });
}
