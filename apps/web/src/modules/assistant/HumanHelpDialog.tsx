import { useId, useState } from 'react';
import { Alert, Button, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';

interface Props {
  open: boolean;
  alreadyRequested: boolean;
  onClose: () => void;
  onConfirm: (contact: string) => Promise<unknown>;
}

/** Loose on purpose: landlines with area codes and extensions, mobiles, "+86". Empty is fine. */
const PHONE = /^[+\d][\d\s-]{5,19}$/;

/** 转人工: an optional phone number, then the server's plain answer on who takes it and when. */
export function HumanHelpDialog({ open, alreadyRequested, onClose, onConfirm }: Props) {
  const { t } = useTranslation();
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const helpId = useId();
  const invalid = contact.trim() !== '' && !PHONE.test(contact.trim());

  const confirm = async () => {
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(contact);
      setContact('');
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('chat.humanTitle')}
      onCancel={onClose}
      destroyOnHidden
      rootClassName="bb-chat-modal"
      width={440}
      footer={[
        <Button key="cancel" className="bb-chat-btn" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" className="bb-chat-btn" type="primary" loading={busy} disabled={invalid} onClick={() => void confirm()}>
          {t('chat.humanConfirm')}
        </Button>,
      ]}
    >
      <div className="bb-chat-dialog">
        <p>{alreadyRequested ? t('chat.humanAlready') : t('chat.humanIntro')}</p>
        <label htmlFor={inputId} className="bb-chat-field-label">
          {t('chat.contactLabel')}
        </label>
        <Input
          id={inputId}
          size="large"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          value={contact}
          maxLength={50}
          status={invalid ? 'error' : undefined}
          aria-invalid={invalid}
          aria-describedby={helpId}
          onChange={(e) => setContact(e.target.value)}
          onPressEnter={() => void confirm()}
        />
        <p id={helpId} className={invalid ? 'bb-chat-error-text' : 'bb-chat-field-help'}>
          {invalid ? t('chat.contactInvalid') : t('chat.contactHelp')}
        </p>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
      </div>
    </Modal>
  );
}
