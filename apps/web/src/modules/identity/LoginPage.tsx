import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { LoginBody } from '@bangban/shared';
import { ApiError } from '../../app/api.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { takeAuthNotice, useLogin, useMe } from './useMe.ts';

interface LocationState {
  from?: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const login = useLogin();
  const [notice] = useState(() => takeAuthNotice());
  const from = (location.state as LocationState | null)?.from;
  const target = from && from.startsWith('/console') && !from.startsWith('/console/login') ? from : '/console';

  if (me.data) return <Navigate to={target} replace />;

  const onFinish = (values: LoginBody) => {
    login.mutate(values, { onSuccess: () => navigate(target, { replace: true }) });
  };

  const error = login.error;
  const locked = error instanceof ApiError && error.code === 'AUTH_LOCKED';

  return (
    <div className="bb-login">
      <a className="bb-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="bb-login-top">
        <LanguageSwitch />
      </div>
      <main id="main" tabIndex={-1} className="bb-login-main">
        <div className="bb-login-brand">
          <span className="bb-logo" aria-hidden="true">
            帮
          </span>
          <div>
            <Typography.Title level={1} className="bb-login-title">
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        <Card className="bb-login-card">
          <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          {notice && !error && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={locked ? t('login.locked') : t('login.failed')}
              description={error.message}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<LoginBody> name="login" layout="vertical" requiredMark={false} onFinish={onFinish} disabled={login.isPending}>
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            {t('login.hint')}
          </Typography.Paragraph>
        </Card>
        <Link to="/chat" className="bb-login-citizen">
          {t('login.citizenLink')}
        </Link>
      </main>
    </div>
  );
}
