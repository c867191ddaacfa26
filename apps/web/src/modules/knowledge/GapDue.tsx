import { Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { KbGap } from '@bangban/shared';

/** Due date (5 working days), overdue marker, or the honest "no calendar for that year" note. */
export function GapDue({ gap }: { gap: KbGap }) {
  const { t } = useTranslation();
  if (gap.status === 'answered' && gap.answeredInTime !== null) {
    return <Tag color={gap.answeredInTime ? 'success' : 'error'}>{gap.answeredInTime ? t('gaps.inTime') : t('gaps.late')}</Tag>;
  }
  if (!gap.dueAt) {
    return (
      <Typography.Text type="warning" className="bb-text-warning">
        <WarningOutlined aria-hidden /> {t('gaps.dueUnknown')}
      </Typography.Text>
    );
  }
  return (
    <span>
      {dayjs(gap.dueAt).format('YYYY-MM-DD HH:mm')}
      {gap.dueProvisional && (
        <Tag style={{ marginInlineStart: 6 }} title={t('gaps.dueProvisional')}>
          {t('calendar.provisional')}
        </Tag>
      )}
      {gap.overdue && (
        <Tag color="error" style={{ marginInlineStart: 6 }}>
          {t('gaps.overdue')}
        </Tag>
      )}
    </span>
  );
}
