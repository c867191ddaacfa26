import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './knowledge.css';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Marks each matched word in the text (<mark>, which screen readers may announce as highlighted). */
export function Highlight({ text, terms }: { text: string; terms: string[] }) {
  const { t } = useTranslation();
  const words = [...new Set(terms.filter((w) => w.trim()))].sort((a, b) => b.length - a.length);
  if (!words.length) return <>{text}</>;
  const parts = text.split(new RegExp(`(${words.map(escape).join('|')})`, 'gi'));
  const out: ReactNode[] = parts.map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="bb-hit-mark" title={t('hitTest.matchedWord')}>
        {part}
      </mark>
    ) : (
      part
    ),
  );
  return <>{out}</>;
}
