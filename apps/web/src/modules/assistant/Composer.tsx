import { useId, type FormEvent, type KeyboardEvent } from 'react';
import { Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';

const MAX = 500;

interface Props {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  sending: boolean;
  disabled: boolean;
  chips: string[];
}

/** The question box. The text stays in it until 小申 has answered, so a failed send loses nothing. */
export function Composer({ value, onChange, onSend, sending, disabled, chips }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const text = value.trim();

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (text && !sending && !disabled) onSend(text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line. Enter that confirms a pinyin candidate must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
  };

  return (
    <div className="bb-chat-composer">
      {chips.length > 0 && (
        <div className="bb-chat-chips" role="group" aria-label={t('chat.commonQuestions')}>
          {chips.map((c) => (
            <Button key={c} className="bb-chat-chip" disabled={sending || disabled} onClick={() => onSend(c)}>
              {c}
            </Button>
          ))}
        </div>
      )}
      <form className="bb-chat-form" onSubmit={submit}>
        <label htmlFor={inputId} className="bb-chat-sr-only">
          {t('chat.inputLabel')}
        </label>
        <Input.TextArea
          id={inputId}
          className="bb-chat-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('chat.placeholder')}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={MAX}
          aria-describedby={hintId}
          enterKeyHint="send"
        />
        <Button className="bb-chat-send" type="primary" htmlType="submit" loading={sending} disabled={!text || disabled}>
          {t('chat.send')}
        </Button>
        <span id={hintId} className="bb-chat-sr-only">
          {t('chat.inputHint', { max: MAX })}
        </span>
      </form>
    </div>
  );
}
