import { Suspense, useEffect, useRef, useState } from 'react';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChangePasswordModal } from '../modules/identity/ChangePasswordModal.tsx';
import { useCan, useCurrentUser, useLogout } from '../modules/identity/useMe.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { activeNavPath, NAV_ENTRIES } from './navigation.tsx';

export function Shell() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-app navigation, move focus to the content so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setDrawerOpen(false);
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [location.pathname]);

  const items: MenuProps['items'] = NAV_ENTRIES.filter((e) => !e.permission || can(e.permission)).map((e) => ({
    key: e.path,
    icon: e.icon,
    label: (
      <Link to={e.path} tabIndex={-1}>
        {t(`nav.${e.label}`)}
      </Link>
    ),
  }));

  const menu = (
    <nav aria-label={t('app.mainNav')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={[activeNavPath(location.pathname)]}
        onClick={({ key }) => {
          if (key !== location.pathname) navigate(key);
          setDrawerOpen(false);
        }}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );

  const roleLabel = t(`roles.${me.user.role}`);
  const doLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/console/login', { replace: true }) });

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="bb-user-card">
          <strong>{me.user.displayName}</strong>
          <div>{roleLabel}</div>
          <div>{me.user.orgUnit.name}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('app.changePassword') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('app.logout') },
  ];

  return (
    <Layout className="bb-shell">
      <a className="bb-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="bb-header">
        {mobile && (
          <Button
            type="text"
            className="bb-header-btn"
            icon={<MenuOutlined />}
            aria-label={t('app.openMenu')}
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link to="/console" className="bb-brand">
          <span className="bb-logo" aria-hidden="true">
            帮
          </span>
          <span className="bb-brand-name">{t('app.name')}</span>
        </Link>
        <div className="bb-header-spacer" />
        <Space size={mobile ? 4 : 12} wrap={false}>
          {!mobile && (
            <span className="bb-header-user" data-testid="current-user">
              <UserOutlined aria-hidden /> {me.user.displayName}
              <span className="bb-header-sep" aria-hidden="true">
                ·
              </span>
              {roleLabel}
              <span className="bb-header-sep" aria-hidden="true">
                ·
              </span>
              {me.user.orgUnit.name}
            </span>
          )}
          <LanguageSwitch size={mobile ? 'small' : 'middle'} />
          {mobile ? (
            <Dropdown
              trigger={['click']}
              menu={{
                items: userMenu,
                onClick: ({ key }) => (key === 'logout' ? doLogout() : key === 'password' ? setPasswordOpen(true) : undefined),
              }}
            >
              <Button type="text" className="bb-header-btn" icon={<UserOutlined />} aria-label={t('app.accountMenu')} />
            </Dropdown>
          ) : (
            <>
              <Button type="text" className="bb-header-btn" icon={<KeyOutlined />} onClick={() => setPasswordOpen(true)}>
                {t('app.changePassword')}
              </Button>
              <Button type="text" className="bb-header-btn" icon={<LogoutOutlined />} onClick={doLogout} loading={logout.isPending}>
                {t('app.logout')}
              </Button>
            </>
          )}
        </Space>
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider width={208} theme="light" className="bb-sider">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content id="main" tabIndex={-1} ref={mainRef} className={mobile ? 'bb-content bb-content-mobile' : 'bb-content'}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense
              fallback={
                <div className="bb-center" role="status">
                  <Spin />
                  <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
                </div>
              }
            >
              {me.mustChangePassword ? null : <Outlet />}
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
      {mobile && (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={260}
          title={t('app.menu')}
          closable={{ 'aria-label': t('common.close') }}
        >
          <div className="bb-drawer-user">
            <strong>{me.user.displayName}</strong>
            <div>
              {roleLabel} · {me.user.orgUnit.name}
            </div>
          </div>
          {menu}
        </Drawer>
      )}
      <ChangePasswordModal
        open={passwordOpen || me.mustChangePassword}
        forced={me.mustChangePassword}
        username={me.user.username}
        onClose={() => setPasswordOpen(false)}
      />
    </Layout>
  );
}
