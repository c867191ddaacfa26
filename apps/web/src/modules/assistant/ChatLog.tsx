import { Fragment, useEffect, useRef, useState } from 'react';
import type { MatterCard } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import type { Feedback } from './assistantApi.ts';
import type { StoredNotice } from './chatStorage.ts';
import { MatterCardView } from './MatterCardView.tsx';
import { ReplyView } from './ReplyView.tsx';
import type { AskRequest, Turn } from './useAssistantChat.ts';
import { useAutoRead, useElderMode } from './useElderMode.ts';

interface Props {
  greeting: string;
  matter: MatterCard | null;
  turns: Turn[];
  notices: StoredNotice[];
  acks: Record<string, string>;
  pending: AskRequest | null;
  onAsk: (request: AskRequest) => void;
  onFeedback: (turnId: string, feedback: Feedback) => Promise<unknown>;
  onHuman: () => void;
}

function scrollBehavior(): ScrollBehavior {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

function Notice({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <div className="bb-chat-notice" role="note" aria-label={t('chat.noticeLabel')}>
      <span className="bb-chat-notice-tag" aria-hidden="true">
        {t('chat.noticeLabel')}
      </span>
      <p>{text}</p>
    </div>
  );
}

function Question({ text, pending = false }: { text: string; pending?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="bb-chat-row bb-chat-row-me">
      <div className={`bb-chat-bubble bb-chat-bubble-me${pending ? ' bb-chat-bubble-pending' : ''}`}>
        <span className="bb-chat-sr-only">{t('chat.iSaid')}</span>
        <p>{text}</p>
      </div>
    </div>
  );
}

/**
 * The conversation. `role="log"` makes it a polite live region: a screen reader reads each new reply once it
 * is added, without moving the focus away from the input.
 */
export function ChatLog({ greeting, matter, turns, notices, acks, pending, onAsk, onFeedback, onHuman }: Props) {
  const { t } = useTranslation();
  const log = useRef<HTMLDivElement>(null);
  const noticesAfter = (seq: number) => notices.filter((n) => n.afterSeq === seq);
  const lastSeq = turns.at(-1)?.seq ?? 0;
  // 自动朗读 (长辈版) reads answers that arrive while the page is open, never those restored on a reload.
  const [elder] = useElderMode();
  const [autoRead] = useAutoRead();
  const [restored] = useState(() => new Set(turns.map((t) => t.turnId)));
  const lastTurnId = turns.at(-1)?.turnId;

  // A new reply is shown from its question down (a long answer is read from the top); anything else that
  // appears (the waiting line, an acknowledgement, a notice) is brought into view at the bottom.
  useEffect(() => {
    const questions = log.current?.querySelectorAll('.bb-chat-row-me');
    questions?.[questions.length - 1]?.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
  }, [turns.length]);
  useEffect(() => {
    if (pending || notices.length || Object.keys(acks).length) log.current?.lastElementChild?.scrollIntoView({ block: 'end', behavior: scrollBehavior() });
  }, [pending, notices.length, acks]);

  return (
    <div ref={log} className="bb-chat-log" role="log" aria-live="polite" aria-relevant="additions" aria-label={t('chat.log')}>
      <div className="bb-chat-row bb-chat-row-bot">
        <div className="bb-chat-bubble bb-chat-bubble-bot">
          <span className="bb-chat-sr-only">{t('chat.xiaoshenSays')}</span>
          <p>{greeting}</p>
          {matter && <MatterCardView card={matter} />}
        </div>
      </div>
      {noticesAfter(0).map((n, i) => (
        <Notice key={`n0-${i}`} text={n.text} />
      ))}
      {turns.map((turn) => (
        <Fragment key={turn.turnId}>
          <Question text={turn.question} />
          <ReplyView
            turn={turn}
            ack={acks[turn.turnId]}
            busy={pending !== null}
            onAsk={onAsk}
            onFeedback={onFeedback}
            onHuman={onHuman}
            autoRead={elder && autoRead && turn.turnId === lastTurnId && !restored.has(turn.turnId)}
          />
          {noticesAfter(turn.seq).map((n, i) => (
            <Notice key={`n${turn.seq}-${i}`} text={n.text} />
          ))}
        </Fragment>
      ))}
      {/* Notices recorded after a turn of an earlier session (restarted after idling) still show. */}
      {notices
        .filter((n) => n.afterSeq > lastSeq)
        .map((n, i) => (
          <Notice key={`nx-${i}`} text={n.text} />
        ))}
      {pending && (
        <>
          <Question text={pending.question} pending />
          <div className="bb-chat-row bb-chat-row-bot">
            <div className="bb-chat-bubble bb-chat-bubble-bot bb-chat-typing" role="status">
              {t('chat.thinking')}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
