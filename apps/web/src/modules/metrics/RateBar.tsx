import { useTranslation } from 'react-i18next';
import './metrics.css';

/** A horizontal bar with the target drawn on it; the numbers are in the label for screen readers. */
export function RateBar({ rate, target }: { rate: number | null; target: number }) {
  const { t } = useTranslation();
  const value = rate ?? 0;
  return (
    <div
      className="bb-rate-bar"
      role="img"
      aria-label={rate === null ? t('metrics.noData') : t('metrics.rateAgainstTarget', { rate: value, target })}
    >
      <div className={`bb-rate-fill ${value >= target ? 'bb-rate-fill-ok' : ''}`} style={{ width: `${Math.min(100, value)}%` }} />
      <div className="bb-rate-target" style={{ left: `${target}%` }} aria-hidden="true">
        <span>{t('metrics.target', { target })}</span>
      </div>
    </div>
  );
}
