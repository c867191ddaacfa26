import type { ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@bangban/shared';
import { useCan, useMe } from '../modules/identity/useMe.ts';

/** Console pages need a signed-in staff member; anyone else goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <div className="bb-center bb-fullheight" role="status">
        <Spin size="large" />
        <span>{t('app.loading')}</span>
      </div>
    );
  }
  if (me.isError) {
    return (
      <Result
        status="warning"
        title={t('common.loadFailed')}
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) {
    return <Navigate to="/console/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

/** Shows a plain "not allowed" page when `me.permissions` lacks the permission. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  if (!can(permission)) {
    return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  }
  return <>{children}</>;
}
