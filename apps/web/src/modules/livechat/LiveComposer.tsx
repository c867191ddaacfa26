import { useId, useRef, useState, type ChangeEvent, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { Alert, Button, Input } from 'antd';
import { PaperClipOutlined, PictureOutlined } from '@ant-design/icons';
import type { AttachmentKind } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import type { OutgoingFile } from './useLiveConversation.ts';
import { VoiceRecorder, voiceSupported } from './VoiceRecorder.tsx';

/** The server's MessageText limit. */
const MAX = 2000;

interface Props {
  disabled: boolean;
  onSend: (text: string, file?: OutgoingFile) => void;
  onTyping: () => void;
}

function kindOf(file: Blob): AttachmentKind {
  // Only a hint for showing it before the upload: the server decides the kind from the bytes.
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('audio/')) return 'voice';
  return 'file';
}

/**
 * Text (Enter sends, Shift+Enter is a new line), pictures (picker or paste), a voice recording, files. Each
 * attachment goes as its own message; the server checks size and type and its message is shown on the bubble.
 */
export function LiveComposer({ disabled, onSend, onTyping }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [voiceError, setVoiceError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const imageInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const canVoice = voiceSupported();

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const value = text.trim();
    if (!value || disabled) return;
    onSend(value);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter that confirms a pinyin candidate must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
  };
  const sendFiles = (files: File[], fallbackName?: string) => {
    for (const file of files) onSend('', { blob: file, name: file.name || fallbackName || t('live.file'), kind: kindOf(file) });
  };
  const onPicked = (e: ChangeEvent<HTMLInputElement>) => {
    sendFiles(Array.from(e.target.files ?? []));
    // The same file can be picked again after a failure.
    e.target.value = '';
  };
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (disabled) return;
    const images = Array.from(e.clipboardData.files).filter((f) => f.type.startsWith('image/'));
    if (images.length === 0) return;
    e.preventDefault();
    const ext = (f: File) => f.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
    sendFiles(images.map((f) => (f.name && f.name !== 'image.png' ? f : new File([f], `${t('live.pastedImage')}.${ext(f)}`, { type: f.type }))));
  };

  return (
    <div className="bb-chat-composer bb-live-composer">
      {voiceError && <Alert type="warning" showIcon role="alert" title={voiceError} closable={{ onClose: () => setVoiceError(null) }} />}
      <div className="bb-live-tools" role="group" aria-label={t('live.tools')}>
        <Button className="bb-chat-btn bb-live-tool" disabled={disabled} aria-label={t('live.imageLabel')} onClick={() => imageInput.current?.click()}>
          <PictureOutlined aria-hidden="true" /> {t('live.image')}
        </Button>
        {canVoice && (
          <VoiceRecorder
            disabled={disabled}
            onError={setVoiceError}
            onRecorded={(blob, name) => onSend('', { blob, name, kind: 'voice' })}
          />
        )}
        <Button className="bb-chat-btn bb-live-tool" disabled={disabled} aria-label={t('live.fileLabel')} onClick={() => fileInput.current?.click()}>
          <PaperClipOutlined aria-hidden="true" /> {t('live.file')}
        </Button>
        <input ref={imageInput} type="file" accept="image/*" multiple hidden tabIndex={-1} aria-hidden="true" onChange={onPicked} />
        <input ref={fileInput} type="file" hidden tabIndex={-1} aria-hidden="true" onChange={onPicked} />
      </div>
      <form className="bb-chat-form" onSubmit={submit}>
        <label htmlFor={inputId} className="bb-chat-sr-only">
          {t('live.inputLabel')}
        </label>
        <Input.TextArea
          id={inputId}
          className="bb-chat-input"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim()) onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          placeholder={t('live.placeholder')}
          autoSize={{ minRows: 1, maxRows: 5 }}
          maxLength={MAX}
          aria-describedby={hintId}
          enterKeyHint="send"
          disabled={disabled}
        />
        <Button className="bb-chat-send" type="primary" htmlType="submit" disabled={!text.trim() || disabled}>
          {t('live.send')}
        </Button>
        <span id={hintId} className="bb-chat-sr-only">
          {t('live.inputHint', { max: MAX })}
        </span>
      </form>
    </div>
  );
}
