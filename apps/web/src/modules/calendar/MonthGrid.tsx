import { useMemo } from 'react';
import type { CalendarDay, CalendarOverride } from '@bangban/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export interface GridDay extends CalendarDay {
  /** True when the server could not say (year not covered) and the grid shows only weekday/weekend. */
  guessed?: boolean;
}

/** When the year is not covered, show plain weekdays/weekends plus the local changes already entered. */
export function fallbackDays(month: Dayjs, overrides: CalendarOverride[]): GridDay[] {
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const days: GridDay[] = [];
  for (let d = month.startOf('month'); d.isBefore(month.endOf('month')); d = d.add(1, 'day')) {
    const date = d.format('YYYY-MM-DD');
    const weekend = d.day() === 0 || d.day() === 6;
    const o = byDate.get(date);
    if (o) {
      days.push({
        date,
        working: o.working,
        kind: o.working ? (weekend ? 'makeup_workday' : 'workday') : weekend && !o.name ? 'weekend' : 'holiday',
        name: o.name ?? undefined,
        source: 'override',
      });
    } else {
      days.push({ date, working: !weekend, kind: weekend ? 'weekend' : 'workday', source: 'rule', guessed: true });
    }
  }
  return days;
}

const KIND_CLASS = { workday: '', weekend: 'bb-cal-weekend', holiday: 'bb-cal-holiday', makeup_workday: 'bb-cal-makeup' } as const;

interface Props {
  month: Dayjs;
  days: GridDay[];
  onPick: (day: GridDay) => void;
}

/** A Monday-first month grid; every day is a button that opens its details. */
export function MonthGrid({ month, days, onPick }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const weekdays = t('calendar.weekdays').split(',');
  const today = dayjs().format('YYYY-MM-DD');
  const lead = (month.startOf('month').day() + 6) % 7; // Monday = 0

  const cells = useMemo(() => {
    const list: (GridDay | null)[] = Array.from({ length: lead }, () => null);
    return list.concat(days);
  }, [days, lead]);

  const label = (d: GridDay) => {
    if (d.kind === 'holiday') return d.name || t('calendar.holiday');
    if (d.kind === 'makeup_workday') return t('calendar.makeup_workday');
    if (d.kind === 'weekend') return d.name || t('calendar.rest');
    return d.name ?? '';
  };

  return (
    <div>
      <div className="bb-cal-grid" aria-hidden="true">
        {weekdays.map((w) => (
          <div key={w} className="bb-cal-head">
            {w}
          </div>
        ))}
      </div>
      <div className="bb-cal-grid" role="group" aria-label={month.format(zh ? 'YYYY年M月' : 'MMMM YYYY')}>
        {cells.map((d, i) =>
          d ? (
              <button
                key={d.date}
                type="button"
                className={[
                  'bb-cal-cell',
                  KIND_CLASS[d.kind],
                  d.date === today ? 'bb-cal-today' : '',
                  d.source === 'override' ? 'bb-cal-override' : '',
                ].join(' ')}
                aria-current={d.date === today ? 'date' : undefined}
                onClick={() => onPick(d)}
              >
                {/* Named by its content, not aria-label: the full day for screen readers, the short marks for the eye
                    (an aria-label without the visible "5 休" fails WCAG 2.5.3 label in name). */}
                <span className="bb-sr-only">{[
                  dayjs(d.date).format(zh ? 'M月D日 dddd' : 'dddd, MMM D'),
                  t(`calendar.${d.kind}`),
                  d.name ?? '',
                  d.working ? t('calendar.working') : t('calendar.rest'),
                  d.source === 'override' ? t('calendar.overridden') : '',
                  d.provisional ? t('calendar.provisional') : '',
                ]
                  .filter(Boolean)
                  .join('，')}</span>
                <span className="bb-cal-day" aria-hidden="true">{Number(d.date.slice(8))}</span>
                <span className="bb-cal-label" aria-hidden="true">{label(d)}</span>
                {d.kind === 'makeup_workday' && d.name && <span className="bb-cal-label" aria-hidden="true">{d.name}</span>}
              </button>
          ) : (
            <div key={`empty-${i}`} className="bb-cal-cell bb-cal-cell-empty" aria-hidden="true" />
          ),
        )}
      </div>
      <div className="bb-cal-legend" aria-label={t('calendar.legend')}>
        <span>
          <span className="bb-cal-swatch" style={{ background: '#fff' }} />
          {t('calendar.workday')}
        </span>
        <span>
          <span className="bb-cal-swatch bb-cal-weekend" />
          {t('calendar.weekend')}
        </span>
        <span>
          <span className="bb-cal-swatch bb-cal-holiday" />
          {t('calendar.holiday')}
        </span>
        <span>
          <span className="bb-cal-swatch bb-cal-makeup" />
          {t('calendar.makeup_workday')}
        </span>
        <span>
          <span className="bb-cal-swatch" style={{ boxShadow: 'inset 0 0 0 2px #0958d9' }} />
          {t('calendar.overridden')}
        </span>
      </div>
    </div>
  );
}
