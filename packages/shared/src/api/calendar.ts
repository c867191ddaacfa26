import { z } from 'zod';
import { IsoDate, int4 } from './common.ts';

export const CalendarDay = z.object({
  date: z.string(),
  working: z.boolean(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday']),
  name: z.string().optional(),
  source: z.enum(['builtin', 'override', 'rule', 'statutory']),
  /** The year's notice is not entered: computed from the law (statutory days off, no 调休). */
  provisional: z.literal(true).optional(),
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

/** Whether the calendar is confirmed for this year and the next, and whether admins should be reminded. */
export const CalendarStatus = z.object({
  today: z.string(),
  currentYear: z.object({ year: z.number().int(), confirmed: z.boolean() }),
  nextYear: z.object({ year: z.number().int(), confirmed: z.boolean() }),
  /** From 1 November while next year's notice is not entered (or now, when this year's is not). */
  remind: z.boolean(),
  message: z.string().nullable(),
});
export type CalendarStatus = z.infer<typeof CalendarStatus>;

const NoticeName = z.string().trim().min(1).max(20);
/** The State Council notice of a year, as printed: holiday ranges and the 调休 working days. */
export const CalendarNoticeBody = z.strictObject({
  year: z.number().int().min(2000).max(2099),
  holidays: z.array(z.strictObject({ name: NoticeName, from: IsoDate, to: IsoDate })).min(1).max(20),
  workdays: z.array(z.strictObject({ name: NoticeName, date: IsoDate })).max(20).default([]),
  note: z.string().trim().max(200).optional(),
});
export type CalendarNoticeBody = z.input<typeof CalendarNoticeBody>;

const DayState = z.object({ working: z.boolean(), kind: CalendarDay.shape.kind, name: z.string().optional() });
export const CalendarNoticePreview = z.object({
  year: z.number().int(),
  /** The days the notice changes compared with what the calendar says today. */
  days: z.array(z.object({ date: z.string(), before: DayState, after: DayState })),
  /** Deadlines already given that the notice would move; they keep their value (the list is for follow-up). */
  deadlines: z.array(
    z.object({
      kind: z.enum(['gap', 'follow_up']),
      id: z.string(),
      label: z.string(),
      dueAt: z.string().nullable(),
      wouldBe: z.string(),
    }),
  ),
});
export type CalendarNoticePreview = z.infer<typeof CalendarNoticePreview>;
