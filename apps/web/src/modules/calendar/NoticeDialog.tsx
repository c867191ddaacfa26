import { useMemo, useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CalendarNoticeBody, CalendarNoticePreview } from '@bangban/shared';
import { useCalendarDays, useEnterNotice, usePreviewNotice } from './useCalendar.ts';

interface HolidayRow {
  key: number;
  name: string;
  from: string;
  to: string;
}
interface WorkdayRow {
  key: number;
  name: string;
  date: string;
}

let rowKey = 0;
const nextKey = () => ++rowKey;

/** The law's days off of the year as the calendar computed them, one row per festival (补休 days left to the notice). */
function statutoryRows(days: { date: string; name?: string; source: string }[]): HolidayRow[] {
  const rows: HolidayRow[] = [];
  for (const d of days) {
    if (d.source !== 'statutory' || !d.name || d.name.includes('补休')) continue;
    const last = rows[rows.length - 1];
    if (last && last.name === d.name && dayjs(last.to).add(1, 'day').format('YYYY-MM-DD') === d.date) last.to = d.date;
    else rows.push({ key: nextKey(), name: d.name, from: d.date, to: d.date });
  }
  return rows;
}

/** One form for the State Council's notice of a year: holiday ranges and 调休 working days, previewed before entry. */
export function NoticeDialog({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const yearDays = useCalendarDays(`${year}-01-01`, `${year}-12-31`);
  const suggested = useMemo(() => statutoryRows(yearDays.data?.days ?? []), [yearDays.data]);
  const [holidays, setHolidays] = useState<HolidayRow[] | null>(null);
  const [workdays, setWorkdays] = useState<WorkdayRow[]>([]);
  const preview = usePreviewNotice();
  const enter = useEnterNotice();
  const rows = holidays ?? suggested;
  const error = preview.error ?? enter.error;

  const body = (): CalendarNoticeBody => ({
    year,
    holidays: rows.filter((h) => h.name.trim() && h.from && h.to).map(({ name, from, to }) => ({ name: name.trim(), from, to })),
    workdays: workdays.filter((w) => w.name.trim() && w.date).map(({ name, date }) => ({ name: name.trim(), date })),
  });
  const editHoliday = (key: number, patch: Partial<HolidayRow>) => {
    setHolidays(rows.map((h) => (h.key === key ? { ...h, ...patch } : h)));
    preview.reset();
  };
  const editWorkday = (key: number, patch: Partial<WorkdayRow>) => {
    setWorkdays(workdays.map((w) => (w.key === key ? { ...w, ...patch } : w)));
    preview.reset();
  };
  const confirm = () =>
    enter.mutate(body(), {
      onSuccess: () => {
        void message.success(t('calendar.noticeEntered', { year }));
        onClose();
      },
    });

  return (
    <Modal
      open
      width={760}
      title={t('calendar.noticeTitle', { year })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => preview.mutate(body())} loading={preview.isPending}>
            {t('calendar.noticePreview')}
          </Button>
          <Button type="primary" disabled={!preview.data} onClick={confirm} loading={enter.isPending}>
            {t('calendar.noticeConfirm')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendar.noticeIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 12 }} />}
      <fieldset className="bb-fieldset">
        <legend>{t('calendar.noticeHolidays')}</legend>
        {rows.map((h, i) => (
          <div key={h.key} className="bb-filters" style={{ marginBottom: 8 }}>
            <div className="bb-field" style={{ minWidth: 120 }}>
              <label htmlFor={`nh-name-${h.key}`}>{t('calendar.noticeName')}</label>
              <Input id={`nh-name-${h.key}`} value={h.name} maxLength={20} onChange={(e) => editHoliday(h.key, { name: e.target.value })} />
            </div>
            <div className="bb-field">
              <label htmlFor={`nh-from-${h.key}`}>{t('calendar.noticeFrom')}</label>
              <Input id={`nh-from-${h.key}`} type="date" value={h.from} onChange={(e) => editHoliday(h.key, { from: e.target.value })} />
            </div>
            <div className="bb-field">
              <label htmlFor={`nh-to-${h.key}`}>{t('calendar.noticeTo')}</label>
              <Input id={`nh-to-${h.key}`} type="date" value={h.to} onChange={(e) => editHoliday(h.key, { to: e.target.value })} />
            </div>
            <Button aria-label={`${t('calendar.noticeRemove')} ${h.name || i + 1}`} onClick={() => setHolidays(rows.filter((r) => r.key !== h.key))}>
              {t('calendar.noticeRemove')}
            </Button>
          </div>
        ))}
        <Button onClick={() => setHolidays([...rows, { key: nextKey(), name: '', from: '', to: '' }])}>{t('calendar.noticeAddHoliday')}</Button>
      </fieldset>
      <fieldset className="bb-fieldset" style={{ marginTop: 12 }}>
        <legend>{t('calendar.noticeWorkdays')}</legend>
        {workdays.map((w, i) => (
          <div key={w.key} className="bb-filters" style={{ marginBottom: 8 }}>
            <div className="bb-field" style={{ minWidth: 120 }}>
              <label htmlFor={`nw-name-${w.key}`}>{t('calendar.noticeName')}</label>
              <Input id={`nw-name-${w.key}`} value={w.name} maxLength={20} onChange={(e) => editWorkday(w.key, { name: e.target.value })} />
            </div>
            <div className="bb-field">
              <label htmlFor={`nw-date-${w.key}`}>{t('calendar.noticeDate')}</label>
              <Input id={`nw-date-${w.key}`} type="date" value={w.date} onChange={(e) => editWorkday(w.key, { date: e.target.value })} />
            </div>
            <Button aria-label={`${t('calendar.noticeRemove')} ${w.name || i + 1}`} onClick={() => setWorkdays(workdays.filter((r) => r.key !== w.key))}>
              {t('calendar.noticeRemove')}
            </Button>
          </div>
        ))}
        <Button onClick={() => setWorkdays([...workdays, { key: nextKey(), name: '', date: '' }])}>{t('calendar.noticeAddWorkday')}</Button>
      </fieldset>
      {preview.data && <NoticePreview data={preview.data} />}
    </Modal>
  );
}

function NoticePreview({ data }: { data: CalendarNoticePreview }) {
  const { t } = useTranslation();
  const state = (s: CalendarNoticePreview['days'][number]['before']) => `${t(`calendar.${s.kind}`)}${s.name ? `（${s.name}）` : ''}`;
  const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
  return (
    <section aria-live="polite" style={{ marginTop: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('calendar.noticeChangedDays', { count: data.days.length })}
      </Typography.Title>
      {data.days.length === 0 ? (
        <Typography.Paragraph>{t('calendar.noticeNoChangedDays')}</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          rowKey="date"
          pagination={false}
          scroll={{ y: 240, x: 'max-content' }}
          dataSource={data.days}
          columns={[
            { title: t('calendar.date'), dataIndex: 'date' },
            { title: t('calendar.noticeBefore'), render: (_, d) => state(d.before) },
            { title: t('calendar.noticeAfter'), render: (_, d) => state(d.after) },
          ]}
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 12 }}>
        {t('calendar.noticeMovedDeadlines', { count: data.deadlines.length })}
      </Typography.Title>
      {data.deadlines.length === 0 ? (
        <Typography.Paragraph>{t('calendar.noticeNoMovedDeadlines')}</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ y: 240, x: 'max-content' }}
          dataSource={data.deadlines}
          columns={[
            { title: t('calendar.noticeName'), render: (_, d) => `${t(`calendar.noticeDeadlineKind_${d.kind}`)}：${d.label}` },
            { title: t('calendar.noticeDueAt'), render: (_, d) => when(d.dueAt) },
            { title: t('calendar.noticeWouldBe'), render: (_, d) => when(d.wouldBe) },
          ]}
        />
      )}
    </section>
  );
}
