import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@bangban/shared';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Staff load `url` directly (the session cookie goes along). */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const name = attachment.name || t(`desk.kind_${attachment.kind}`);
  if (attachment.kind === 'image') {
    return (
      <a href={attachment.url} target="_blank" rel="noopener noreferrer" className="bb-desk-image-link" title={t('desk.openImage')}>
        <img src={attachment.url} alt={t('desk.imageAlt', { name })} className="bb-desk-image" loading="lazy" />
      </a>
    );
  }
  if (attachment.kind === 'voice') {
    return (
      <audio controls preload="none" src={attachment.url} aria-label={t('desk.voiceLabel', { name })} className="bb-desk-audio">
        <a href={attachment.url}>{name}</a>
      </audio>
    );
  }
  return (
    <a href={attachment.url} download={attachment.name} className="bb-desk-file" target="_blank" rel="noopener noreferrer">
      <PaperClipOutlined aria-hidden /> {name} <span className="bb-desk-muted">（{formatSize(attachment.size)}）</span>
    </a>
  );
}
