import { z } from 'zod';

export const Id = z.uuid();
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD 格式')
  // A day that does not exist (2026-02-30, year 0) was refused by PostgreSQL with a 500.
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDay(d), '没有这一天，请检查日期');

function isCalendarDay(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && d >= '0001' && new Date(t).toISOString().startsWith(d);
}

/** PostgreSQL's int4 maximum. */
export const INT4_MAX = 2_147_483_647;
/**
 * Every integer that reaches an int4 column, LIMIT or OFFSET is bounded here, at the boundary: a larger one
 * used to reach the database and come back as a 500 ("out of range for type integer").
 */
export const int4 = (min = 0) => z.number().int().min(min).max(INT4_MAX);
/** The same, read from a query string (`?after=12`). */
export const queryInt4 = (min = 0) => z.coerce.number().int().min(min).max(INT4_MAX);

export const Page = queryInt4(1).default(1);
export const PageSize = queryInt4(1).max(200).default(20);

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}
