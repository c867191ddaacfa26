import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import type { ChatMessage } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import { ReadAloudButton } from '../assistant/ElderControls.tsx';
import { speak } from '../assistant/speech.ts';
import { useAutoRead, useElderMode } from '../assistant/useElderMode.ts';
import { UploadProgress } from '../../app/components/UploadProgress.tsx';
import { AttachmentView } from './AttachmentView.tsx';
import { formatTime } from './format.ts';
import type { Outgoing } from './useLiveConversation.ts';

interface Props {
  messages: ChatMessage[];
  outgoing: Outgoing[];
  agentName: string | null;
  agentReadSeq: number;
  agentTyping: boolean;
  /** The citizen has seen the messages up to this seq (only called while the page is visible). */
  onSeen: (seq: number) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Stops a file still uploading. */
  onCancel: (clientId: string) => void;
  empty: boolean;
  /** Closed: a failed message can no longer be sent again. */
  ended: boolean;
}

function scrollBehavior(): ScrollBehavior {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

/** Text is shown as typed: plain text in a pre-wrapped paragraph, never HTML. */
function Body({ text }: { text: string }) {
  return text ? <p className="bb-live-text">{text}</p> : null;
}

function Stored({ m, agentName, read }: { m: ChatMessage; agentName: string | null; read: boolean }) {
  const { t } = useTranslation();
  const [elder] = useElderMode();
  const time = formatTime(m.createdAt);
  if (m.sender === 'system' || m.sender === 'bot') {
    return (
      <div className="bb-live-system" data-seq={m.seq}>
        <span className="bb-chat-sr-only">{t('live.systemSays')}</span>
        <Body text={m.text} />
        {m.attachment && <AttachmentView attachment={m.attachment} />}
      </div>
    );
  }
  if (m.sender === 'agent') {
    return (
      <div className="bb-chat-row bb-chat-row-bot" data-seq={m.seq}>
        <span className="bb-live-who" aria-hidden="true">
          {agentName ? `${t('live.agentName')} ${agentName}` : t('live.agentName')} · {time}
        </span>
        <div className="bb-chat-bubble bb-chat-bubble-bot bb-live-bubble">
          <span className="bb-chat-sr-only">{t('live.agentSays')}</span>
          <Body text={m.text} />
          {m.attachment && <AttachmentView attachment={m.attachment} />}
          {elder && m.text && <ReadAloudButton speechKey={`live:${m.seq}`} text={m.text} />}
        </div>
      </div>
    );
  }
  return (
    <div className="bb-chat-row bb-chat-row-me" data-seq={m.seq}>
      <div className="bb-chat-bubble bb-chat-bubble-me bb-live-bubble">
        <span className="bb-chat-sr-only">{t('live.iSaid')}</span>
        <Body text={m.text} />
        {m.attachment && <AttachmentView attachment={m.attachment} />}
      </div>
      <span className="bb-live-meta">
        {time} · <span className={read ? 'bb-live-read' : undefined}>{read ? t('live.msgRead') : t('live.msgSent')}</span>
      </span>
    </div>
  );
}

function Pending({ o, onRetry, onDiscard, onCancel }: { o: Outgoing; onRetry: (() => void) | null; onDiscard: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const status = { uploading: t('live.msgUploading'), sending: t('live.msgSending'), sent: t('live.msgSent'), failed: t('live.msgFailed') }[o.status];
  return (
    <div className="bb-chat-row bb-chat-row-me" data-client-id={o.clientId}>
      <div className={`bb-chat-bubble bb-chat-bubble-me bb-live-bubble${o.status === 'failed' ? ' bb-live-bubble-failed' : ' bb-chat-bubble-pending'}`}>
        <span className="bb-chat-sr-only">{t('live.iSaid')}</span>
        <Body text={o.text} />
        {o.file && <AttachmentView attachment={o.attachment} local={o.file} />}
      </div>
      {o.status === 'failed' ? (
        <div className="bb-live-failed" role="alert">
          <span className="bb-chat-error-text">
            {status}
            {o.error ? `：${o.error}` : ''}
          </span>
          <div className="bb-live-failed-actions">
            {o.retryable && onRetry && (
              <Button className="bb-chat-btn" size="small" onClick={onRetry}>
                {t('live.retrySend')}
              </Button>
            )}
            <Button className="bb-chat-btn" size="small" onClick={onDiscard}>
              {t('live.remove')}
            </Button>
          </div>
        </div>
      ) : o.status === 'uploading' && o.file ? (
        <UploadProgress name={o.file.name} fraction={o.progress ?? 0} onCancel={onCancel} />
      ) : (
        <span className="bb-live-meta">{status}</span>
      )}
    </div>
  );
}

/** The messages with the agent. A polite live region: new messages are read out without moving the focus. */
export function LiveMessages({ messages, outgoing, agentName, agentReadSeq, agentTyping, onSeen, onRetry, onDiscard, onCancel, empty, ended }: Props) {
  const { t } = useTranslation();
  const log = useRef<HTMLDivElement>(null);
  const seen = useRef(0);
  const observer = useRef<IntersectionObserver | null>(null);
  const onSeenRef = useRef(onSeen);
  onSeenRef.current = onSeen;

  // A message counts as read once it has been on screen while the page was visible.
  useEffect(() => {
    const report = () => {
      if (document.visibilityState === 'visible' && seen.current > 0) onSeenRef.current(seen.current);
    };
    observer.current = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const seq = Number((entry.target as HTMLElement).dataset.seq);
          if (seq > seen.current) seen.current = seq;
        }
        report();
      },
      { threshold: 0.5 },
    );
    document.addEventListener('visibilitychange', report);
    window.addEventListener('focus', report);
    return () => {
      observer.current?.disconnect();
      observer.current = null;
      document.removeEventListener('visibilitychange', report);
      window.removeEventListener('focus', report);
    };
  }, []);
  useEffect(() => {
    log.current?.querySelectorAll('[data-seq]').forEach((el) => observer.current?.observe(el));
  }, [messages]);

  // New messages (or the typing line) are brought into view at the bottom.
  const count = messages.length + outgoing.length;

  // 自动朗读 (长辈版): a reply of the agent that arrives while the page is open is read aloud.
  const [elder] = useElderMode();
  const [autoRead] = useAutoRead();
  const [openedAt] = useState(() => messages.at(-1)?.seq ?? 0);
  const lastAgent = messages.findLast((m) => m.sender === 'agent' && m.text);
  const lastAgentSeq = lastAgent?.seq ?? 0;
  const lastAgentText = lastAgent?.text ?? '';
  useEffect(() => {
    if (elder && autoRead && lastAgentSeq > openedAt) speak(`live:${lastAgentSeq}`, lastAgentText);
  }, [elder, autoRead, lastAgentSeq, lastAgentText, openedAt]);
  // Once ended, the end panel below the log keeps the view (ClosedPanel scrolls to itself).
  useEffect(() => {
    if (!ended) log.current?.lastElementChild?.scrollIntoView({ block: 'end', behavior: scrollBehavior() });
  }, [count, agentTyping, ended]);

  const stored = new Set(messages.map((m) => m.clientId));
  return (
    <div ref={log} className="bb-chat-log bb-live-log" role="log" aria-live="polite" aria-relevant="additions" aria-label={t('live.log')}>
      {empty && messages.length === 0 && outgoing.length === 0 && <p className="bb-live-empty">{t('live.noMessages')}</p>}
      {messages.map((m) => (
        <Stored key={m.seq} m={m} agentName={agentName} read={m.sender === 'citizen' && m.seq <= agentReadSeq} />
      ))}
      {outgoing
        .filter((o) => !stored.has(o.clientId))
        .map((o) => (
          <Pending key={o.clientId} o={o} onRetry={ended ? null : () => onRetry(o.clientId)} onDiscard={() => onDiscard(o.clientId)} onCancel={() => onCancel(o.clientId)} />
        ))}
      {agentTyping && (
        <div className="bb-chat-row bb-chat-row-bot">
          <div className="bb-chat-bubble bb-chat-bubble-bot bb-chat-typing" role="status">
            {t('live.agentTyping')}
          </div>
        </div>
      )}
    </div>
  );
}
