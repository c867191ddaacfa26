// Adapter over the chinese-days data file. We read the JSON rather than call its isWorkday():
// that function answers for any date and silently treats an unpublished year (e.g. 2027-01-01)
// as an ordinary Mon–Fri calendar, which is exactly the guess we must never make.
import rawData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export interface BuiltinEntry {
  working: boolean;
  /** Chinese festival name, e.g. '春节', '国庆节'. */
  name: string;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const data = rawData as unknown as ChineseDaysJson;

// Values look like "National Day,国庆节,3": English name, Chinese name, day count.
function chineseName(value: string): string {
  const parts = value.split(',');
  return (parts[1] ?? parts[0] ?? '').trim();
}

function buildEntries(): Map<string, BuiltinEntry> {
  const entries = new Map<string, BuiltinEntry>();
  for (const [date, value] of Object.entries(data.holidays)) {
    entries.set(date, { working: false, name: chineseName(value) });
  }
  // A date listed as a make-up working day wins, mirroring chinese-days' own precedence.
  for (const [date, value] of Object.entries(data.workdays)) {
    entries.set(date, { working: true, name: chineseName(value) });
  }
  return entries;
}

/**
 * A year counts as covered only when its whole arrangement is present. Every State Council
 * notice includes both Spring Festival and National Day, while a lone New Year entry can
 * spill into the neighbouring year (e.g. 2018-12-30 belongs to the 2019 notice) and must
 * not make that year look published.
 */
function buildCoveredYears(): number[] {
  const seen = new Map<number, Set<string>>();
  for (const [date, value] of Object.entries(data.holidays)) {
    const year = Number(date.slice(0, 4));
    let names = seen.get(year);
    if (!names) seen.set(year, (names = new Set()));
    names.add(chineseName(value));
  }
  return [...seen.entries()]
    .filter(([, names]) => names.has('春节') && names.has('国庆节'))
    .map(([year]) => year)
    .sort((a, b) => a - b);
}

export const BUILTIN_ENTRIES: ReadonlyMap<string, BuiltinEntry> = buildEntries();

/** Years chinese-days fully carries (2004–2026 for chinese-days@1.5.7). */
export const BUILTIN_COVERED_YEARS: readonly number[] = Object.freeze(buildCoveredYears());
