import { useState } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/api.ts';
import type { Feedback } from './assistantApi.ts';

interface Props {
  turnId: string;
  value: Feedback | null;
  ack: string | undefined;
  onFeedback: (turnId: string, feedback: Feedback) => Promise<unknown>;
  onHuman: () => void;
}

/** "解决了吗？" under an answer. The citizen may change their mind: the last choice counts. */
export function FeedbackBar({ turnId, value, ack, onFeedback, onHuman }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<Feedback | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = async (feedback: Feedback) => {
    setBusy(feedback);
    setError(null);
    try {
      await onFeedback(turnId, feedback);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const groupId = `bb-fb-${turnId}`;
  return (
    <div className="bb-chat-feedback">
      <div role="group" aria-labelledby={groupId} className="bb-chat-feedback-row">
        <span id={groupId} className="bb-chat-feedback-label">
          {t('chat.solvedQuestion')}
        </span>
        <Button className="bb-chat-btn" aria-pressed={value === 'solved'} type={value === 'solved' ? 'primary' : 'default'} loading={busy === 'solved'} onClick={() => void choose('solved')}>
          {t('chat.solved')}
        </Button>
        <Button className="bb-chat-btn" aria-pressed={value === 'not_solved'} type={value === 'not_solved' ? 'primary' : 'default'} loading={busy === 'not_solved'} onClick={() => void choose('not_solved')}>
          {t('chat.notSolved')}
        </Button>
      </div>
      {error && (
        <p className="bb-chat-error-text" role="alert">
          {error}
        </p>
      )}
      {value && (
        <div className="bb-chat-bubble bb-chat-bubble-bot bb-chat-ack">
          <p>{ack ?? (value === 'solved' ? t('chat.solvedAck') : t('chat.notSolvedAck'))}</p>
          {value === 'not_solved' && (
            <Button className="bb-chat-btn bb-chat-human-offer" type="primary" onClick={onHuman}>
              {t('chat.human')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
