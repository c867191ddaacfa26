import type { KbImportResult } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { describeIssues } from '../matters/matter-interchange.ts';
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
export async function importEntries(ctx: Ctx, wctx: StaffWriteContext, file: Buffer, filename: string, opts: KbImportOptions): Promise<KbImportResult> {
  if (ctx.org.get(opts.departmentId)?.kind !== 'department') throw new AppError('ORG_UNIT_NOT_FOUND');
  const target = { department_id: opts.departmentId };
  if (!canWriteEntry(wctx.actor, ctx.org, target) || (opts.publish && !canReviewEntry(wctx.actor, ctx.org, target))) throw new AppError('FORBIDDEN');
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
    for (const r of rows) {
      const values = {
        department_id: opts.departmentId,
        question: r.question ?? '',
        similar: JSON.stringify(r.similar ?? []),
        answer: r.answer,
        effective_from: r.effectiveFrom ?? null,
        expires_on: r.expiresOn ?? null,
        updated_by: wctx.actor.id,
        updated_at: ctx.clock.now(),
      };
      const prior = r.id ? existing.get(r.id) : undefined;
      const row = prior
        ? await tx.db.updateTable('kb_entries').set({ ...values, status: 'draft' }).where('id', '=', prior).returningAll().executeTakeFirstOrThrow()
        : await tx.db
            .insertInto('kb_entries')
            .values({ ...values, status: 'draft', sharing: 'district', source: 'import', external_id: r.id ?? null, created_by: wctx.actor.id })
            .returningAll()
            .executeTakeFirstOrThrow();
      await tx.db.deleteFrom('kb_entry_matters').where('entry_id', '=', row.id).execute();
      const matterId = r.matter ? matterByCode.get(r.matter) : undefined;
      if (matterId) await tx.db.insertInto('kb_entry_matters').values({ entry_id: row.id, matter_id: matterId }).execute();
      if (opts.publish) await publishWorkingCopy(ctx, tx, wctx, row, '批量导入');
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
