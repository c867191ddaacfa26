import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from './i18n/index.ts';

/** 中文 / English toggle. Labels stay in their own language so anyone can find theirs. */
export function LanguageSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { t, i18n } = useTranslation();
  const value: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Segmented<Language>
      aria-label={t('app.language')}
      size={size}
      value={value}
      onChange={(lng) => void i18n.changeLanguage(lng)}
      options={[
        { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
        { label: <span lang="en">English</span>, value: 'en' },
      ]}
    />
  );
}
