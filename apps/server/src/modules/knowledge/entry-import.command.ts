import { sql } from 'kysely';
import type { KbImportResult } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { WriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { inTransaction } from '../../lib/events.ts';
import { describeIssues } from '../../lib/interchange.ts';
import { KB_FIELD_LABELS, KbImportRow, parseKbFile } from './entry-interchange.ts';
import { canReviewEntry, canWriteEntry } from './knowledge.policy.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'clock' | 'org'>;

/** Rows per statement; between batches the event loop runs (sockets, timers, requests that need no database). */
const BATCH = 200;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface KbImportOptions {
  departmentId: string;
  publish: boolean;
  dryRun: boolean;
}

/**
 * Imports into one department, all or nothing, at most KB_IMPORT_MAX_ROWS rows. Rows with an `id` update the
 * entry imported under that id before into the same department (an id of another department's entry is a
 * row error); `matter` names a matter by code. With `publish`, every row goes live as a new version at once
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
  const lineOf = new Map<string, number>();
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
    if (res.data.id && !seen.has(res.data.id)) lineOf.set(res.data.id, p.line);
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
  // An id matches only an entry of the target department, the one the importer may write. External ids are
  // unique across the district (they name the entry in exports and evaluation sets), so an id held by another
  // department is a row error: nothing of another department is moved, rewritten or published.
  const ids = [...seen];
  const existing = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await ctx.db.selectFrom('kb_entries').select(['id', 'external_id', 'department_id']).where('external_id', 'in', ids.slice(i, i + 1000)).execute();
    for (const e of found) {
      if (e.department_id === opts.departmentId) existing.set(e.external_id!, e.id);
      else {
        const line = lineOf.get(e.external_id!)!;
        errors.push({ line, reason: `第 ${line} 行的编号 ${e.external_id} 属于其他部门的条目，不能覆盖` });
      }
    }
  }
  if (errors.length) throw new AppError('KB_IMPORT_INVALID', { count: errors.length }, { errors: errors.sort((a, b) => a.line - b.line) });

  const result: KbImportResult = {
    dryRun: opts.dryRun,
    total: rows.length,
    created: rows.filter((r) => !r.id || !existing.has(r.id)).length,
    updated: rows.filter((r) => r.id && existing.has(r.id)).length,
    published: opts.publish ? rows.length : 0,
  };
  if (opts.dryRun) return result;

  const actorId = actor?.id ?? null;
  const movedAway = (externalId: string) => {
    const line = lineOf.get(externalId)!;
    return new AppError('KB_IMPORT_INVALID', { count: 1 }, { errors: [{ line, reason: `第 ${line} 行的编号 ${externalId} 属于其他部门的条目，不能覆盖` }] });
  };
  // One transaction (all or nothing), written in set-based batches: on PGlite the transaction holds the only
  // connection, so 5,000 rows one by one (8 statements each) kept every other request waiting for many seconds.
  await inTransaction(ctx, wctx, async (tx) => {
    const now = ctx.clock.now();
    const fresh = rows.filter((r) => !r.id || !existing.has(r.id));
    const stale = rows.filter((r) => r.id && existing.has(r.id));
    const links: { entry_id: string; matter_id: string }[] = [];
    const linkOf = (entryId: string, r: KbImportRow) => {
      const matterId = r.matter ? matterByCode.get(r.matter) : undefined;
      if (matterId) links.push({ entry_id: entryId, matter_id: matterId });
    };
    const newIds: string[] = [];
    for (let i = 0; i < fresh.length; i += BATCH) {
      const chunk = fresh.slice(i, i + BATCH);
      const inserted = await tx.db
        .insertInto('kb_entries')
        .values(
          chunk.map((r) => ({
            department_id: opts.departmentId,
            question: r.question ?? '',
            similar: JSON.stringify(r.similar ?? []),
            answer: r.answer,
            effective_from: r.effectiveFrom ?? null,
            expires_on: r.expiresOn ?? null,
            updated_by: actorId,
            updated_at: now,
            status: 'draft' as const,
            sharing: 'district' as const,
            source: 'import' as const,
            source_ref: r.source ?? null,
            external_id: r.id ?? null,
            created_by: actorId,
          })),
        )
        .returning('id')
        .execute();
      inserted.forEach((row, k) => {
        newIds.push(row.id);
        linkOf(row.id, chunk[k]!);
      });
      await breathe();
    }
    const updatedIds: string[] = [];
    const republished: Record<string, number> = {};
    for (let i = 0; i < stale.length; i += BATCH) {
      const chunk = stale.slice(i, i + BATCH);
      const ids = chunk.map((r) => existing.get(r.id!)!);
      const values = sql.join(
        chunk.map((r, k) => sql`(${ids[k]}::uuid, ${r.question ?? ''}::text, ${JSON.stringify(r.similar ?? [])}::jsonb, ${r.answer}::text, ${r.effectiveFrom ?? null}::text, ${r.expiresOn ?? null}::text, ${r.source ?? null}::text)`),
      );
      // The department condition again: an entry moved away since the lookup is not touched.
      const { rows: done } = await sql<{ id: string }>`
        update kb_entries as e
        set question = v.question, "similar" = v."similar", answer = v.answer, effective_from = v.effective_from, expires_on = v.expires_on,
            status = 'draft', updated_by = ${actorId}::uuid, updated_at = ${now}::timestamptz,
            source_ref = case when e.source = 'import' then v.source_ref else e.source_ref end
        from (values ${values}) as v(id, question, "similar", answer, effective_from, expires_on, source_ref)
        where e.id = v.id and e.department_id = ${opts.departmentId}::uuid
        returning e.id`.execute(tx.db);
      if (done.length < chunk.length) {
        const ok = new Set(done.map((d) => d.id));
        throw movedAway(chunk.find((_, k) => !ok.has(ids[k]!))!.id!);
      }
      await tx.db.deleteFrom('kb_entry_matters').where('entry_id', 'in', ids).execute();
      chunk.forEach((r, k) => {
        updatedIds.push(ids[k]!);
        linkOf(ids[k]!, r);
      });
      await breathe();
    }
    for (let i = 0; i < links.length; i += 500) await tx.db.insertInto('kb_entry_matters').values(links.slice(i, i + 500)).execute();
    if (opts.publish) {
      const matterOf = new Map(links.map((l) => [l.entry_id, l.matter_id]));
      for (let i = 0; i < newIds.length; i += BATCH) {
        const ids = newIds.slice(i, i + BATCH);
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
                published_by: actorId,
                published_at: now,
                note: '批量导入',
              };
            }),
          )
          .execute();
        await tx.db.updateTable('kb_entries').set({ status: 'published', published_version: 1, reviewed_by: actorId }).where('id', 'in', ids).execute();
        await breathe();
      }
      // Updated entries go live as their next version, as a review would publish them (entry.commands.ts
      // publishWorkingCopy), a batch per statement. Imported entries never come from a gap, so no gap closes here.
      for (let i = 0; i < updatedIds.length; i += BATCH) {
        const ids = updatedIds.slice(i, i + BATCH);
        const { rows: published } = await sql<{ entry_id: string; version: number }>`
          with next as (
            select e.id, coalesce(max(v.version), 0) + 1 as version
            from kb_entries e left join kb_entry_versions v on v.entry_id = e.id
            where e.id in (${sql.join(ids.map((id) => sql`${id}::uuid`))})
            group by e.id
          ), added as (
            insert into kb_entry_versions (entry_id, version, question, "similar", answer, matter_ids, effective_from, expires_on, published_by, published_at, note)
            select e.id, n.version, e.question, e."similar", e.answer,
                   coalesce((select jsonb_agg(m.matter_id) from kb_entry_matters m where m.entry_id = e.id), '[]'::jsonb),
                   e.effective_from, e.expires_on, ${actorId}::uuid, ${now}::timestamptz, '批量导入'
            from kb_entries e join next n on n.id = e.id
            returning entry_id, version
          ), live as (
            update kb_entries as e
            set status = 'published', published_version = added.version, reviewed_by = ${actorId}::uuid, updated_at = ${now}::timestamptz
            from added where e.id = added.entry_id
          )
          select entry_id, version from added`.execute(tx.db);
        for (const p of published) republished[p.entry_id] = p.version;
        await breathe();
      }
    }
    await tx.record({
      type: 'kb.entries_imported',
      subjectType: 'kb_entry',
      subjectId: null,
      orgUnitId: opts.departmentId,
      // One audit row and one event for the whole file, new and updated entries alike (each version row names its
      // publisher): an event per entry made every process re-index entry by entry, about a minute for 5,000.
      after: opts.publish && stale.length ? { ...result, republished } : result,
      summary: `导入知识条目 ${result.total} 条：新建 ${result.created}，更新 ${result.updated}${opts.publish ? '，已发布' : '，待审核'}`,
    });
  });
  return result;
}
