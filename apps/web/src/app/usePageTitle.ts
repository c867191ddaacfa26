import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title as "页面 - 帮办" so screen-reader users hear where they are. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} - ${t('app.name')}` : t('app.name');
  }, [title, t]);
}
