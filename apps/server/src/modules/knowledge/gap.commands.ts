import { isCalendarError } from '@bangban/calendar';
import type { AppContext } from '../../context.ts';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'calendar'>;

export const GAP_DEADLINE_WORKING_DAYS = 5;

/** Folds trivial differences so the same question asked twice counts as one gap. */
export function normalizeQuestion(q: string): string {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(/^(请问|你好|您好|我想问一下|我想问|想问一下|想问|问一下)+/, '')
    .replace(/(吗|呢|啊|呀|吧)+$/, '');
}

export interface GapInput {
  question: string;
  source: 'no_match' | 'not_solved' | 'agent';
  matterId?: string | null;
  departmentId?: string | null;
  sessionId?: string | null;
}

/**
 * Keeps a question nobody could answer for the owning department's KB operator (查遗补缺): due in 5 working
 * days from its first asking. Asked again while open, it counts another occurrence instead of a new gap.
 */
export async function recordGap(ctx: Ctx, input: GapInput): Promise<{ id: string; created: boolean }> {
  const normalized = normalizeQuestion(input.question);
  const now = ctx.clock.now();
  const existing = await ctx.db
    .updateTable('kb_gaps')
    .set((eb) => ({ occurrences: eb('occurrences', '+', 1), last_seen_at: now }))
    .where('normalized', '=', normalized)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  let dueAt: Date | null = null;
  try {
    dueAt = ctx.calendar.calendar.deadlineAfterWorkingDays(now, GAP_DEADLINE_WORKING_DAYS);
  } catch (err) {
    // The year's holidays are not entered yet: leave the deadline open and let the gap list say so.
    if (!isCalendarError(err)) throw err;
  }
  const row = await ctx.db
    .insertInto('kb_gaps')
    .values({
      question: input.question.slice(0, 500),
      normalized,
      matter_id: input.matterId ?? null,
      department_id: input.departmentId ?? null,
      source: input.source,
      status: 'open',
      first_session_id: input.sessionId ?? null,
      // The deadline counts from here: the same clock, so a later recomputation (a new notice) agrees.
      created_at: now,
      last_seen_at: now,
      due_at: dueAt,
    })
    .onConflict((oc) => oc.column('normalized').where('status', '=', 'open').doUpdateSet((eb) => ({ occurrences: eb('kb_gaps.occurrences', '+', 1), last_seen_at: now })))
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}
