import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { z } from 'zod';

/**
 * Shared by every bulk import/export (matters, knowledge base): JSONL and CSV in, one raw record per row with
 * its line number for error reports, and the same plain-Chinese wording of validation problems.
 */
export interface RawRecord {
  line: number;
  value?: unknown;
  error?: string;
}

/** How a table's columns map to fields, and how a cell becomes a value. */
export interface Columns {
  labels: Record<string, string>;
  arrays?: ReadonlySet<string>;
  numbers?: ReadonlySet<string>;
}

/**
 * Thrown by the parsers when a file holds more records than one import takes: each import answers it with its
 * own error code. The parsers stop at the limit, so a file of a million rows costs no more than one of the limit.
 */
export class TooManyRecords extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} records`);
  }
}

export function parseJsonlRecords(text: string, maxRecords = Infinity): RawRecord[] {
  const out: RawRecord[] = [];
  for (let start = 0, i = 1; start < text.length; i++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const raw = text.slice(start, end);
    start = end + 1;
    if (!raw.trim()) continue;
    if (out.length >= maxRecords) throw new TooManyRecords(maxRecords);
    try {
      out.push({ line: i, value: JSON.parse(raw) });
    } catch {
      out.push({ line: i, error: '这一行不是有效的 JSON' });
    }
  }
  return out;
}

/** Header cells may be field names or their Chinese labels; unknown headers are kept (and then rejected). */
function fieldsOf(header: string[], cols: Columns): string[] {
  const byHeader = new Map(Object.entries(cols.labels).flatMap(([f, label]) => [[f.toLowerCase(), f] as const, [label, f] as const]));
  return header.map((h) => byHeader.get(h.trim()) ?? byHeader.get(h.trim().toLowerCase()) ?? h.trim());
}

/** One table row as a record: arrays one item per line inside the cell, empty cells left out. */
export function recordFromCells(cells: string[], fields: string[], cols: Columns, line: number): RawRecord {
  const obj: Record<string, unknown> = {};
  fields.forEach((f, i) => {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') return;
    if (cols.arrays?.has(f)) obj[f] = cell.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    else if (cols.numbers?.has(f)) obj[f] = /^\d+$/.test(cell) ? Number(cell) : cell;
    else obj[f] = cell;
  });
  return { line, value: obj };
}

export function parseTable(rows: { cells: string[]; line: number }[], cols: Columns): RawRecord[] {
  const [head, ...body] = rows;
  if (!head) return [];
  const fields = fieldsOf(head.cells, cols);
  return body.map((r) => recordFromCells(r.cells, fields, cols, r.line));
}

/** `maxRecords` counts the rows under the header; the parser stops reading one row past it. */
export function parseCsvRecords(text: string, cols: Columns, maxRecords = Infinity): RawRecord[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { info: true, relax_column_count: true, skip_empty_lines: true, ...(Number.isFinite(maxRecords) && { to: maxRecords + 2 }) }) as never;
  } catch (err) {
    return [{ line: (err as { lines?: number }).lines ?? 1, error: `CSV 格式错误：${(err as Error).message}` }];
  }
  if (records.length - 1 > maxRecords) throw new TooManyRecords(maxRecords);
  return parseTable(records.map((r) => ({ cells: r.record, line: r.info.lines })), cols);
}

/** A zod issue list in plain Chinese, naming fields by their labels. */
export function describeIssues(issues: z.core.$ZodIssue[], labels: Record<string, string>): string {
  return issues
    .map((i) => {
      const field = String(i.path[0] ?? '');
      const label = labels[field] ? `${labels[field]}（${field}）` : field;
      if (i.code === 'unrecognized_keys') return `有不认识的字段：${i.keys.join('、')}`;
      if (i.code === 'invalid_type' && i.input === undefined) return `缺少${label}`;
      if (i.code === 'too_small') return `${label}不能为空`;
      if (i.code === 'too_big') return `${label}太长或太大`;
      if (i.code === 'invalid_type') return `${label}的类型不对`;
      if (i.code === 'invalid_value') return `${label}不是可选的值`;
      if (i.code === 'invalid_format') return `${label}的格式不对`;
      // A schema's own (Chinese) message; zod's English one never reaches the reader.
      return /[A-Za-z]/.test(i.message) ? `${label}填写有误` : `${label}：${i.message}`;
    })
    .join('；');
}

/** Cells of one export row in field order: arrays one item per line. */
export function cellsOf(row: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.map((f) => {
    const v = row[f];
    return Array.isArray(v) ? v.join('\n') : v === null || v === undefined ? '' : String(v);
  });
}

export function toJsonl(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

/** CSV with Chinese headers and a BOM, so that Excel opens the UTF-8 file with the right encoding. */
export function toCsv(rows: Record<string, unknown>[], labels: Record<string, string>): string {
  const fields = Object.keys(labels);
  return '\uFEFF' + stringifyCsv([fields.map((f) => labels[f]!), ...rows.map((r) => cellsOf(r, fields))]);
}

export function stripBom(content: string): string {
  return content.replace(/^\uFEFF/, '');
}
