// A provisional arrangement for a year whose State Council notice is not out (or not entered) yet, computed
// from the law: 《全国年节及纪念日放假办法》 as revised on 2024-11-10, in force from 2025-01-01.
//   元旦 1 day (1 Jan) · 春节 4 days (除夕 and 正月初一–初三) · 清明 1 day (the 清明 solar term) ·
//   劳动节 2 days (1–2 May) · 端午 1 day (五月初五) · 中秋 1 day (八月十五) · 国庆 3 days (1–3 Oct).
//   Art. 6: a statutory day off that falls on a Saturday or Sunday is made up on a working day (补假).
// What the law cannot tell is the notice's own 调休 (weekend days made working to bridge long breaks): a
// provisional year has none, and everything computed from it says it is provisional.
import chineseDays from 'chinese-days';
import { addCalendarDays, formatDay, isWeekendDay, parseDate } from './cst-time.ts';

/** The first year the current law governs; earlier years follow older versions and are history anyway. */
export const STATUTORY_RULES_FROM = 2025;
/** chinese-days' lunar tables end with 2100; keep clear of the edge. */
export const PROVISIONAL_LAST_YEAR = 2099;

export interface StatutoryDay {
  date: string;
  name: string;
}

function lunarToSolar(year: number, month: number, day: number): string {
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return chineseDays.getSolarDateFromLunar(`${year}-${mm}-${dd}`).date;
}

/** The statutory days off of `year` with their festival names, and the make-up days for those on a weekend. */
export function statutoryDaysOff(year: number): StatutoryDay[] {
  const springFestival = lunarToSolar(year, 1, 1);
  const blocks: { name: string; dates: string[] }[] = [
    { name: '元旦', dates: [`${year}-01-01`] },
    // 除夕 is the day before 正月初一 (the twelfth month has 29 or 30 days, so count back from the new year).
    { name: '春节', dates: [-1, 0, 1, 2].map((n) => addCalendarDays(springFestival, n)) },
    { name: '清明节', dates: [chineseDays.getSolarTermDate(year, 4, 'pure_brightness')] },
    { name: '劳动节', dates: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', dates: [lunarToSolar(year, 5, 5)] },
    { name: '中秋节', dates: [lunarToSolar(year, 8, 15)] },
    { name: '国庆节', dates: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];
  const off = new Map<string, string>();
  for (const block of blocks) for (const date of block.dates) if (!off.has(date)) off.set(date, block.name);
  // 补假: each statutory day on a weekend gives the first free weekday after its block (blocks in date order,
  // so 中秋 next to 国庆 makes up after both).
  const sorted = blocks.slice().sort((a, b) => a.dates[0]!.localeCompare(b.dates[0]!));
  for (const block of sorted) {
    const onWeekend = block.dates.filter((d) => isWeekendDay(parseDate(d))).length;
    let cursor = parseDate(block.dates[block.dates.length - 1]!);
    for (let left = onWeekend; left > 0; ) {
      cursor++;
      const date = formatDay(cursor);
      if (isWeekendDay(cursor) || off.has(date)) continue;
      off.set(date, `${block.name}（补休）`);
      left--;
    }
  }
  return [...off.entries()].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}
