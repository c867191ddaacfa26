import { useId, useImperativeHandle, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent, type Ref } from 'react';
import { Alert, Button, Input, Tooltip, type GetRef } from 'antd';
import { CloseOutlined, MessageOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Attachment, CannedAnswer } from '@bangban/shared';
import { errorMessage } from '../../app/api.ts';
import { UploadProgress } from '../../app/components/UploadProgress.tsx';
import { isAbort } from '../../app/upload.ts';
import { formatSize } from './AttachmentView.tsx';
import { CannedPicker } from './CannedPicker.tsx';
import { uploadAttachment } from './useDesk.ts';

export const MAX_TEXT = 2000;

export interface ComposerHandle {
  focus: () => void;
  /** Puts text at the caret (or replaces the selection) and focuses the box. */
  insert: (text: string) => void;
}

interface Props {
  ref?: Ref<ComposerHandle>;
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string, attachment: Attachment | null) => void;
  onTyping: () => void;
  canned: CannedAnswer[];
  disabled: boolean;
}

/** "/材料" right before the caret: the canned-answer shortcut being typed. */
const SLASH = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u;
const MAX_MATCHES = 8;

function matchCanned(canned: CannedAnswer[], query: string): CannedAnswer[] {
  const q = query.toLowerCase();
  const byShortcut = canned.filter((c) => c.shortcut && c.shortcut.toLowerCase().startsWith(q));
  const byTitle = q ? canned.filter((c) => !byShortcut.includes(c) && c.title.toLowerCase().includes(q)) : [];
  return [...byShortcut, ...byTitle].slice(0, MAX_MATCHES);
}

/**
 * The reply box. Enter or Ctrl+Enter sends, Shift+Enter is a new line (Enter that picks a pinyin candidate does
 * not send). "/" plus a shortcut offers canned answers; a pasted or dropped screenshot is uploaded and sent
 * with the next message.
 */
export function DeskComposer({ ref, value, onChange, onSend, onTyping, canned, disabled }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const listId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const textareaRef = useRef<GetRef<typeof Input.TextArea>>(null);
  const [caret, setCaret] = useState(0);
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [uploading, setUploading] = useState<{ name: string; fraction: number; abort: AbortController } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);

  const element = () => textareaRef.current?.resizableTextArea?.textArea ?? null;
  const slash = SLASH.exec(value.slice(0, caret));
  const token = slash ? `${caret}:${slash[1]}` : null;
  const matches = slash && token !== dismissed ? matchCanned(canned, slash[1] ?? '') : [];
  const menuOpen = matches.length > 0;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  const placeCaret = (pos: number) => {
    requestAnimationFrame(() => {
      const el = element();
      if (!el) return;
      el.focus();
      el.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  };

  /** At the caret when the box has the focus (or `at`), else at the end. */
  const insert = (text: string, at?: number) => {
    const el = element();
    const focused = !!el && document.activeElement === el;
    const start = at ?? (focused ? el.selectionStart : value.length);
    const end = at ?? (focused ? el.selectionEnd : value.length);
    const before = value.slice(0, start);
    const sep = before && !before.endsWith('\n') && !before.endsWith(' ') ? '\n' : '';
    const next = (before + sep + text + value.slice(end)).slice(0, MAX_TEXT);
    onChange(next);
    placeCaret(Math.min(next.length, before.length + sep.length + text.length));
  };

  useImperativeHandle(ref, () => ({ focus: () => element()?.focus(), insert }));

  const pickCanned = (c: CannedAnswer) => {
    if (!slash) return insert(c.text);
    const start = caret - (slash[1]?.length ?? 0) - 1;
    const next = (value.slice(0, start) + c.text + value.slice(caret)).slice(0, MAX_TEXT);
    onChange(next);
    setActive(0);
    placeCaret(Math.min(next.length, start + c.text.length));
  };

  const upload = async (file: File) => {
    // A new file replaces one still going out: nothing waits for a slow or stuck upload.
    uploading?.abort.abort();
    const name = file.name || t('desk.kind_image');
    const abort = new AbortController();
    setUploadError(null);
    setUploading({ name, fraction: 0, abort });
    try {
      const uploaded = await uploadAttachment(file, { signal: abort.signal, onProgress: (fraction) => setUploading((u) => (u?.abort === abort ? { ...u, fraction } : u)) });
      setAttachment(uploaded);
    } catch (error) {
      if (!isAbort(error)) setUploadError(errorMessage(error));
    } finally {
      setUploading((u) => (u?.abort === abort ? null : u));
    }
  };

  const send = () => {
    const text = value.trim();
    if ((!text && !attachment) || disabled || uploading) return;
    onSend(text, attachment);
    onChange('');
    setAttachment(null);
    setUploadError(null);
    setCaret(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (menuOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((activeIndex + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        const c = matches[activeIndex];
        if (c) {
          e.preventDefault();
          pickCanned(c);
        }
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissed(token);
        return;
      }
    }
    if (e.key === 'Enter' && (!e.shiftKey || e.ctrlKey || e.metaKey) && !e.altKey) {
      e.preventDefault();
      send();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const file = [...e.clipboardData.files][0];
    if (!file) return;
    e.preventDefault();
    void upload(file);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    const file = [...e.dataTransfer.files][0];
    if (!file) return;
    e.preventDefault();
    void upload(file);
  };

  const remaining = MAX_TEXT - value.length;

  return (
    <div className="bb-desk-composer" onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()} onDrop={onDrop}>
      {menuOpen && (
        <ul id={listId} role="listbox" className="bb-desk-slash" aria-label={t('desk.cannedMatches')}>
          {matches.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className={i === activeIndex ? 'bb-desk-slash-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pickCanned(c);
              }}
            >
              <strong>{c.shortcut ? `/${c.shortcut}` : c.title}</strong> <span>{c.shortcut ? c.title : ''}</span>
              <div className="bb-desk-slash-text">{c.text}</div>
            </li>
          ))}
        </ul>
      )}
      {(attachment || uploading || uploadError) && (
        <div className="bb-desk-attach-line" aria-live="polite">
          {uploading && (
            <span className="bb-desk-uploading">
              <span>{t('desk.uploading', { name: uploading.name })}</span>
              <UploadProgress name={uploading.name} fraction={uploading.fraction} onCancel={() => uploading.abort.abort()} />
            </span>
          )}
          {attachment && (
            <span className="bb-desk-attach-chip">
              <PaperClipOutlined aria-hidden /> {t('desk.attached', { name: attachment.name, size: formatSize(attachment.size) })}
              <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('desk.removeAttachment', { name: attachment.name })} onClick={() => setAttachment(null)} />
            </span>
          )}
          {uploadError && <Alert type="error" showIcon role="alert" title={uploadError} closable={{ 'aria-label': t('common.close') }} onClose={() => setUploadError(null)} />}
        </div>
      )}
      <label htmlFor={inputId} className="bb-sr-only">
        {t('desk.replyLabel')}
      </label>
      <Input.TextArea
        id={inputId}
        ref={textareaRef}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
          if (e.target.value) onTyping();
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        placeholder={disabled ? t('desk.cannotReply') : t('desk.replyPlaceholder')}
        autoSize={{ minRows: 3, maxRows: 8 }}
        maxLength={MAX_TEXT}
        disabled={disabled}
        aria-describedby={hintId}
        aria-autocomplete="list"
        aria-controls={menuOpen ? listId : undefined}
        aria-activedescendant={menuOpen ? `${listId}-${activeIndex}` : undefined}
      />
      <div className="bb-desk-composer-bar">
        <input
          ref={fileInput}
          type="file"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void upload(file);
          }}
        />
        <Tooltip title={t('desk.attachHint')}>
          <Button icon={<PaperClipOutlined />} onClick={() => fileInput.current?.click()} disabled={disabled || !!uploading}>
            {t('desk.attach')}
          </Button>
        </Tooltip>
        <Button icon={<MessageOutlined />} onClick={() => setPickerOpen(true)} disabled={disabled}>
          {t('desk.cannedButton')}
        </Button>
        <span id={hintId} className="bb-desk-hint">
          {t('desk.composerHint')}
          {remaining < 200 && <span> · {t('desk.remaining', { n: remaining })}</span>}
        </span>
        <Button type="primary" icon={<SendOutlined />} onClick={send} disabled={disabled || !!uploading || (!value.trim() && !attachment)}>
          {t('desk.send')}
        </Button>
      </div>
      {pickerOpen && (
        <CannedPicker
          canned={canned}
          onPick={(c) => {
            setPickerOpen(false);
            insert(c.text, Math.min(caret, value.length));
          }}
          onClose={() => {
            setPickerOpen(false);
            placeCaret(element()?.selectionStart ?? value.length);
          }}
        />
      )}
    </div>
  );
}
