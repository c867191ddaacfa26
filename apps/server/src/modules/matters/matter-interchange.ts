import { z } from 'zod';
import { MATTER_AUDIENCES, MATTER_HALL_LABELS, MATTER_HALLS, type MatterHall } from '@bangban/shared';
import type { MatterInterchange } from './matter.presenter.ts';
import { AppError } from '../../lib/errors.ts';
import { describeIssues, parseCsvRecords, parseJsonlRecords, stripBom, toCsv, toJsonl, TooManyRecords, type Columns, type RawRecord } from '../../lib/interchange.ts';

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

const COLUMNS: Columns = { labels: FIELD_LABELS, arrays: new Set(['serviceObjects', 'themes', 'materials']), numbers: new Set(['topRank', 'topBatch']) };

/** Rows one import takes: the district catalogue has about 2,300 matters; the parsers stop one row past it. */
export const MATTER_IMPORT_MAX_ROWS = 5000;

/** Splits a file into raw records with their line numbers; JSONL if it starts with `{`, else CSV. */
export function parseInterchange(content: string, maxRows = MATTER_IMPORT_MAX_ROWS): RawRecord[] | 'unknown-format' {
  const text = stripBom(content);
  const firstChar = text.trimStart()[0];
  try {
    if (firstChar === '{') return parseJsonlRecords(text, maxRows);
    if (firstChar === undefined) return [];
    const header = text.slice(0, text.indexOf('\n') >>> 0).toLowerCase();
    if (!/code|事项编码/.test(header)) return 'unknown-format';
    return parseCsvRecords(text, COLUMNS, maxRows);
  } catch (err) {
    if (err instanceof TooManyRecords) throw new AppError('MATTER_IMPORT_TOO_MANY_ROWS', { limit: err.limit });
    throw err;
  }
}

export const describeMatterIssues = (issues: z.core.$ZodIssue[]) => describeIssues(issues, FIELD_LABELS);

export function matterJsonl(rows: MatterInterchange[]): string {
  return toJsonl(rows);
}

export function matterCsv(rows: MatterInterchange[]): string {
  return toCsv(rows, FIELD_LABELS);
}
