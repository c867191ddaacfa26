import { Bm25Space, type FieldTerms } from './bm25-space.ts';
import type { RankingConfig } from './config.ts';
import { contentRuns, normalizeText } from './normalize.ts';
import { analysisKeys } from './query-plan.ts';
import { SYNONYM_GROUPS } from './synonyms.ts';
import { type Tokenizer, units } from './tokenizer.ts';
import type { KbEntry, MatchedField } from './types.ts';

/** One question-like text of an entry (standard question, a similar question, the matter name). */
export interface TitleDoc {
  owner: number;
  field: MatchedField;
  raw: string;
  /** Normalized content (stop words removed) and its units, used by coverage features. */
  content: string;
  units: string[];
}

export interface EntryRecord {
  entry: KbEntry;
  titleSlots: number[];
}

interface AnswerDoc {
  terms: FieldTerms;
  lens: number[];
}

const sumValues = (m: ReadonlyMap<string, number>): number => {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
};

/**
 * Owns both BM25 spaces and the slot bookkeeping. Titles are separate small documents so an
 * entry is scored by its best-matching phrasing, not by the concatenation of all of them.
 */
export class EntryIndex {
  readonly titles: Bm25Space;
  readonly answers: Bm25Space;
  /** Indexed by title slot; documents of removed entries stay here (slots are never reused). */
  readonly titleDocs: TitleDoc[] = [];
  readonly records: (EntryRecord | undefined)[] = [];
  private readonly slotById = new Map<string, number>();

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly cfg: RankingConfig,
  ) {
    this.titles = new Bm25Space([{ weight: 1, b: cfg.questionB }], cfg.k1);
    const a = cfg.answer;
    this.answers = new Bm25Space(
      [
        { weight: a.body, b: a.bodyB },
        { weight: a.lead, b: a.leadB },
        { weight: a.department, b: 0 },
      ],
      cfg.k1,
    );
    tokenizer.addWords(SYNONYM_GROUPS.flat());
  }

  get size(): number {
    return this.slotById.size;
  }

  slotOf(id: string): number | undefined {
    return this.slotById.get(id);
  }

  /** Bulk load: the dictionary learns every title before any text is segmented. */
  build(entries: readonly KbEntry[]): void {
    this.tokenizer.addWords(entries.flatMap((e) => this.titleWords(e)));
    const step = Math.max(1, Math.floor(entries.length / 1000));
    const sample: number[][] = [];
    const titleLens: number[] = [];
    for (let i = 0; i < entries.length; i += step) {
      sample.push(this.answerDoc(entries[i]!).lens);
      if (entries[i]!.question) titleLens.push(sumValues(analysisKeys(this.tokenizer.analyze(entries[i]!.question), true)));
    }
    if (titleLens.length > 0) this.titles.setAverages([titleLens.reduce((s, l) => s + l, 0) / titleLens.length]);
    if (sample.length > 0) {
      this.answers.setAverages([0, 1, 2].map((f) => sample.reduce((s, l) => s + l[f]!, 0) / sample.length));
    }
    for (const e of entries) {
      // A repeated id replaces the earlier entry, as upsert would.
      if (this.slotById.has(e.id)) this.remove(e.id);
      this.insert(e);
    }
  }

  upsert(entry: KbEntry): void {
    this.remove(entry.id);
    this.tokenizer.addWords(this.titleWords(entry));
    this.insert(entry);
  }

  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    const rec = this.records[slot]!;
    for (const ts of rec.titleSlots) {
      const doc = this.titleDocs[ts]!;
      const keys = analysisKeys(this.tokenizer.analyze(doc.raw), true);
      this.titles.remove(ts, keys.keys(), [sumValues(keys)]);
    }
    const a = this.answerDoc(rec.entry);
    this.answers.remove(slot, a.terms.flatMap((m) => [...m.keys()]), a.lens);
    this.records[slot] = undefined;
    this.slotById.delete(id);
    return true;
  }

  private titleWords(e: KbEntry): string[] {
    const texts = [e.question, ...(e.similar ?? []), e.matterName ?? ''];
    return texts.flatMap((t) => contentRuns(normalizeText(t)));
  }

  private insert(entry: KbEntry): void {
    const slot = this.records.length;
    const titleSlots: number[] = [];
    const seen = new Set<string>();
    const add = (raw: string | null | undefined, field: TitleDoc['field']): void => {
      const text = raw?.trim();
      if (!text) return;
      const a = this.tokenizer.analyze(text);
      const content = a.content.replace(/ /g, '');
      if (!content || seen.has(content)) return;
      seen.add(content);
      const keys = analysisKeys(a, true);
      const ts = this.titleDocs.length;
      this.titleDocs.push({ owner: slot, field, raw: text, content, units: units(content) });
      this.titles.add(ts, [keys], [sumValues(keys)]);
      titleSlots.push(ts);
    };
    add(entry.question, 'question');
    for (const s of entry.similar ?? []) add(s, 'similar');
    add(entry.matterName, 'matterName');
    const a = this.answerDoc(entry);
    this.answers.add(slot, a.terms, a.lens);
    this.records.push({ entry, titleSlots });
    this.slotById.set(entry.id, slot);
  }

  private answerDoc(e: KbEntry): AnswerDoc {
    const lead = e.answer.slice(0, this.cfg.leadChars).split(/[。？！\n]/)[0] ?? '';
    const terms = [e.answer, lead, e.department ?? ''].map((t) => analysisKeys(this.tokenizer.analyze(t), this.cfg.answerChars));
    return { terms, lens: terms.map(sumValues) };
  }
}


