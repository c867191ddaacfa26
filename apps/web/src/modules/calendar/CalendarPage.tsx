import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Row, Skeleton, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CalendarOverride } from '@bangban/shared';
import { ApiError } from '../../app/api.ts';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCan } from '../identity/useMe.ts';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';
import { CalendarReminder } from './CalendarReminder.tsx';
import { DayOverrideModal } from './DayOverrideModal.tsx';
import { NoticeDialog } from './NoticeDialog.tsx';
import { fallbackDays, MonthGrid, type GridDay } from './MonthGrid.tsx';
import { OverridesTable } from './OverridesTable.tsx';
import { ScheduleChecker } from './ScheduleChecker.tsx';
import { useCalendarDays, useCalendarOverrides, useCalendarYears } from './useCalendar.ts';
import { YearsPanel } from './YearsPanel.tsx';

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('calendar.title'));
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month');
  const month = useMemo(() => {
    const m = monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? dayjs(`${monthParam}-01`) : dayjs();
    return m.startOf('month');
  }, [monthParam]);
  const from = month.format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');

  const days = useCalendarDays(from, to);
  const years = useCalendarYears();
  const overrides = useCalendarOverrides();
  const org = useOrgUnits(can('org.read'));
  const [picked, setPicked] = useState<GridDay | null>(null);
  const noticeParam = Number(params.get('notice')) || null;
  const [noticeYear, setNoticeYear] = useState<number | null>(noticeParam);
  const provisional = days.data?.days.some((d) => d.provisional) ?? false;

  const notCovered = days.error instanceof ApiError && days.error.code === 'CALENDAR_YEAR_NOT_COVERED';
  const canUpdate = days.data?.can.update ?? years.data?.can.update ?? can('calendar.write');
  const overrideItems = overrides.data?.items ?? [];
  const gridDays: GridDay[] | null = days.data ? days.data.days : notCovered ? fallbackDays(month, overrideItems) : null;
  const groups = useMemo(() => (org.data?.items ?? []).filter((u) => u.kind === 'agent_group'), [org.data]);

  const goto = (m: dayjs.Dayjs) => {
    const next = new URLSearchParams(params);
    next.set('month', m.format('YYYY-MM'));
    setParams(next, { replace: true });
  };

  const pickOverride = (o: CalendarOverride) => {
    const d = dayjs(o.date);
    if (!d.isSame(month, 'month')) goto(d);
    const day = gridDays?.find((g) => g.date === o.date);
    setPicked(
      day ?? {
        date: o.date,
        working: o.working,
        kind: o.working ? 'workday' : 'holiday',
        name: o.name ?? undefined,
        source: 'override',
      },
    );
  };

  return (
    <div className="bb-page">
      <div className="bb-page-header">
        <Typography.Title level={1} className="bb-page-title">
          {t('calendar.title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      {canUpdate && <CalendarReminder />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card>
            <div className="bb-page-header" style={{ marginBottom: 12 }}>
              <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} aria-live="polite">
                {month.format(i18n.language === 'en' ? 'MMMM YYYY' : 'YYYY年M月')}
              </Typography.Title>
              <Space wrap>
                <Button icon={<LeftOutlined />} aria-label={t('calendar.prevMonth')} onClick={() => goto(month.subtract(1, 'month'))} />
                <DatePicker
                  picker="month"
                  value={month}
                  allowClear={false}
                  aria-label={t('calendar.month')}
                  onChange={(v) => v && goto(v)}
                  style={{ width: 130 }}
                />
                <Button icon={<RightOutlined />} aria-label={t('calendar.nextMonth')} onClick={() => goto(month.add(1, 'month'))} />
                <Button onClick={() => goto(dayjs())}>{t('calendar.today')}</Button>
              </Space>
            </div>
            {notCovered && (
              <Alert
                type="error"
                showIcon
                role="alert"
                style={{ marginBottom: 12 }}
                title={days.error?.message}
                description={canUpdate ? t('calendar.notCoveredHelp') : undefined}
                action={
                  canUpdate ? (
                    <Button
                      type="primary"
                      onClick={() => document.getElementById('declare-year')?.focus()}
                    >
                      {t('calendar.notCoveredAction', { year: month.year() })}
                    </Button>
                  ) : undefined
                }
              />
            )}
            {provisional && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('calendar.provisionalYear', { year: month.year() })}
                description={canUpdate ? t('calendar.provisionalHelp') : undefined}
                action={canUpdate ? <Button onClick={() => setNoticeYear(month.year())}>{t('calendar.enterNotice')}</Button> : undefined}
              />
            )}
            {days.isError && !notCovered && <Alert type="error" showIcon role="alert" title={days.error?.message} />}
            {days.isPending && <Skeleton active />}
            {gridDays && <MonthGrid month={month} days={gridDays} onPick={setPicked} />}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <YearsPanel suggestedYear={notCovered ? month.year() : undefined} />
            {can('org.read') && (org.data ? <ScheduleChecker groups={groups} /> : org.isPending ? <Skeleton active /> : null)}
          </Space>
        </Col>
        <Col xs={24}>
          <OverridesTable items={overrideItems} loading={overrides.isPending} onPick={pickOverride} />
        </Col>
      </Row>
      {noticeYear && canUpdate && <NoticeDialog year={noticeYear} onClose={() => setNoticeYear(null)} />}
      {picked && (
        <DayOverrideModal
          day={picked}
          override={overrideItems.find((o) => o.date === picked.date)}
          canUpdate={canUpdate}
          onClose={() => setPicked(null)}
        />
      )}
    </div>
  );
}
