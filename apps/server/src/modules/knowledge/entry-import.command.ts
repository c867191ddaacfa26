import type { KbImportResult } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { describeIssues } from '../../lib/interchange.ts';
import { KB_FIELD_LABELS, KbImportRow, parseKbFile } from './entry-interchange.ts';
import { publishWorkingCopy } from './entry.commands.ts';
import { canReviewEntry, canWriteEntry } from './knowledge.policy.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

export interface KbImportOptions {
  departmentId: string;
  publish: boolean;
  dryRun: boolean;
}

/**
 * Imports into one department, all or nothing. Rows with an `id` update the entry imported under that id
 * before; `matter` names a matter by code. With `publish`, every row goes live as a new version at once
 * (moving an existing, already reviewed knowledge base); otherwise rows land as drafts for review.
 */
export async function importEntries(ctx: Ctx, wctx: WriteContext, file: Buffer, filename: string, opts: KbImportOptions): Promise<KbImportResult> {
  if (ctx.org.get(opts.departmentId)?.kind !== 'department') throw new AppError('ORG_UNIT_NOT_FOUND');
  const target = { department_id: opts.departmentId };
  // The seeder imports as the system; staff need write (and, to publish, review) rights on the department.
  const actor = wctx.actor === 'system' ? null : wctx.actor;
  if (actor && (!canWriteEntry(actor, ctx.org, target) || (opts.publish && !canReviewEntry(actor, ctx.org, target)))) throw new AppError('FORBIDDEN');
  const parsed = await parseKbFile(file, filename);
  if (parsed === 'unknown-format') throw new AppError('KB_IMPORT_FORMAT');
  if (!parsed.length) throw new AppError('MATTER_IMPORT_EMPTY');

  const errors: { line: number; reason: string }[] = [];
  const rows: KbImportRow[] = [];
  const seen = new Set<string>();
  for (const p of parsed) {
    if (p.error) {
      errors.push({ line: p.line, reason: p.error });
      continue;
    }
    const res = KbImportRow.safeParse(p.value);
    if (!res.success) {
      errors.push({ line: p.line, reason: describeIssues(res.error.issues, KB_FIELD_LABELS) });
      continue;
    }
    if (res.data.id && seen.has(res.data.id)) errors.push({ line: p.line, reason: `编号 ${res.data.id} 重复` });
    if (res.data.id) seen.add(res.data.id);
    rows.push(res.data);
  }
  const codes = [...new Set(rows.map((r) => r.matter).filter((m): m is string => !!m))];
  const matterByCode = new Map(
    codes.length ? (await ctx.db.selectFrom('matters').select(['id', 'code']).where('code', 'in', codes).execute()).map((m) => [m.code, m.id]) : [],
  );
  parsed.forEach((p, i) => {
    const code = (p.value as { matter?: string } | undefined)?.matter;
    if (code && !matterByCode.has(code)) errors.push({ line: parsed[i]!.line, reason: `事项编码“${code}”不在事项目录中` });
  });
  if (errors.length) throw new AppError('KB_IMPORT_INVALID', { count: errors.length }, { errors: errors.sort((a, b) => a.line - b.line) });

  const ids = [...seen];
  const existing = new Map(
    ids.length ? (await ctx.db.selectFrom('kb_entries').select(['id', 'external_id']).where('external_id', 'in', ids).execute()).map((e) => [e.external_id!, e.id]) : [],
  );
  const result: KbImportResult = {
    dryRun: opts.dryRun,
    total: rows.length,
    created: rows.filter((r) => !r.id || !existing.has(r.id)).length,
    updated: rows.filter((r) => r.id && existing.has(r.id)).length,
    published: opts.publish ? rows.length : 0,
  };
  if (opts.dryRun) return result;

  await inTransaction(ctx, wctx, async (tx) => {
    const now = ctx.clock.now();
    const values = (r: KbImportRow) => ({
      department_id: opts.departmentId,
      question: r.question ?? '',
      similar: JSON.stringify(r.similar ?? []),
      answer: r.answer,
      effective_from: r.effectiveFrom ?? null,
      expires_on: r.expiresOn ?? null,
      updated_by: actor?.id ?? null,
      updated_at: now,
    });
    const fresh = rows.filter((r) => !r.id || !existing.has(r.id));
    const stale = rows.filter((r) => r.id && existing.has(r.id));
    const links: { entry_id: string; matter_id: string }[] = [];
    const linkOf = (entryId: string, r: KbImportRow) => {
      const matterId = r.matter ? matterByCode.get(r.matter) : undefined;
      if (matterId) links.push({ entry_id: entryId, matter_id: matterId });
    };
    // New rows go in by the hundred (a knowledge base moves in thousands of rows); updates row by row.
    const newIds: string[] = [];
    for (let i = 0; i < fresh.length; i += 200) {
      const chunk = fresh.slice(i, i + 200);
      const inserted = await tx.db
        .insertInto('kb_entries')
        .values(chunk.map((r) => ({ ...values(r), status: 'draft' as const, sharing: 'district' as const, source: 'import' as const, external_id: r.id ?? null, created_by: actor?.id ?? null })))
        .returning('id')
        .execute();
      inserted.forEach((row, k) => {
        newIds.push(row.id);
        linkOf(row.id, chunk[k]!);
      });
    }
    const updatedRows = [];
    for (const r of stale) {
      const id = existing.get(r.id!)!;
      updatedRows.push(await tx.db.updateTable('kb_entries').set({ ...values(r), status: 'draft' }).where('id', '=', id).returningAll().executeTakeFirstOrThrow());
      await tx.db.deleteFrom('kb_entry_matters').where('entry_id', '=', id).execute();
      linkOf(id, r);
    }
    for (let i = 0; i < links.length; i += 500) await tx.db.insertInto('kb_entry_matters').values(links.slice(i, i + 500)).execute();
    if (opts.publish) {
      const matterOf = new Map(links.map((l) => [l.entry_id, l.matter_id]));
      for (let i = 0; i < newIds.length; i += 200) {
        const ids = newIds.slice(i, i + 200);
        await tx.db
          .insertInto('kb_entry_versions')
          .values(
            ids.map((id, k) => {
              const r = fresh[i + k]!;
              return {
                entry_id: id,
                version: 1,
                question: r.question ?? '',
                similar: JSON.stringify(r.similar ?? []),
                answer: r.answer,
                matter_ids: JSON.stringify(matterOf.has(id) ? [matterOf.get(id)] : []),
                effective_from: r.effectiveFrom ?? null,
                expires_on: r.expiresOn ?? null,
                published_by: actor?.id ?? null,
                published_at: now,
                note: '批量导入',
              };
            }),
          )
          .execute();
        await tx.db.updateTable('kb_entries').set({ status: 'published', published_version: 1, reviewed_by: actor?.id ?? null }).where('id', 'in', ids).execute();
      }
      for (const row of updatedRows) await publishWorkingCopy(ctx, tx, wctx, row, '批量导入');
    }
    await tx.record({
      type: 'kb.entries_imported',
      subjectType: 'kb_entry',
      subjectId: null,
      orgUnitId: opts.departmentId,
      after: result,
      summary: `导入知识条目 ${result.total} 条：新建 ${result.created}，更新 ${result.updated}${opts.publish ? '，已发布' : '，待审核'}`,
    });
  });
  return result;
}
