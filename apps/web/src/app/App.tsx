import { useEffect } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { meKey, setAuthNotice } from '../modules/identity/useMe.ts';
import { onAuthLost } from './api.ts';
import { queryClient } from './queryClient.ts';
import { router } from './router.tsx';
import { theme } from './theme.ts';

export function App() {
  const { i18n } = useTranslation();

  // Any 401 from the API means the session is gone: drop the user, RequireAuth sends them to the login page.
  useEffect(
    () =>
      onAuthLost((error) => {
        if (queryClient.getQueryData(meKey)) {
          setAuthNotice(error.code === 'AUTH_SESSION_EXPIRED' ? error.message : null);
          queryClient.setQueryData(meKey, null);
        }
      }),
    [],
  );

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUSLocale : zhCNLocale} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
