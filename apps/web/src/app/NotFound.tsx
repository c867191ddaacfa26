import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from './usePageTitle.ts';

/** `standalone` when rendered outside the console shell (which already has the <main> landmark). */
export function NotFound({ standalone = false }: { standalone?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('app.notFoundTitle'));
  const result = (
    <Result
      status="404"
      title={<h1 className="bb-result-title">{t('app.notFoundTitle')}</h1>}
      subTitle={t('app.notFoundText')}
      extra={
        <Button type="primary" onClick={() => navigate('/console')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
  return standalone ? (
    <main id="main" tabIndex={-1}>
      {result}
    </main>
  ) : (
    result
  );
}
