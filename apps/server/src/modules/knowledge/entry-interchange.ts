import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { cellsOf, parseCsvRecords, parseJsonlRecords, parseTable, stripBom, toCsv, toJsonl, TooManyRecords, type Columns, type RawRecord } from '../../lib/interchange.ts';

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
  source: '来源依据',
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
  /** Where the answer's facts come from (a regulation, an official guide), shown to KB operators. */
  source: z.string().trim().max(500).nullish(),
});
export type KbImportRow = z.infer<typeof KbImportRow>;

const COLUMNS: Columns = { labels: KB_FIELD_LABELS, arrays: new Set(['similar']) };

/** Rows one import takes: a department's knowledge base moves in thousands; 400,000 rows froze the server. */
export const KB_IMPORT_MAX_ROWS = 5000;
/** What an XLSX may inflate to (all its parts): a 5,000-row sheet with long answers stays far below. */
export const KB_XLSX_MAX_INFLATED = 64 * 1024 * 1024;

export async function parseKbFile(buf: Buffer, filename: string, maxRows = KB_IMPORT_MAX_ROWS): Promise<RawRecord[] | 'unknown-format'> {
  try {
    // XLSX files are zip archives: recognise them by their magic bytes, not their name.
    if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return await parseXlsx(buf, maxRows);
    const text = stripBom(buf.toString('utf8'));
    const first = text.trimStart()[0];
    if (first === undefined) return [];
    if (first === '{') return parseJsonlRecords(text, maxRows);
    const head = text.slice(0, text.indexOf('\n') >>> 0);
    if (!/answer|答复口径/.test(head) && !filename.endsWith('.csv')) return 'unknown-format';
    return parseCsvRecords(text, COLUMNS, maxRows);
  } catch (err) {
    if (err instanceof TooManyRecords) throw new AppError('KB_IMPORT_TOO_MANY_ROWS', { limit: err.limit });
    throw err;
  }
}

const unreadable: RawRecord[] = [{ line: 1, error: 'Excel 文件无法读取，请确认是 .xlsx 格式' }];

/**
 * Streams the first sheet row by row and stops one row past the cap: loading the whole workbook held every
 * cell of a 400,000-row sheet in memory (1.5 GB) before a row could be counted. The archive's real inflated
 * size is checked first, so a zip bomb is refused before any XML is parsed.
 */
async function parseXlsx(buf: Buffer, maxRows: number): Promise<RawRecord[]> {
  const inflated = await zipInflatedSize(buf, KB_XLSX_MAX_INFLATED);
  if (inflated === 'unreadable') return unreadable;
  if (inflated > KB_XLSX_MAX_INFLATED) throw new AppError('KB_IMPORT_XLSX_TOO_LARGE', { limitMb: KB_XLSX_MAX_INFLATED / 1024 / 1024 });
  const cellText = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
    if (typeof v === 'object' && 'text' in v) return String(v.text);
    return String(v);
  };
  const rows: { cells: string[]; line: number }[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (!row.hasValues) continue;
        // The header is the first row with values; the cap counts the rows under it.
        if (rows.length > maxRows) throw new TooManyRecords(maxRows);
        rows.push({ cells: (row.values as ExcelJS.CellValue[]).slice(1).map(cellText), line: row.number });
      }
      break; // the first sheet only
    }
  } catch (err) {
    if (err instanceof TooManyRecords) throw err;
    return unreadable;
  }
  return parseTable(rows, COLUMNS);
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The bytes a zip's entries really inflate to, read through the central directory and counted while
 * inflating (declared sizes can lie). Stops counting just past `limit`; 'unreadable' for a broken archive.
 */
export async function zipInflatedSize(buf: Buffer, limit: number): Promise<number | 'unreadable'> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'unreadable';
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > buf.length) return 'unreadable'; // also rules out zip64 markers (0xffffffff)
  let total = 0;
  for (let p = cdOffset; p + 46 <= cdOffset + cdSize && buf.readUInt32LE(p) === CENTRAL; ) {
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) return 'unreadable';
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataAt + compressed > buf.length) return 'unreadable';
    const raw = buf.subarray(dataAt, dataAt + compressed);
    if (method === 0) total += compressed;
    else if (method === 8) {
      const n = await inflatedLength(raw, limit - total);
      if (n < 0) return 'unreadable';
      total += n;
    } else return 'unreadable';
    if (total > limit) return total;
  }
  return total;
}

/** Inflates on the thread pool, keeping only the count: a bomb costs CPU up to the limit, not memory. -1: corrupt. */
function inflatedLength(raw: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const z = createInflateRaw();
    let n = 0;
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) {
        z.destroy();
        resolve(n);
      }
    });
    z.on('end', () => resolve(n));
    z.on('error', () => resolve(-1));
    z.end(raw);
  });
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
  source: string | null;
}

export const toKbJsonl = (rows: KbExportRow[]) => toJsonl(rows);

export const toKbCsv = (rows: KbExportRow[]) => toCsv(rows as unknown as Record<string, unknown>[], KB_FIELD_LABELS);

export async function toKbXlsx(rows: KbExportRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('知识库');
  ws.addRow(FIELDS.map((f) => KB_FIELD_LABELS[f]));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(cellsOf(r as unknown as Record<string, unknown>, FIELDS));
  ws.columns.forEach((c, i) => (c.width = [14, 30, 30, 60, 16, 34, 12, 12, 40][i] ?? 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
