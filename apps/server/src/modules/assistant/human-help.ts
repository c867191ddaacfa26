import { cstDate, CST_OFFSET_MS, CalendarYearNotCoveredError, DEFAULT_WORKING_HOURS, type GroupSchedule } from '@bangban/calendar';
import type { HumanHelpStatus } from '@bangban/shared';
import type { AppContext } from '../../context.ts';

type Ctx = Pick<AppContext, 'org' | 'calendar' | 'clock'>;

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/**
 * The agent group that takes a unit's help requests: its first agent group, if it has one. A unit without a
 * group of its own (or no known unit at all) is answered with the default hours, never with "closed".
 */
export function helpGroupOf(ctx: Pick<AppContext, 'org'>, leadUnitId: string | null): string | null {
  if (!leadUnitId) return null;
  return ctx.org.childrenOf(leadUnitId).find((c) => c.kind === 'agent_group')?.id ?? null;
}

/** "9:00" rather than "09:00": easier to read aloud for elderly users. */
const clock = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');

export function hoursText(ctx: Pick<AppContext, 'org'>, groupId: string | null): string {
  const hours = (groupId && ctx.org.get(groupId)?.workingHours) || DEFAULT_WORKING_HOURS;
  return `工作日 ${hours.periods.map((p) => `${clock(p.start)}–${clock(p.end)}`).join('、')}`;
}

/** An instant as a Chinese wall-clock reading, e.g. "2月24日（星期二）9:00", always in China time. */
export function chineseDateTime(instant: Date): string {
  const [, month, day] = cstDate(instant).split('-').map(Number);
  const shifted = new Date(instant.getTime() + CST_OFFSET_MS);
  const hh = shifted.getUTCHours();
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${month}月${day}日（${WEEKDAYS[shifted.getUTCDay()]}）${hh}:${mm}`;
}

/**
 * Whether human help for the unit is at work now, and when it next opens. If the holidays of the year are not
 * entered yet we cannot know, and say exactly that rather than guess from the weekday.
 */
export function humanHelpStatus(ctx: Ctx, leadUnitId: string | null, now = ctx.clock.now()): HumanHelpStatus {
  return groupHelpStatus(ctx, helpGroupOf(ctx, leadUnitId), now);
}

/** The same for an agent group itself (null: the default hours). */
export function groupHelpStatus(ctx: Ctx, groupId: string | null, now = ctx.clock.now()): HumanHelpStatus {
  const schedule: GroupSchedule = ctx.calendar.scheduleFor(groupId);
  const hours = hoursText(ctx, groupId);
  try {
    const availableNow = schedule.isOpen(now);
    const opens = schedule.nextOpening(now);
    // A next opening in a year whose notice is not out is computed from the law: say so, it may still move.
    const provisional = !availableNow && ctx.calendar.isProvisional(opens);
    return {
      availableNow,
      opensAt: opens.toISOString(),
      opensAtText: availableNow ? '现在就是上班时间' : `${chineseDateTime(opens)}${provisional ? provisionalNote(opens) : ''}`,
      hoursText: hours,
      ...(provisional && { provisional: true }),
    };
  } catch (err) {
    if (!(err instanceof CalendarYearNotCoveredError)) throw err;
    return {
      availableNow: false,
      opensAt: '',
      opensAtText: `${err.year} 年的节假日安排还没有录入，暂时无法确定下次上班时间`,
      hoursText: hours,
    };
  }
}

/** Said after a time computed from a provisional year. */
export function provisionalNote(at: Date): string {
  return `（${cstDate(at).slice(0, 4)} 年节假日安排尚未公布，按法定节假日暂定）`;
}

/** What the citizen reads after asking for a human: who takes it and, honestly, when. */
export function humanRequestMessage(status: HumanHelpStatus, unitName: string | null, hasContact: boolean): string {
  const who = unitName ? `负责的${unitName}` : '帮办工作人员';
  const contact = hasContact ? '工作人员会按您留下的联系方式联系您。' : '如需工作人员联系您，可以留下联系电话。';
  if (status.availableNow) return `您的求助已经记下，${who}现在是上班时间，会尽快处理。${contact}`;
  if (!status.opensAt) return `您的求助已经记下。${who}的上班时间是${status.hoursText}；${status.opensAtText}。${contact}`;
  return `您的求助已经记下。${who}现在不在上班时间（${status.hoursText}），下次上班时间：${status.opensAtText}，上班后会尽快处理。${contact}`;
}

const SHORT_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/**
 * The next opening as said to someone waiting, relative to now: "明天（周四）上午 9:00", "今天下午 1:30",
 * "2月24日（周二）上午 9:00". China time; 下午 in the 12-hour reading people use aloud.
 */
export function openingPhrase(now: Date, opens: Date): string {
  const days = Math.round((Date.parse(`${cstDate(opens)}T00:00:00Z`) - Date.parse(`${cstDate(now)}T00:00:00Z`)) / 86_400_000);
  const shifted = new Date(opens.getTime() + CST_OFFSET_MS);
  const hh = shifted.getUTCHours();
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  const [, month, day] = cstDate(opens).split('-').map(Number);
  const weekday = `（${SHORT_WEEKDAYS[shifted.getUTCDay()]}）`;
  const date = days === 0 ? '今天' : days === 1 ? `明天${weekday}` : days === 2 ? `后天${weekday}` : `${month}月${day}日${weekday}`;
  const time = hh < 12 ? `上午 ${hh}:${mm}` : `下午 ${hh === 12 ? 12 : hh - 12}:${mm}`;
  return `${date}${time}`;
}
