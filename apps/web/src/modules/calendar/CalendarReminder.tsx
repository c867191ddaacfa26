import { Alert, Button } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCalendarStatus } from './useCalendar.ts';

/** Reminds those who keep the calendar, from 1 November, that next year's notice is not entered yet. */
export function CalendarReminder() {
  const { t } = useTranslation();
  const status = useCalendarStatus();
  if (!status.data?.remind || !status.data.message) return null;
  const year = status.data.currentYear.confirmed ? status.data.nextYear.year : status.data.currentYear.year;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={status.data.message}
      action={
        <Link to={`/console/calendar?month=${year}-01&notice=${year}`}>
          <Button size="small">{t('calendar.enterNotice')}</Button>
        </Link>
      }
    />
  );
}
