import ExcelJS from 'exceljs';
import { z } from 'zod';
import { cellsOf, parseCsvRecords, parseJsonlRecords, parseTable, stripBom, toCsv, toJsonl, type Columns, type RawRecord } from '../../lib/interchange.ts';

/**
 * The KB interchange format is the evaluation sets' JSONL (`{"id","question","similar","answer",
 * "department","matter"}`) plus optional dates; CSV and XLSX carry the same columns with Chinese headers.
 */
export const KB_FIELD_LABELS = {
  id: '编号',
  question: '标准问',
  similar: '相似问',
  answer: '答复口径',
  department: '部门',
  matter: '事项编码',
  effectiveFrom: '生效日期',
  expiresOn: '失效日期',
} as const;
type Field = keyof typeof KB_FIELD_LABELS;
const FIELDS = Object.keys(KB_FIELD_LABELS) as Field[];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD').nullish();
export const KbImportRow = z.strictObject({
  id: z.string().trim().min(1).max(100).nullish(),
  question: z.string().trim().max(300).nullish(),
  similar: z.array(z.string().trim().max(300)).max(100).nullish(),
  answer: z.string().trim().min(1, '答复口径不能为空').max(20000),
  department: z.string().trim().max(100).nullish(),
  matter: z.string().trim().max(64).nullish(),
  effectiveFrom: date,
  expiresOn: date,
});
export type KbImportRow = z.infer<typeof KbImportRow>;

const COLUMNS: Columns = { labels: KB_FIELD_LABELS, arrays: new Set(['similar']) };

export async function parseKbFile(buf: Buffer, filename: string): Promise<RawRecord[] | 'unknown-format'> {
  // XLSX files are zip archives: recognise them by their magic bytes, not their name.
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return parseXlsx(buf);
  const text = stripBom(buf.toString('utf8'));
  const first = text.trimStart()[0];
  if (first === undefined) return [];
  if (first === '{') return parseJsonlRecords(text);
  const head = text.slice(0, text.indexOf('\n') >>> 0);
  if (!/answer|答复口径/.test(head) && !filename.endsWith('.csv')) return 'unknown-format';
  return parseCsvRecords(text, COLUMNS);
}

async function parseXlsx(buf: Buffer): Promise<RawRecord[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return [{ line: 1, error: 'Excel 文件无法读取，请确认是 .xlsx 格式' }];
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const cellText = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
    if (typeof v === 'object' && 'text' in v) return String(v.text);
    return String(v);
  };
  const rows: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => rows.push({ cells: (row.values as ExcelJS.CellValue[]).slice(1).map(cellText), line: n }));
  return parseTable(rows, COLUMNS);
}

export interface KbExportRow {
  id: string;
  question: string;
  similar: string[];
  answer: string;
  department: string;
  matter: string | null;
  effectiveFrom: string | null;
  expiresOn: string | null;
}

export const toKbJsonl = (rows: KbExportRow[]) => toJsonl(rows);

export const toKbCsv = (rows: KbExportRow[]) => toCsv(rows as unknown as Record<string, unknown>[], KB_FIELD_LABELS);

export async function toKbXlsx(rows: KbExportRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('知识库');
  ws.addRow(FIELDS.map((f) => KB_FIELD_LABELS[f]));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(cellsOf(r as unknown as Record<string, unknown>, FIELDS));
  ws.columns.forEach((c, i) => (c.width = [14, 30, 30, 60, 16, 34, 12, 12][i] ?? 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
