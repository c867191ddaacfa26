import { useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Skeleton, Tag, Typography } from 'antd';
import type { CalendarYears } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import { useCalendarYears, useDeclareYear } from './useCalendar.ts';

interface YearRun {
  from: number;
  to: number;
  source: CalendarYears['years'][number]['source'];
  note: string | null;
}

/** Consecutive years with the same source and note collapse into one line (2004–2026 内置数据). */
function yearRuns(years: CalendarYears['years']): YearRun[] {
  const runs: YearRun[] = [];
  for (const y of [...years].sort((a, b) => a.year - b.year)) {
    const last = runs[runs.length - 1];
    if (last && last.to === y.year - 1 && last.source === y.source && last.note === y.note) last.to = y.year;
    else runs.push({ from: y.year, to: y.year, source: y.source, note: y.note });
  }
  return runs;
}

/** Covered years, and a form to declare another year complete. */
export function YearsPanel({ suggestedYear }: { suggestedYear?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const years = useCalendarYears();
  const declare = useDeclareYear();
  const [year, setYear] = useState<number | null>(suggestedYear ?? null);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const shownYear = touched ? year : (suggestedYear ?? year);
  const covered = years.data?.years.some((y) => y.year === shownYear) ?? false;

  const submit = () => {
    if (!shownYear) return;
    declare.mutate(
      { year: shownYear, note: note.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t('calendar.declared', { year: shownYear }));
          setNote('');
        },
      },
    );
  };

  return (
    <Card title={<h2 className="bb-card-title">{t('calendar.yearsTitle')}</h2>}>
      <Typography.Paragraph type="secondary">{t('calendar.yearsIntro')}</Typography.Paragraph>
      {years.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {years.isError && <Alert type="error" showIcon title={years.error.message} />}
      {years.data && (
        <>
          <ul className="bb-years">
            {yearRuns(years.data.years).map((run) => (
              <li key={run.from}>
                <strong>{run.from === run.to ? run.from : `${run.from}–${run.to}`}</strong>{' '}
                <Tag color={run.source === 'admin' ? 'blue' : undefined}>{t(`calendar.yearSource_${run.source}`)}</Tag>
                {run.note && <Typography.Text type="secondary">{run.note}</Typography.Text>}
              </li>
            ))}
          </ul>
          {years.data.can.update && (
            <fieldset className="bb-fieldset" style={{ marginTop: 12 }}>
              <legend>{t('calendar.declareYear')}</legend>
              {declare.error && <Alert type="error" showIcon role="alert" title={declare.error.message} style={{ marginBottom: 8 }} />}
              <div className="bb-filters" style={{ marginBottom: 0 }}>
                <div className="bb-field" style={{ minWidth: 110 }}>
                  <label htmlFor="declare-year">{t('calendar.year')}</label>
                  <InputNumber
                    id="declare-year"
                    min={2000}
                    max={2100}
                    precision={0}
                    value={shownYear}
                    onChange={(v) => {
                      setTouched(true);
                      setYear(typeof v === 'number' ? v : null);
                    }}
                  />
                </div>
                <div className="bb-field" style={{ flex: '1 1 160px' }}>
                  <label htmlFor="declare-note">{t('calendar.note')}</label>
                  <Input id="declare-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
                </div>
                <Button type="primary" onClick={submit} disabled={!shownYear || covered} loading={declare.isPending}>
                  {t('calendar.declare')}
                </Button>
              </div>
              {covered && (
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                  {t('calendar.yearAlreadyCovered')}
                </Typography.Text>
              )}
            </fieldset>
          )}
        </>
      )}
    </Card>
  );
}
