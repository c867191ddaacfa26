import { z } from 'zod';
import { IsoDate, int4 } from './common.ts';

export const CalendarDay = z.object({
  date: z.string(),
  working: z.boolean(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday']),
  name: z.string().optional(),
  source: z.enum(['builtin', 'override', 'rule']),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarDaysQuery = z.strictObject({ from: IsoDate, to: IsoDate });
export const CalendarDays = z.object({
  days: z.array(CalendarDay),
  coveredYears: z.array(z.number().int()),
  can: z.object({ update: z.boolean() }),
});
export type CalendarDays = z.infer<typeof CalendarDays>;

export const CalendarOverride = z.object({
  date: z.string(),
  working: z.boolean(),
  name: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type CalendarOverride = z.infer<typeof CalendarOverride>;

export const OverrideBody = z.strictObject({ working: z.boolean(), name: z.string().trim().max(50).optional() });
export const CalendarYears = z.object({
  years: z.array(z.object({ year: z.number().int(), source: z.enum(['builtin', 'admin']), note: z.string().nullable() })),
  can: z.object({ update: z.boolean() }),
});
export type CalendarYears = z.infer<typeof CalendarYears>;
export const DeclareYearBody = z.strictObject({
  year: int4(2000).max(2100),
  note: z.string().trim().max(200).optional(),
});

export const ScheduleCheckQuery = z.strictObject({ groupId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() });
export const ScheduleCheck = z.object({
  at: z.string(),
  open: z.boolean(),
  nextOpening: z.string(),
  workingDay: z.boolean(),
});
