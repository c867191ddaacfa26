import { Button, Progress } from 'antd';
import { useTranslation } from 'react-i18next';

/** An upload's progress bar with 取消: the same on the citizen's chat and the staff desk. */
export function UploadProgress({ name, fraction, onCancel }: { name: string; fraction: number; onCancel: () => void }) {
  const { t } = useTranslation();
  const percent = Math.round(fraction * 100);
  return (
    <div className="bb-upload-progress" data-testid="upload-progress">
      <Progress percent={percent} size="small" status="active" aria-label={t('upload.progress', { percent })} />
      <span className="bb-upload-progress-text" aria-live="polite">
        {t('upload.progress', { percent })}
      </span>
      <Button size="small" className="bb-chat-btn" onClick={onCancel} aria-label={t('upload.cancelLabel', { name })}>
        {t('upload.cancel')}
      </Button>
    </div>
  );
}
