import { cstDate } from '@bangban/calendar';
import { createRetriever, type KbEntry, type Retriever, type SearchResult } from '@bangban/retrieval';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import type { OrgTree } from '../organisation/org-tree.ts';
import { markdownToText } from './markdown-text.ts';

/** What the index knows of a document besides its text: enough to present and filter a hit. */
export interface IndexedDoc {
  kind: 'entry' | 'matter';
  /** kb entry id, or the matter id for a matter card. */
  id: string;
  question: string;
  departmentId: string | null;
  matterIds: string[];
  version: number | null;
  effectiveFrom: string | null;
  expiresOn: string | null;
}

const MATTER_PREFIX = 'matter:';
const WARM_UP_QUERIES = 1500;

/**
 * The 小申 search index of one server process: every published KB entry (its latest published version) and
 * every matter as a card, so everyday names of matters find the matter. Kept current by events
 * (kb.entry_published / archived / rolled back, matter writes), relayed across processes by Redis.
 */
export class KnowledgeIndex {
  private retriever: Retriever = createRetriever([]);
  private docs = new Map<string, IndexedDoc>();
  private paused = false;
  /** Warm-up searches still owed: once the search code is compiled, a reload (a KB import) skips them. */
  private warmUpLeft = WARM_UP_QUERIES;
  /** Matter id → the published entry whose main matter it is (when exactly one is): rebuilt on demand. */
  private covered: Map<string, string> | null = null;

  constructor(
    private readonly db: Db,
    private readonly org: OrgTree,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.docs.size;
  }

  /** Bulk work (the demo seed) pauses updates and loads once at the end instead of after every step. */
  pause(): void {
    this.paused = true;
  }

  async resume(): Promise<void> {
    this.paused = false;
    await this.load();
  }

  async load(): Promise<void> {
    if (this.paused) return;
    const [entries, matters] = await Promise.all([this.publishedEntries(), this.db.selectFrom('matters').selectAll().execute()]);
    const docs: KbEntry[] = [];
    const meta = new Map<string, IndexedDoc>();
    for (const m of matters) {
      const id = MATTER_PREFIX + m.id;
      docs.push(matterDoc(m, this.org.get(m.department_id)?.name ?? null));
      meta.set(id, { kind: 'matter', id: m.id, question: m.name, departmentId: m.department_id, matterIds: [m.id], version: null, effectiveFrom: null, expiresOn: null });
    }
    for (const e of entries) {
      docs.push(e.doc);
      meta.set(e.meta.id, e.meta);
    }
    const retriever = createRetriever(docs);
    // Before it answers anyone: the first citizens after a start should not pay for compiling the search code.
    // Only the process's first loads pay for it: on a reload it would hold the event loop (and /healthz) about
    // a second longer for code that is compiled already.
    const warmUp = Math.min(this.warmUpLeft, docs.length * 20);
    if (warmUp > 0) retriever.warmUp(warmUp);
    this.warmUpLeft -= warmUp;
    this.retriever = retriever;
    this.docs = meta;
    this.covered = null;
  }

  /** Re-reads one entry: indexes its published version, or drops it when archived or never published. */
  async refreshEntry(entryId: string): Promise<void> {
    if (this.paused) return;
    this.covered = null;
    const [found] = await this.publishedEntries(entryId);
    if (found) {
      this.retriever.upsert(found.doc);
      this.docs.set(entryId, found.meta);
    } else if (this.docs.delete(entryId)) {
      this.retriever.remove(entryId);
    }
  }

  async refreshMatter(matterId: string): Promise<void> {
    if (this.paused) return;
    const m = await this.db.selectFrom('matters').selectAll().where('id', '=', matterId).executeTakeFirst();
    const id = MATTER_PREFIX + matterId;
    if (!m) {
      this.docs.delete(id);
      this.retriever.remove(id);
      return;
    }
    this.retriever.upsert(matterDoc(m, this.org.get(m.department_id)?.name ?? null));
    this.docs.set(id, { kind: 'matter', id: m.id, question: m.name, departmentId: m.department_id, matterIds: [m.id], version: null, effectiveFrom: null, expiresOn: null });
  }

  /**
   * Searches; entries outside their effective dates are dropped here rather than at load, so a policy
   * answer published ahead of time starts answering on its day without a reload.
   */
  search(query: string, opts: { matterId?: string | null; limit?: number } = {}): SearchResult & { docs: Map<string, IndexedDoc> } {
    const today = cstDate(this.clock.now());
    const result = this.retriever.search(query, { matter: opts.matterId ?? null, limit: opts.limit ?? 5 });
    const live = (id: string) => {
      const d = this.docs.get(id);
      return !!d && (!d.effectiveFrom || d.effectiveFrom <= today) && (!d.expiresOn || d.expiresOn >= today);
    };
    // A matter that a published entry covers is answered by that entry (whose answer carries the matter's card):
    // the matter's short card must not outrank the department's own wording of the same service.
    const byEntry = <C extends { entryId: string }>(list: C[]) => {
      const seen = new Set<string>();
      return list
        .map((c) => {
          const entryId = this.coveringEntry(c.entryId);
          return entryId && live(entryId) ? { ...c, entryId } : c;
        })
        .filter((c) => !seen.has(c.entryId) && !!seen.add(c.entryId));
    };
    const candidates = byEntry(result.candidates).filter((c) => live(c.entryId));
    let decision = result.decision;
    if (decision.kind === 'answer') decision = { ...decision, entryId: byEntry([decision])[0]!.entryId };
    if (decision.kind === 'suggest') decision = { ...decision, candidates: byEntry(decision.candidates) };
    if (decision.kind === 'answer' && !live(decision.entryId)) decision = candidates.length ? { kind: 'suggest', candidates: candidates.slice(0, 3) } : { kind: 'none' };
    if (decision.kind === 'suggest') {
      const kept = decision.candidates.filter((c) => live(c.entryId));
      decision = kept.length ? { kind: 'suggest', candidates: kept } : { kind: 'none' };
    }
    return { decision, candidates, docs: this.docs };
  }

  /** The entry standing in for a matter's card in search results, if one published entry has it as main matter. */
  private coveringEntry(indexId: string): string | undefined {
    const d = this.docs.get(indexId);
    if (d?.kind !== 'matter') return undefined;
    if (!this.covered) {
      const byMatter = new Map<string, string[]>();
      for (const [id, doc] of this.docs) {
        const main = doc.kind === 'entry' ? doc.matterIds[0] : undefined;
        if (main) byMatter.set(main, [...(byMatter.get(main) ?? []), id]);
      }
      this.covered = new Map([...byMatter].filter(([, ids]) => ids.length === 1).map(([m, ids]) => [m, ids[0]!]));
    }
    return this.covered.get(d.id);
  }

  doc(indexId: string): IndexedDoc | undefined {
    return this.docs.get(indexId);
  }

  private async publishedEntries(onlyId?: string): Promise<{ doc: KbEntry; meta: IndexedDoc }[]> {
    let q = this.db
      .selectFrom('kb_entries as e')
      .innerJoin('kb_entry_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
      .select(['e.id', 'e.department_id', 'v.version', 'v.question', 'v.similar', 'v.answer', 'v.matter_ids', 'v.effective_from', 'v.expires_on'])
      .where('e.status', '!=', 'archived');
    if (onlyId) q = q.where('e.id', '=', onlyId);
    const rows = await q.execute();
    const matterIds = [...new Set(rows.flatMap((r) => r.matter_ids))];
    const names = new Map(
      matterIds.length ? (await this.db.selectFrom('matters').select(['id', 'name']).where('id', 'in', matterIds).execute()).map((m) => [m.id, m.name]) : [],
    );
    return rows.map((r) => ({
      doc: {
        id: r.id,
        question: r.question,
        similar: r.similar,
        answer: markdownToText(r.answer),
        department: this.org.get(r.department_id)?.name ?? null,
        matter: r.matter_ids[0] ?? null,
        matterName: r.matter_ids[0] ? (names.get(r.matter_ids[0]) ?? null) : null,
      },
      meta: {
        kind: 'entry' as const,
        id: r.id,
        // Answer-only passages have no question: show the start of the answer where a question would go.
        question: r.question || preview(r.answer),
        departmentId: r.department_id,
        matterIds: r.matter_ids,
        version: r.version,
        effectiveFrom: r.effective_from,
        expiresOn: r.expires_on,
      },
    }));
  }
}

function matterDoc(
  m: { id: string; name: string; location: string | null; promised_time_limit: string | null; materials: string[]; consult_phone: string | null },
  department: string | null,
): KbEntry {
  return {
    id: MATTER_PREFIX + m.id,
    question: m.name,
    similar: [],
    answer: [`事项：${m.name}`, `实施部门：${department ?? ''}`, `办理地点：${m.location ?? ''}`, `承诺时限：${m.promised_time_limit ?? ''}`, `所需材料：${m.materials.join('、')}`].join('\n'),
    department,
    matter: m.id,
    matterName: m.name,
    card: true,
  };
}

export function isMatterDoc(indexId: string): boolean {
  return indexId.startsWith(MATTER_PREFIX);
}

function preview(markdown: string): string {
  const text = markdownToText(markdown).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
