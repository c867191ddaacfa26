import { useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KbGap } from '@bangban/shared';
import { RemoteSelect } from './RemoteSelect.tsx';
import { useResolveGap } from './useGaps.ts';

interface Props {
  gap: KbGap;
  mode: 'answer' | 'dismiss';
  onClose: () => void;
  onDone: () => void;
}

/** 选已有条目答复 (a published entry) or 不予补充 (a reason is required). */
export function GapResolveDialog({ gap, mode, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [entryId, setEntryId] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const resolve = useResolveGap();
  const answer = mode === 'answer';

  const submit = () => {
    if (answer ? !entryId : reason.trim().length < 2) {
      setInvalid(true);
      return;
    }
    resolve.mutate(
      { id: gap.id, action: answer ? { kind: 'answer', entryId: entryId! } : { kind: 'dismiss', reason: reason.trim() } },
      { onSuccess: onDone },
    );
  };

  return (
    <Modal
      open
      title={answer ? t('gaps.answerTitle') : t('gaps.dismissTitle')}
      okText={answer ? t('gaps.answer') : t('gaps.dismiss')}
      okButtonProps={{ loading: resolve.isPending, danger: !answer }}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('gaps.question')}：<strong>{gap.question}</strong>
      </Typography.Paragraph>
      {answer ? (
        <div className="bb-field">
          <label htmlFor="gap-entry">{t('gaps.pickEntry')}</label>
          <RemoteSelect
            id="gap-entry"
            kind="entry"
            status="published"
            value={entryId}
            onChange={(v) => {
              setEntryId(typeof v === 'string' ? v : undefined);
              setInvalid(false);
            }}
            placeholder={t('kb.searchEntry')}
            style={{ width: '100%' }}
          />
        </div>
      ) : (
        <div className="bb-field">
          <label htmlFor="gap-reason">{t('gaps.reason')}</label>
          <Input.TextArea
            id="gap-reason"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setInvalid(false);
            }}
            maxLength={300}
            autoSize={{ minRows: 3, maxRows: 6 }}
            aria-invalid={invalid}
          />
        </div>
      )}
      {invalid && (
        <Typography.Text type="danger" role="alert">
          {answer ? t('gaps.pickEntryMissing') : t('gaps.reasonMissing')}
        </Typography.Text>
      )}
      {resolve.error && <Alert type="error" showIcon role="alert" title={resolve.error.message} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
