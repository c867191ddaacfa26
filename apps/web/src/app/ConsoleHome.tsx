import { Card, Col, Empty, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { CalendarReminder } from '../modules/calendar/CalendarReminder.tsx';
import { useCan, useCurrentUser } from '../modules/identity/useMe.ts';
import { NAV_ENTRIES } from './navigation.tsx';
import { usePageTitle } from './usePageTitle.ts';

const SHORTCUTS = {
  desk: ['home.deskTitle', 'home.deskDesc'],
  wallboard: ['home.wallboardTitle', 'home.wallboardDesc'],
  canned: ['home.cannedTitle', 'home.cannedDesc'],
  org: ['home.orgTitle', 'home.orgDesc'],
  matters: ['home.mattersTitle', 'home.mattersDesc'],
  calendar: ['home.calendarTitle', 'home.calendarDesc'],
  users: ['home.usersTitle', 'home.usersDesc'],
  audit: ['home.auditTitle', 'home.auditDesc'],
  kb: ['home.kbTitle', 'home.kbDesc'],
  kbHitTest: ['home.kbHitTestTitle', 'home.kbHitTestDesc'],
  kbGaps: ['home.kbGapsTitle', 'home.kbGapsDesc'],
  assistantMetrics: ['home.assistantMetricsTitle', 'home.assistantMetricsDesc'],
} as const;

export function ConsoleHome() {
  const { t } = useTranslation();
  usePageTitle(t('nav.home'));
  const me = useCurrentUser();
  const can = useCan();
  const entries = NAV_ENTRIES.filter((e) => e.permission && can(e.permission));

  return (
    <div className="bb-page">
      <Typography.Title level={1} className="bb-page-title">
        {t('home.greeting', { name: me.user.displayName })}
      </Typography.Title>
      <Typography.Paragraph>
        {t(`roles.${me.user.role}`)} · {me.user.orgUnit.name}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      {can('calendar.write') && <CalendarReminder />}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('home.shortcuts')}
      </Typography.Title>
      {entries.length === 0 ? (
        <Empty description={t('home.noShortcuts')} />
      ) : (
        <Row gutter={[16, 16]}>
          {entries.map((e) => {
            const key = e.label as keyof typeof SHORTCUTS;
            const [title, desc] = SHORTCUTS[key];
            return (
              <Col key={e.path} xs={24} sm={12} lg={8}>
                <Link to={e.path} className="bb-shortcut">
                  <Card hoverable>
                    <div className="bb-shortcut-icon" aria-hidden="true">
                      {e.icon}
                    </div>
                    <div className="bb-shortcut-title">{t(title)}</div>
                    <Typography.Text type="secondary">{t(desc)}</Typography.Text>
                  </Card>
                </Link>
              </Col>
            );
          })}
        </Row>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 24 }}>
        {t('home.sessionUntil', { time: dayjs(me.sessionExpiresAt).format('YYYY-MM-DD HH:mm') })}
      </Typography.Paragraph>
    </div>
  );
}
