import { useId, useState } from 'react';
import { Alert, Button, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  /** 转人工 (POST /api/conversations); throws the server's message, shown in the dialog. */
  onConfirm: (request: { contact: string; question: string }) => Promise<unknown>;
}

/** Loose on purpose: landlines with area codes and extensions, mobiles, "+86". Empty is fine. */
/** What a phone number may look like: digits, spaces and dashes, an optional leading +. */
export const PHONE = /^[+\d][\d\s-]{5,19}$/;

/**
 * 转人工: an optional question and phone number. On success the chat page switches to live mode, which shows
 * the queue place and wait (or, outside working hours, when the 留言 will be answered).
 */
export function HumanHelpDialog({ open, onClose, onConfirm }: Props) {
  const { t } = useTranslation();
  const [contact, setContact] = useState('');
  const [question, setQuestion] = useState('');
  const questionId = useId();
  const questionHelpId = useId();
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
      await onConfirm({ contact: contact.trim(), question: question.trim() });
      setContact('');
      setQuestion('');
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
        <p>{t('chat.humanIntro')}</p>
        <label htmlFor={questionId} className="bb-chat-field-label">
          {t('live.questionLabel')}
        </label>
        <Input.TextArea
          id={questionId}
          value={question}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 5 }}
          aria-describedby={questionHelpId}
          onChange={(e) => setQuestion(e.target.value)}
        />
        <p id={questionHelpId} className="bb-chat-field-help">
          {t('live.questionHelp')}
        </p>
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
