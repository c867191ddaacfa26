import { useId, useState } from 'react';
import { Alert, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCloseConversation } from './useDesk.ts';

/** 结束会话: resolved, or unresolved with a reason (the citizen may contest "resolved" once). */
export function CloseDialog({ conversation, onClose, onDone }: { conversation: { id: string; queueNo: number }; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const ids = { outcome: useId(), reason: useId() };
  const [outcome, setOutcome] = useState<'resolved' | 'unresolved'>('resolved');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const close = useCloseConversation();

  const submit = () => {
    if (outcome === 'unresolved' && !reason.trim()) return setInvalid(true);
    close.mutate({ id: conversation.id, outcome, reason: reason.trim() || undefined }, { onSuccess: onDone });
  };

  return (
    <Modal
      open
      title={t('desk.closeTitle', { no: conversation.queueNo })}
      okText={t('desk.closeConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: close.isPending }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <div className="bb-field" style={{ marginBottom: 12 }} role="group" aria-labelledby={ids.outcome}>
        <span id={ids.outcome}>{t('desk.closeOutcome')}</span>
        <Radio.Group
          value={outcome}
          onChange={(e) => {
            setOutcome(e.target.value as 'resolved' | 'unresolved');
            setInvalid(false);
          }}
          options={[
            { value: 'resolved', label: t('desk.outcomeClose_resolved') },
            { value: 'unresolved', label: t('desk.outcomeClose_unresolved') },
          ]}
        />
      </div>
      <div className="bb-field">
        <label htmlFor={ids.reason}>{outcome === 'unresolved' ? t('desk.closeReasonRequired') : t('desk.closeReasonOptional')}</label>
        <Input.TextArea
          id={ids.reason}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setInvalid(false);
          }}
          maxLength={500}
          showCount
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={outcome === 'unresolved' ? t('desk.closeReasonPlaceholder') : undefined}
          status={invalid ? 'error' : undefined}
          aria-invalid={invalid}
          aria-required={outcome === 'unresolved'}
        />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {outcome === 'resolved' ? t('desk.closeResolvedHint') : t('desk.closeUnresolvedHint')}
      </Typography.Paragraph>
      {invalid && (
        <Typography.Text type="danger" role="alert">
          {t('desk.closeReasonMissing')}
        </Typography.Text>
      )}
      {close.error && <Alert type="error" showIcon role="alert" title={close.error.message} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
