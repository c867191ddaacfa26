import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { Locale } from '@bangban/shared';
import { fieldLabelZh } from './field-labels.ts';

/*
 * The request boundary: what every route's input goes through before its handler, once, for every schema.
 * - Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate) is refused in any field, query or
 *   path parameter, whatever the schema says (it used to reach the database and come back as a 500).
 * - zod's issues are worded in the caller's language (zod's own locales, zh-CN by default) with the field's path,
 *   so a Chinese message carries no English from zod.
 */

/** One problem with the request, worded in both languages; `field` is the JSON path (`similar.0`), '' for the whole part. */
export interface BoundaryIssue {
  field: string;
  zh: string;
  en: string;
}
const BOUNDARY_ISSUE = Symbol.for('bangban.boundaryIssue');
type Part = 'body' | 'querystring' | 'params' | 'headers';
/** What Fastify puts in `err.validation` (its items must look like Ajv's errors to its own code). */
interface ValidationItem {
  [BOUNDARY_ISSUE]: BoundaryIssue;
  keyword: string;
  instancePath: string;
  schemaPath: string;
  message: string;
  params: Record<string, unknown>;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unreadable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/**
 * The path of the first string (value or key) in `value` that cannot be stored as text, or null when all can.
 * Iterative: a body may nest 100,000 levels deep.
 */
export function unreadableTextPath(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (unreadable(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (unreadable(k)) return at;
        stack.push([child, at]);
      }
    }
  }
  return null;
}

/** For parse sites outside HTTP (WebSocket frames): the value itself, or undefined when it holds unreadable text. */
export function readableOnly<T>(value: T): T | undefined {
  return unreadableTextPath(value) === null ? value : undefined;
}

const unreadableIssue = (field: string): BoundaryIssue => ({
  field,
  zh: '含有无法识别的字符（如空字符），请删除后重试',
  en: 'contains characters that cannot be read (such as NUL); remove them and try again',
});

/** preValidation hook: params, query and body walked once, before any schema sees them. */
export async function refuseUnreadableText(req: FastifyRequest): Promise<void> {
  for (const [part, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
    const field = unreadableTextPath(value);
    if (field !== null) throw validationError([item(unreadableIssue(field), 'unreadable_text')], part);
  }
}

function validationError(items: ValidationItem[], part: Part): Error {
  return Object.assign(new Error('request validation failed'), { statusCode: 400, validation: items, validationContext: part });
}

function item(issue: BoundaryIssue, keyword: string): ValidationItem {
  const path = issue.field ? `/${issue.field.replaceAll('.', '/')}` : '';
  return { [BOUNDARY_ISSUE]: issue, keyword, instancePath: path, schemaPath: `#${path}/${keyword}`, message: issue.en, params: { field: issue.field } };
}

/** The boundary's issues of a Fastify validation error (from this compiler or the text guard), or null for any other error. */
export function boundaryIssues(err: unknown): BoundaryIssue[] | null {
  const validation = (err as { validation?: unknown }).validation;
  if (!Array.isArray(validation) || validation.length === 0) return null;
  const issues = validation.map((v) => (v as Partial<ValidationItem>)[BOUNDARY_ISSUE]);
  return issues.every((i): i is BoundaryIssue => i !== undefined) ? issues : null;
}

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;
type RawIssue = Parameters<typeof enLocale>[0];
const text = (m: ReturnType<typeof enLocale>) => (typeof m === 'string' ? m : (m?.message ?? ''));

/** zod's zh-CN locale leaves its type names in English ("期望 string"): these are the words a reader sees. */
const ZH_TYPES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  undefined: '空（未填写）',
  null: '空值',
  bigint: '整数',
  nan: '非数字',
  date: '日期',
  file: '文件',
  symbol: '符号',
  function: '函数',
  map: '映射',
  set: '集合',
  record: '对象',
  tuple: '数组',
};
const zhType = (t: unknown) => ZH_TYPES[String(t)] ?? String(t);

function zhMessage(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? '必须填写' : `应为${zhType(iss.expected)}，收到的是${zhType(receivedType(iss.input))}`;
    case 'too_small': {
      const n = String(iss.minimum);
      if (iss.origin === 'string') return `至少 ${n} 个字符`;
      if (iss.origin === 'array' || iss.origin === 'set') return `至少 ${n} 项`;
      return iss.inclusive ? `不能小于 ${n}` : `应大于 ${n}`;
    }
    case 'too_big': {
      const n = String(iss.maximum);
      if (iss.origin === 'string') return `最多 ${n} 个字符`;
      if (iss.origin === 'array' || iss.origin === 'set') return `最多 ${n} 项`;
      return iss.inclusive ? `不能大于 ${n}` : `应小于 ${n}`;
    }
    case 'invalid_format':
      return iss.format === 'regex' ? '格式不正确' : text(zhLocale(iss));
    case 'unrecognized_keys':
      return `不认识的字段：${iss.keys.join('、')}`;
    case 'invalid_key':
      return '字段名无效';
    case 'invalid_element':
      return '含有无效的值';
    case 'invalid_value':
      return text(zhLocale(iss));
    default:
      // zod's own words, with its English type names put into Chinese.
      return text(zhLocale(iss)).replace(/\b[a-z]+\b/g, (w) => ZH_TYPES[w] ?? w);
  }
}

function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

/*
 * An issue whose schema gave no message of its own gets this marker plus both wordings (the per-parse error map
 * runs only then); one with a schema message (always Chinese in this code base) keeps it in both languages.
 */
const GENERATED = '\u0001zod:';
const describe = (iss: RawIssue) => GENERATED + JSON.stringify({ zh: zhMessage(iss), en: text(enLocale(iss)) });

/** fastify-type-provider-zod's validatorCompiler, with the issues worded by `describe` and marked for the error handler. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { error: describe });
    if (result.success) return { value: result.data };
    return {
      error: result.error.issues.map((iss) => {
        const field = iss.path.map(String).join('.');
        const words = iss.message.startsWith(GENERATED) ? (JSON.parse(iss.message.slice(GENERATED.length)) as { zh: string; en: string }) : { zh: iss.message, en: iss.message };
        return item({ field, ...words }, iss.code);
      }),
    } as unknown as { error: Error };
  };

const PART_NAMES: Record<Part, { zh: string; en: string }> = {
  body: { zh: '提交的内容', en: 'body' },
  querystring: { zh: '查询参数', en: 'query' },
  params: { zh: '网址参数', en: 'path' },
  headers: { zh: '请求头', en: 'headers' },
};

/** "问题：至少 2 个字符；相似问法第 1 项：…" (en: "question: …; similar.0: …"), in the caller's language. */
export function describeIssues(issues: BoundaryIssue[], part: string | undefined, locale: Locale): string {
  const whole = PART_NAMES[(part as Part) ?? 'body'] ?? PART_NAMES.body;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const i of issues) {
    const line = locale === 'en' ? `${i.field || whole.en}: ${i.en}` : `${fieldLabelZh(i.field) || whole.zh}：${i.zh}`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
    if (lines.length === 5) break;
  }
  return lines.join(locale === 'en' ? '; ' : '；');
}
