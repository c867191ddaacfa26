import { Card, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { usePageTitle } from './usePageTitle.ts';

/** The citizen chat (小申) comes later; until then a polite notice. */
export function ChatPlaceholder() {
  const { t } = useTranslation();
  usePageTitle(t('chat.title'));
  return (
    <div className="bb-login">
      <div className="bb-login-top">
        <LanguageSwitch />
      </div>
      <main id="main" tabIndex={-1} className="bb-login-main">
        <Card className="bb-login-card" style={{ textAlign: 'center' }}>
          <div className="bb-logo bb-logo-large" aria-hidden="true">
            申
          </div>
          <Typography.Title level={1} style={{ fontSize: 24 }}>
            {t('chat.title')}
          </Typography.Title>
          <Typography.Paragraph style={{ fontSize: 16 }}>{t('chat.comingSoon')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('chat.body')}</Typography.Paragraph>
          <Link to="/console/login">{t('chat.staff')}</Link>
        </Card>
      </main>
    </div>
  );
}
