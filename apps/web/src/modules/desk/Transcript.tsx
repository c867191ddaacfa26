import { useLayoutEffect, useRef, useState } from 'react';
import { Button, Tag } from 'antd';
import { DownOutlined, RobotOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ChatMessage, ConversationContext } from '@bangban/shared';
import { MarkdownView } from '../knowledge/MarkdownView.tsx';
import { AttachmentView } from './AttachmentView.tsx';
import type { PendingMessage } from './chatStore.ts';

interface Props {
  conversationId: string;
  /** What the citizen asked when they asked for a person. */
  question: string | null;
  messages: ChatMessage[];
  pending: PendingMessage[];
  citizenReadSeq: number;
  assistant: ConversationContext['assistant'] | undefined;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

const time = (iso: string) => dayjs(iso).format('HH:mm');

/** What 小申 said before the handoff, above the live transcript. Answers are Markdown (rendered safely). */
function AssistantPart({ turns }: { turns: ConversationContext['assistant'] }) {
  const { t } = useTranslation();
  if (!turns.length) return null;
  return (
    <details className="bb-desk-assistant" open={turns.length <= 3}>
      <summary>
        <RobotOutlined aria-hidden /> {t('desk.assistantPart', { n: turns.length })}
      </summary>
      <ol className="bb-desk-assistant-turns">
        {turns.map((turn) => (
          <li key={turn.seq}>
            <div className="bb-desk-assistant-q">
              <span className="bb-desk-who">{t('desk.citizenAsked')}</span> {turn.question}
              <span className="bb-desk-muted"> · {time(turn.at)}</span>
            </div>
            <div className="bb-desk-assistant-a">
              <span className="bb-desk-who">{t('desk.assistantAnswered')}</span>
              <MarkdownView source={turn.answer || t('desk.noAnswer')} />
              <div>
                <Tag>{t(`desk.outcome_${turn.outcome}`, { defaultValue: turn.outcome })}</Tag>
                {turn.feedback && <Tag color={turn.feedback === 'solved' ? 'success' : 'warning'}>{t(`desk.feedback_${turn.feedback}`)}</Tag>}
              </div>
            </div>
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * The live transcript. `role="log"`: a screen reader reads new messages as they come, without moving focus.
 * Message text is plain text (React escapes it); line breaks are kept by CSS.
 */
export function Transcript({ conversationId, question, messages, pending, citizenReadSeq, assistant, onRetry, onDiscard }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [below, setBelow] = useState(false);
  const count = messages.length + pending.length;

  // A new chat opens at its end; new messages keep it there unless the agent scrolled up to read.
  useLayoutEffect(() => {
    atBottom.current = true;
    setBelow(false);
  }, [conversationId]);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else setBelow(true);
  }, [count, conversationId, assistant]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (atBottom.current) setBelow(false);
  };
  const toBottom = () => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setBelow(false);
  };

  const senderLabel = (m: ChatMessage) => t(`desk.sender_${m.sender}`);

  return (
    <div className="bb-desk-transcript-wrap">
      <div ref={box} className="bb-desk-transcript" onScroll={onScroll} role="log" aria-live="polite" aria-relevant="additions" aria-label={t('desk.transcript')} tabIndex={0}>
        {assistant && <AssistantPart turns={assistant} />}
        {/* A question typed in the 转人工 dialog is the chat's first message already: shown once. */}
        {question && !(messages[0]?.sender === 'citizen' && messages[0].text === question) && (
          <div className="bb-desk-handoff" role="note">
            <span className="bb-desk-who">{t('desk.handoffQuestion')}</span> <span className="bb-desk-text">{question}</span>
          </div>
        )}
        {messages.length === 0 && pending.length === 0 && <p className="bb-desk-muted bb-desk-empty-log">{t('desk.noMessages')}</p>}
        {messages.map((m) =>
          m.sender === 'system' ? (
            <div key={m.seq} className="bb-desk-system" role="note">
              {m.text} <span className="bb-desk-muted">{time(m.createdAt)}</span>
            </div>
          ) : (
            <div key={m.seq} className={`bb-desk-row bb-desk-row-${m.sender}`}>
              <div className={`bb-desk-bubble bb-desk-bubble-${m.sender}`}>
                <div className="bb-desk-meta">
                  <span className="bb-desk-who">{senderLabel(m)}</span> <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
                  {m.sender === 'agent' && (
                    <span className={m.seq <= citizenReadSeq ? 'bb-desk-read' : 'bb-desk-muted'}> · {m.seq <= citizenReadSeq ? t('desk.read') : t('desk.delivered')}</span>
                  )}
                </div>
                {m.text && <p className="bb-desk-text">{m.text}</p>}
                {m.attachment && <AttachmentView attachment={m.attachment} />}
              </div>
            </div>
          ),
        )}
        {pending.map((p) => (
          <div key={p.clientId} className="bb-desk-row bb-desk-row-agent">
            <div className={`bb-desk-bubble bb-desk-bubble-agent bb-desk-bubble-pending${p.status === 'failed' ? ' bb-desk-bubble-failed' : ''}`}>
              <div className="bb-desk-meta">
                <span className="bb-desk-who">{t('desk.sender_agent')}</span> · {p.status === 'failed' ? t('desk.sendFailed') : t('desk.sending')}
              </div>
              {p.text && <p className="bb-desk-text">{p.text}</p>}
              {p.attachment && <div className="bb-desk-muted">{p.attachment.name}</div>}
              {p.status === 'failed' && (
                <div className="bb-desk-failed">
                  {p.error && <div role="alert">{p.error}</div>}
                  <Button size="small" onClick={() => onRetry(p.clientId)}>
                    {t('desk.retrySend')}
                  </Button>{' '}
                  <Button size="small" type="text" onClick={() => onDiscard(p.clientId)}>
                    {t('desk.discard')}
                  </Button>
                </div>
              )}
            </div>
          </div>
        ))}
      </div>
      {below && (
        <Button className="bb-desk-below" size="small" shape="round" icon={<DownOutlined />} onClick={toBottom}>
          {t('desk.newBelow')}
        </Button>
      )}
    </div>
  );
}
