import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { z } from 'zod';
import { MATTER_AUDIENCES, MATTER_HALL_LABELS, MATTER_HALLS, type MatterHall } from '@bangban/shared';
import type { MatterInterchange } from './matter.presenter.ts';

/** Field names of the interchange format with their Chinese labels (CSV headers, error messages). */
export const FIELD_LABELS = {
  code: '事项编码',
  name: '事项名称',
  department: '实施部门',
  area: '行政区划',
  type: '事项类型',
  audience: '服务对象类别',
  serviceObjects: '服务对象',
  themes: '主题分类',
  location: '办理地点',
  legalTimeLimit: '法定时限',
  promisedTimeLimit: '承诺时限',
  consultPhone: '咨询电话',
  complainPhone: '投诉电话',
  materials: '申请材料',
  acceptStandard: '受理标准',
  url: '办事指南链接',
  hall: '所在大厅',
  hallUnit: '大厅所属机构',
  topRank: '高频排名',
  topBatch: '高频批次',
} as const;
type Field = keyof typeof FIELD_LABELS;
const ARRAY_FIELDS = new Set<Field>(['serviceObjects', 'themes', 'materials']);
const NUMBER_FIELDS = new Set<Field>(['topRank', 'topBatch']);

const hallByLabel = new Map<string, MatterHall>(MATTER_HALLS.map((h) => [MATTER_HALL_LABELS[h], h]));
const text = (max: number) => z.string().trim().max(max).nullish();

export const ImportRow = z.strictObject({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  department: z.string().trim().min(1).max(100),
  area: text(100),
  type: z.string().trim().min(1).max(50),
  audience: z.enum(MATTER_AUDIENCES).nullish(),
  serviceObjects: z.array(z.string().max(50)).max(20).nullish(),
  themes: z.array(z.string().max(50)).max(20).nullish(),
  location: text(2000),
  legalTimeLimit: text(100),
  promisedTimeLimit: text(100),
  consultPhone: text(2000),
  complainPhone: text(2000),
  materials: z.array(z.string().max(500)).max(200).nullish(),
  acceptStandard: text(20000),
  url: text(1000),
  hall: z
    .string()
    .trim()
    .transform((v, c) => {
      const hall = (MATTER_HALLS as readonly string[]).includes(v) ? (v as MatterHall) : hallByLabel.get(v);
      if (!hall) c.addIssue({ code: 'custom', message: `应为 ${MATTER_HALLS.map((h) => MATTER_HALL_LABELS[h]).join('、')} 之一` });
      return hall ?? 'other';
    })
    .nullish(),
  hallUnit: text(100),
  topRank: z.number().int().min(1).max(100).nullish(),
  topBatch: z.union([z.literal(2021), z.literal(2022)]).nullish(),
});
export type ImportRow = z.infer<typeof ImportRow>;

export interface ParsedLine {
  line: number;
  value?: unknown;
  error?: string;
}

/** Splits a file into raw records with their line numbers; JSONL if it starts with `{`, else CSV. */
export function parseInterchange(content: string): ParsedLine[] | 'unknown-format' {
  const text = content.replace(/^\uFEFF/, '');
  const firstChar = text.trimStart()[0];
  if (firstChar === '{') return parseJsonl(text);
  if (firstChar === undefined) return [];
  const header = text.slice(0, text.indexOf('\n') >>> 0).toLowerCase();
  if (!/code|事项编码/.test(header)) return 'unknown-format';
  return parseCsvRecords(text);
}

function parseJsonl(text: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch {
      out.push({ line: i + 1, error: '这一行不是有效的 JSON' });
    }
  });
  return out;
}

const fieldByHeader = new Map<string, Field>(
  (Object.keys(FIELD_LABELS) as Field[]).flatMap((f) => [
    [f.toLowerCase(), f],
    [FIELD_LABELS[f], f],
  ]),
);

function parseCsvRecords(text: string): ParsedLine[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return [{ line, error: `CSV 格式错误：${(err as Error).message}` }];
  }
  const [head, ...rows] = records;
  if (!head) return [];
  const fields = head.record.map((h) => fieldByHeader.get(h.trim()) ?? fieldByHeader.get(h.trim().toLowerCase()) ?? h.trim());
  return rows.map(({ record, info }) => {
    const obj: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const cell = (record[i] ?? '').trim();
      if (cell === '') return;
      if (ARRAY_FIELDS.has(f as Field)) obj[f] = cell.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
      else if (NUMBER_FIELDS.has(f as Field)) obj[f] = /^\d+$/.test(cell) ? Number(cell) : cell;
      else obj[f] = cell;
    });
    return { line: info.lines, value: obj };
  });
}

/** A zod issue list in plain Chinese, naming fields by their labels. */
export function describeIssues(issues: z.core.$ZodIssue[], labels: Record<string, string> = FIELD_LABELS): string {
  return issues
    .map((i) => {
      const field = String(i.path[0] ?? '');
      const label = labels[field] ? `${labels[field]}（${field}）` : field;
      if (i.code === 'unrecognized_keys') return `有不认识的字段：${i.keys.join('、')}`;
      if (i.code === 'invalid_type' && i.input === undefined) return `缺少${label}`;
      if (i.code === 'too_small') return `${label}不能为空`;
      if (i.code === 'too_big') return `${label}太长或太大`;
      if (i.code === 'invalid_type') return `${label}的类型不对`;
      return `${label}：${i.message}`;
    })
    .join('；');
}

export function toJsonl(rows: MatterInterchange[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

export function toCsv(rows: MatterInterchange[]): string {
  const fields = Object.keys(FIELD_LABELS) as Field[];
  const body = rows.map((r) =>
    fields.map((f) => {
      const v = r[f];
      return Array.isArray(v) ? v.join('\n') : (v ?? '');
    }),
  );
  // BOM so that Excel opens the UTF-8 file with the right encoding.
  return '\uFEFF' + stringifyCsv([fields.map((f) => FIELD_LABELS[f]), ...body]);
}
