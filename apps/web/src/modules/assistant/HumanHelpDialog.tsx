import { useId, useState } from 'react';
import { Alert, Button, Input, Modal } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';
import { liveApi, type HandoffTarget } from '../livechat/liveApi.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  /** What the request is about: the dialog asks the server, before confirming, who would take it now. */
  target: HandoffTarget;
  /** 转人工 (POST /api/conversations); throws the server's message, shown in the dialog. */
  onConfirm: (request: { contact: string; question: string }) => Promise<unknown>;
}

/** Loose on purpose: landlines with area codes and extensions, mobiles, "+86". Empty is fine. */
/** What a phone number may look like: digits, spaces and dashes, an optional leading +. */
export const PHONE = /^[+\d][\d\s-]{5,19}$/;

/**
 * What 转人工 will do, said before the citizen confirms: someone is 在线, or they will wait in line, or (outside
 * working hours) when the 留言 will be picked up. Read fresh each time the dialog opens (GET, no side effects).
 */
function HandoffPreviewNote({ target }: { target: HandoffTarget }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: ['handoff-preview', target.assistantSessionId ?? null, target.matterId ?? null, target.matterCode ?? null],
    queryFn: () => liveApi.preview(target),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  if (preview.isPending) return <p role="status">{t('live.previewLoading')}</p>;
  if (preview.isError) return <Alert type="warning" showIcon title={t('live.previewFailed')} />;
  const p = preview.data;
  return (
    <Alert
      className="bb-chat-handoff-preview"
      type={p.mode === 'live' ? 'success' : p.mode === 'queue' ? 'info' : 'warning'}
      showIcon
      role="status"
      title={p.text}
    />
  );
}

/**
 * 转人工: an optional question and phone number. On success the chat page switches to live mode, which shows
 * the queue place and wait (or, outside working hours, when the 留言 will be answered).
 */
export function HumanHelpDialog({ open, onClose, target, onConfirm }: Props) {
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
        {open && <HandoffPreviewNote target={target} />}
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
          {t('live.questionHelp')} {t('live.questionShown')}
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
