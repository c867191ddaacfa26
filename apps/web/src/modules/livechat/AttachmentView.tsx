import { useEffect, useState } from 'react';
import { Button } from 'antd';
import type { Attachment } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';
import { citizenBlob } from '../assistant/assistantApi.ts';
import { formatSize } from './format.ts';

/**
 * An object URL for a blob the citizen may read (the url needs the Bearer token, so no plain <img src>), or
 * for a local file not uploaded yet. Revoked when the component goes away.
 */
function useObjectUrl(source: { url: string } | { blob: Blob } | null) {
  const url = source && 'url' in source ? source.url : null;
  const blob = source && 'blob' in source ? source.blob : null;
  const [state, setState] = useState<{ src: string | null; error: string | null }>({ src: null, error: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (blob) {
      const src = URL.createObjectURL(blob);
      setState({ src, error: null });
      return () => URL.revokeObjectURL(src);
    }
    if (!url) return;
    const controller = new AbortController();
    let src: string | null = null;
    setState({ src: null, error: null });
    citizenBlob(url, controller.signal).then(
      (b) => {
        if (controller.signal.aborted) return;
        src = URL.createObjectURL(b);
        setState({ src, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ src: null, error: errorMessage(error) });
      },
    );
    return () => {
      controller.abort();
      if (src) URL.revokeObjectURL(src);
    };
  }, [url, blob, attempt]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

function Failed({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="bb-live-att-failed" role="alert">
      <span>{t('live.attachmentFailed', { message })}</span>
      <Button className="bb-chat-btn" size="small" onClick={onRetry}>
        {t('live.retry')}
      </Button>
    </div>
  );
}

/** A picture, a voice recording with a player, or a file to download. */
export function AttachmentView({ attachment, local }: { attachment: Attachment | null; local?: { blob: Blob; name: string; kind: Attachment['kind'] } | null }) {
  const kind = attachment?.kind ?? local?.kind ?? 'file';
  const name = attachment?.name ?? local?.name ?? '';
  // Files are fetched only when asked for: no need to pull a large PDF just to show its name.
  const eager = kind !== 'file';
  const source = local ? { blob: local.blob } : attachment && eager ? { url: attachment.url } : null;
  const { src, error, retry } = useObjectUrl(source);
  const { t } = useTranslation();

  if (kind === 'file') return <FileLink attachment={attachment} local={local ?? null} />;
  if (error) return <Failed message={error} onRetry={retry} />;
  if (!src) return <span className="bb-live-att-loading">{t('live.attachmentLoading')}</span>;
  if (kind === 'image') {
    return (
      <a className="bb-live-att-image" href={src} target="_blank" rel="noopener noreferrer" title={t('live.openImage')}>
        <img src={src} alt={t('live.imageAlt', { name })} />
        <span className="bb-chat-sr-only">{t('live.openImage')}</span>
      </a>
    );
  }
  return <audio className="bb-live-att-audio" controls preload="metadata" src={src} aria-label={t('live.voiceMessage', { name })} />;
}

function FileLink({ attachment, local }: { attachment: Attachment | null; local: { blob: Blob; name: string } | null }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = attachment?.name ?? local?.name ?? '';
  const size = attachment?.size ?? local?.blob.size ?? 0;
  const label = t('live.download', { name, size: formatSize(size) });

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = local?.blob ?? (attachment ? await citizenBlob(attachment.url) : null);
      if (!blob) return;
      const src = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = src;
      a.download = name;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Long enough for the download to start; the URL is not needed afterwards.
      setTimeout(() => URL.revokeObjectURL(src), 60_000);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bb-live-att-file">
      <Button className="bb-chat-btn bb-live-att-download" loading={busy} onClick={() => void download()}>
        {label}
      </Button>
      {error && <Failed message={error} onRetry={() => void download()} />}
    </div>
  );
}
