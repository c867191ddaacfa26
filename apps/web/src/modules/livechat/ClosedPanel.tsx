import { useEffect, useId, useRef, useState } from 'react';
import { Alert, Button, Input, Spin } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CitizenConversation, CitizenRating, RatingBody } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../app/api.ts';
import { formatDateTime } from './format.ts';
import { liveApi } from './liveApi.ts';
import { RatingForm } from './RatingForm.tsx';

interface Props {
  conversation: CitizenConversation;
  onContest: (reason: string) => Promise<unknown>;
  onBack: () => void;
  /** The chat ended while the citizen was in it: take the focus to the end, so a screen reader says so. */
  focusOnShow: boolean;
}

const ratingKey = (id: string) => ['live-conversation', id, 'rating'] as const;

/** "Closed as resolved, but it is not": once, with a reason. */
function Contest({ onContest }: { onContest: (reason: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  if (!open) {
    return (
      <div className="bb-live-contest">
        <p>{t('live.contestAsk')}</p>
        <Button className="bb-chat-btn" onClick={() => setOpen(true)}>
          {t('live.contestOpen')}
        </Button>
      </div>
    );
  }
  const missing = !reason.trim();
  const submit = async () => {
    setTried(true);
    if (missing) return;
    setBusy(true);
    setError(null);
    try {
      await onContest(reason.trim());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bb-live-contest">
      <label htmlFor={id} className="bb-chat-field-label">
        {t('live.contestLabel')}
      </label>
      <Input.TextArea
        id={id}
        autoFocus
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 6 }}
        aria-invalid={tried && missing}
        aria-describedby={tried && missing ? `${id}-err` : undefined}
      />
      {tried && missing && (
        <p id={`${id}-err`} className="bb-chat-error-text" role="alert">
          {t('live.contestRequired')}
        </p>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <div className="bb-chat-actions">
        <Button className="bb-chat-btn" type="primary" loading={busy} onClick={() => void submit()}>
          {t('live.contestSubmit')}
        </Button>
        <Button className="bb-chat-btn" onClick={() => setOpen(false)}>
          {t('live.cancel')}
        </Button>
      </div>
    </div>
  );
}

function RatingSummary({ rating, onRevise }: { rating: CitizenRating; onRevise: (() => void) | null }) {
  const { t } = useTranslation();
  return (
    <section className="bb-live-rated" aria-labelledby="bb-live-rated-title">
      <h3 id="bb-live-rated-title" className="bb-live-h3">
        {t('live.ratedTitle')}
      </h3>
      <p className="bb-live-rated-level">{t('live.ratedLevel', { level: t(`live.level_${rating.overall}` as 'live.level_5') })}</p>
      {rating.message && <p>{rating.message}</p>}
      {onRevise && rating.revisableUntil && (
        <div className="bb-chat-actions">
          <span className="bb-live-muted">{t('live.revisableUntil', { time: formatDateTime(rating.revisableUntil) })}</span>
          <Button className="bb-chat-btn" onClick={onRevise}>
            {t('live.revise')}
          </Button>
        </div>
      )}
    </section>
  );
}

/** The end: the outcome, 有异议 when closed as resolved, the 好差评 form (or the rating given), back to 小申. */
export function ClosedPanel({ conversation: c, onContest, onBack, focusOnShow }: Props) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const focusRef = useRef(focusOnShow);
  useEffect(() => {
    if (focusRef.current) heading.current?.focus({ preventScroll: true });
  }, []);
  const queryClient = useQueryClient();
  const [revising, setRevising] = useState(false);
  const rating = useQuery({
    queryKey: ratingKey(c.id),
    queryFn: async () => {
      try {
        return await liveApi.rating(c.id);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'RATING_NOT_FOUND') return null;
        throw error;
      }
    },
    retry: 1,
  });
  const submit = useMutation({
    mutationFn: (body: RatingBody) => (revising ? liveApi.revise(c.id, body) : liveApi.rate(c.id, body)),
    onSuccess: (saved) => {
      queryClient.setQueryData(ratingKey(c.id), saved);
      setRevising(false);
    },
  });
  // Brought into view once its content (the form, or the rating given) is there, so the view does not jump after.
  const shown = useRef(false);
  useEffect(() => {
    if (rating.isPending || shown.current) return;
    const frame = requestAnimationFrame(() => {
      shown.current = true;
      heading.current?.scrollIntoView({ block: 'start', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    });
    return () => cancelAnimationFrame(frame);
  }, [rating.isPending]);
  const revisable = !!rating.data?.revisableUntil && new Date(rating.data.revisableUntil).getTime() > Date.now() && !rating.data.revisedAt;

  return (
    <section className="bb-live-closed" aria-labelledby={`bb-live-closed-${c.id}`}>
      <h2 id={`bb-live-closed-${c.id}`} ref={heading} tabIndex={-1} className="bb-live-closed-title">
        {t('live.endedTitle')}
      </h2>
      {c.outcome && <p>{t(`live.outcome_${c.outcome}`)}</p>}
      {c.outcome === 'resolved' && (c.contested ? <p role="status">{t('live.contestDone')}</p> : <Contest onContest={onContest} />)}

      {rating.isPending ? (
        <Spin />
      ) : rating.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('live.ratingLoadFailed', { message: errorMessage(rating.error) })}
          action={
            <Button className="bb-chat-btn" onClick={() => void rating.refetch()}>
              {t('live.retry')}
            </Button>
          }
        />
      ) : rating.data && !revising ? (
        <RatingSummary rating={rating.data} onRevise={revisable ? () => setRevising(true) : null} />
      ) : (
        <RatingForm initial={revising ? rating.data : null} onSubmit={(body) => submit.mutateAsync(body)} onCancel={revising ? () => setRevising(false) : undefined} />
      )}

      <div className="bb-chat-actions bb-live-back">
        <Button className="bb-chat-btn" type={rating.data ? 'primary' : 'default'} onClick={onBack}>
          {t('live.back')}
        </Button>
      </div>
    </section>
  );
}
