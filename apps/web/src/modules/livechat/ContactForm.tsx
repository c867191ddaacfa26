import { useId, useState } from 'react';
import { Alert, Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';
import { PHONE } from '../assistant/HumanHelpDialog.tsx';

/**
 * On a 留言 left without a phone number: the citizen may still leave one, so that staff can call back when work
 * starts. Once saved the form is gone (the conversation says a contact is there, never which).
 */
export function ContactForm({ onSave }: { onSave: (contact: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [contact, setContact] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const invalid = !PHONE.test(contact.trim());
  const save = async () => {
    setTried(true);
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(contact.trim());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="bb-live-contact"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="bb-chat-field-label">
        {t('live.contactAsk')}
      </label>
      <div className="bb-chat-actions">
        <Input
          id={id}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          value={contact}
          maxLength={20}
          onChange={(e) => setContact(e.target.value)}
          aria-invalid={tried && invalid}
          aria-describedby={tried && invalid ? `${id}-err` : undefined}
        />
        <Button className="bb-chat-btn" type="primary" htmlType="submit" loading={busy}>
          {t('live.contactSave')}
        </Button>
      </div>
      {tried && invalid && (
        <p id={`${id}-err`} className="bb-chat-error-text" role="alert">
          {t('live.contactInvalid')}
        </p>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} />}
    </form>
  );
}
