import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '@bangban/shared';
import { formatWorkingHours } from '../organisation/WorkingHoursEditor.tsx';
import { useScheduleCheck } from './useCalendar.ts';

/** Pick a help group (and optionally a time): is it on duty, and when does it open next. */
export function ScheduleChecker({ groups }: { groups: OrgUnit[] }) {
  const { t, i18n } = useTranslation();
  const [groupId, setGroupId] = useState<string | undefined>(groups[0]?.id);
  const [at, setAt] = useState<Dayjs | null>(null);
  const [asked, setAsked] = useState<{ groupId?: string; at?: string }>({});
  const check = useScheduleCheck(asked.groupId, asked.at);
  const group = groups.find((g) => g.id === asked.groupId);
  const fmt = i18n.language === 'en' ? 'ddd D MMM YYYY HH:mm' : 'YYYY-MM-DD dddd HH:mm';

  const run = () => {
    const next = { groupId, at: at ? at.format() : undefined };
    if (next.groupId === asked.groupId && next.at === asked.at) void check.refetch();
    else setAsked(next);
  };

  return (
    <Card title={<h2 className="bb-card-title">{t('calendar.scheduleTitle')}</h2>}>
      <Typography.Paragraph type="secondary">{t('calendar.scheduleIntro')}</Typography.Paragraph>
      {groups.length === 0 ? (
        <Typography.Text type="secondary">{t('calendar.noGroups')}</Typography.Text>
      ) : (
        <>
          <div className="bb-filters">
            <div className="bb-field" style={{ flex: '1 1 200px' }}>
              <label htmlFor="schedule-group">{t('calendar.group')}</label>
              <Select
                id="schedule-group"
                value={groupId}
                onChange={setGroupId}
                placeholder={t('calendar.groupPlaceholder')}
                showSearch={{ optionFilterProp: 'label' }}
                options={groups.map((g) => ({ value: g.id, label: g.name }))}
              />
            </div>
            <div className="bb-field" style={{ flex: '1 1 200px' }}>
              <label htmlFor="schedule-at">{t('calendar.at')}</label>
              <DatePicker
                id="schedule-at"
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                value={at}
                onChange={setAt}
                placeholder={t('calendar.atNow')}
                style={{ width: '100%' }}
              />
            </div>
            <Button type="primary" onClick={run} disabled={!groupId} loading={check.isFetching}>
              {t('calendar.check')}
            </Button>
          </div>
          <div aria-live="polite">
            {check.isError && <Alert type="error" showIcon role="alert" title={check.error.message} />}
            {check.data && group && (
              <Descriptions
                column={1}
                size="small"
                bordered
                items={[
                  {
                    key: 'open',
                    label: group.name,
                    children: check.data.open ? <Tag color="success">{t('calendar.open')}</Tag> : <Tag color="default">{t('calendar.closed')}</Tag>,
                  },
                  { key: 'at', label: t('calendar.at'), children: dayjs(check.data.at).format(fmt) },
                  { key: 'wd', label: t('calendar.isWorkingDay'), children: check.data.workingDay ? t('common.yes') : t('common.no') },
                  { key: 'next', label: t('calendar.nextOpening'), children: dayjs(check.data.nextOpening).format(fmt) },
                  { key: 'hours', label: t('calendar.hours'), children: formatWorkingHours(group.workingHours) ?? t('org.noHours') },
                ]}
              />
            )}
          </div>
        </>
      )}
    </Card>
  );
}
