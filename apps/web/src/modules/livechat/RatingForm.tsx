import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Input } from 'antd';
import { BAD_RATING_MAX, BAD_RATING_REASONS, type BadRatingReason, type CitizenRating, type RatingBody } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';

const LEVELS = [5, 4, 3, 2, 1] as const;
const DIMENSIONS = ['efficiency', 'guideAccuracy', 'convenience', 'easeOfUse'] as const;
type Dimension = (typeof DIMENSIONS)[number];

interface Props {
  initial?: CitizenRating | null;
  onSubmit: (body: RatingBody) => Promise<unknown>;
  onCancel?: () => void;
}

/** Large radio choices in a fieldset: one tap each, read out with their legend. */
function Choice({ name, value, checked, onChange, children }: { name: string; value: string; checked: boolean; onChange: () => void; children: ReactNode }) {
  return (
    <label className={`bb-live-choice${checked ? ' bb-live-choice-on' : ''}`}>
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} />
      <span>{children}</span>
    </label>
  );
}

/**
 * 好差评: overall satisfaction (five levels, required), four optional dimensions, and for 不满意 / 非常不满意 a
 * reason from the closed list ("其他" needs words), plus an optional comment.
 */
export function RatingForm({ initial, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const uid = useId();
  const [overall, setOverall] = useState<number | null>(initial?.overall ?? null);
  const [dims, setDims] = useState<Record<Dimension, number | null>>({
    efficiency: initial?.dimensions.efficiency ?? null,
    guideAccuracy: initial?.dimensions.guideAccuracy ?? null,
    convenience: initial?.dimensions.convenience ?? null,
    easeOfUse: initial?.dimensions.easeOfUse ?? null,
  });
  const [reason, setReason] = useState<BadRatingReason | null>(initial?.reason ?? null);
  const [reasonText, setReasonText] = useState(initial?.reasonText ?? '');
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const bad = overall !== null && overall <= BAD_RATING_MAX;
  const problems = {
    overall: overall === null ? t('live.overallRequired') : null,
    reason: bad && !reason ? t('live.reasonRequired') : null,
    reasonText: bad && reason === 'other' && !reasonText.trim() ? t('live.reasonTextRequired') : null,
  };
  const show = (key: keyof typeof problems) => (tried ? problems[key] : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (overall === null || problems.reason || problems.reasonText) {
      // Take the keyboard (and the screen reader) to the first thing to fix.
      const first = overall === null ? `${uid}-overall` : problems.reason ? `${uid}-reason` : `${uid}-reasonText`;
      requestAnimationFrame(() => document.getElementById(first)?.querySelector<HTMLElement>('input, textarea')?.focus() ?? document.getElementById(first)?.focus());
      return;
    }
    const body: RatingBody = { overall };
    for (const d of DIMENSIONS) {
      const v = dims[d];
      if (v !== null) body[d] = v;
    }
    if (bad && reason) {
      body.reason = reason;
      if (reasonText.trim()) body.reasonText = reasonText.trim();
    }
    if (comment.trim()) body.comment = comment.trim();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bb-live-rating" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`} className="bb-live-h3">
        {t('live.rateTitle')}
      </h3>
      <p className="bb-live-muted">{t('live.rateIntro')}</p>

      <fieldset id={`${uid}-overall`} className="bb-live-fieldset" aria-invalid={!!show('overall')} aria-describedby={show('overall') ? `${uid}-overall-err` : undefined}>
        <legend>{t('live.overall')}</legend>
        <div className="bb-live-levels">
          {LEVELS.map((level) => (
            <Choice key={level} name={`${uid}-overall-r`} value={String(level)} checked={overall === level} onChange={() => setOverall(level)}>
              {t(`live.level_${level}`)}
            </Choice>
          ))}
        </div>
        {show('overall') && (
          <p id={`${uid}-overall-err`} className="bb-chat-error-text" role="alert">
            {show('overall')}
          </p>
        )}
      </fieldset>

      {bad && (
        <fieldset id={`${uid}-reason`} className="bb-live-fieldset" aria-invalid={!!show('reason')} aria-describedby={show('reason') ? `${uid}-reason-err` : undefined}>
          <legend>{t('live.reasonLegend')}</legend>
          <div className="bb-live-reasons">
            {BAD_RATING_REASONS.map((r) => (
              <Choice key={r} name={`${uid}-reason-r`} value={r} checked={reason === r} onChange={() => setReason(r)}>
                {t(`live.reason_${r}`)}
              </Choice>
            ))}
          </div>
          {show('reason') && (
            <p id={`${uid}-reason-err`} className="bb-chat-error-text" role="alert">
              {show('reason')}
            </p>
          )}
          {reason === 'other' && (
            <div id={`${uid}-reasonText`} className="bb-live-field">
              <label htmlFor={`${uid}-reasonText-input`} className="bb-chat-field-label">
                {t('live.reasonTextLabel')}
              </label>
              <Input.TextArea
                id={`${uid}-reasonText-input`}
                value={reasonText}
                onChange={(e) => setReasonText(e.target.value)}
                maxLength={200}
                autoSize={{ minRows: 2, maxRows: 5 }}
                aria-invalid={!!show('reasonText')}
                aria-describedby={show('reasonText') ? `${uid}-reasonText-err` : undefined}
              />
              {show('reasonText') && (
                <p id={`${uid}-reasonText-err`} className="bb-chat-error-text" role="alert">
                  {show('reasonText')}
                </p>
              )}
            </div>
          )}
        </fieldset>
      )}

      <details className="bb-live-more" open={DIMENSIONS.some((d) => dims[d] !== null) || undefined}>
        <summary>{t('live.moreDims')}</summary>
        {DIMENSIONS.map((d) => (
          <fieldset key={d} className="bb-live-fieldset bb-live-dim">
            <legend>{t(`live.dim_${d}`)}</legend>
            <div className="bb-live-levels bb-live-levels-small">
              {LEVELS.map((level) => (
                <Choice key={level} name={`${uid}-${d}`} value={String(level)} checked={dims[d] === level} onChange={() => setDims((v) => ({ ...v, [d]: level }))}>
                  {t(`live.level_${level}`)}
                </Choice>
              ))}
              <Choice name={`${uid}-${d}`} value="" checked={dims[d] === null} onChange={() => setDims((v) => ({ ...v, [d]: null }))}>
                {t('live.dimNone')}
              </Choice>
            </div>
          </fieldset>
        ))}
      </details>

      <div className="bb-live-field">
        <label htmlFor={`${uid}-comment`} className="bb-chat-field-label">
          {t('live.commentLabel')}
        </label>
        <Input.TextArea id={`${uid}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} autoSize={{ minRows: 2, maxRows: 6 }} />
      </div>

      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <div className="bb-chat-actions">
        <Button className="bb-chat-btn" type="primary" htmlType="submit" loading={busy}>
          {t('live.submitRating')}
        </Button>
        {onCancel && (
          <Button className="bb-chat-btn" onClick={onCancel}>
            {t('live.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
