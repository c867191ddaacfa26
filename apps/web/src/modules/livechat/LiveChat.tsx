import { useEffect, useRef } from 'react';
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ClosedPanel } from './ClosedPanel.tsx';
import { LiveComposer } from './LiveComposer.tsx';
import { LiveMessages } from './LiveMessages.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { useLiveConversation } from './useLiveConversation.ts';
import './livechat.css';

interface Props {
  conversationId: string;
  /** Back to 小申 (after the end, or when the conversation is gone). */
  onLeave: () => void;
  /** Move the focus to the state once shown (just handed off, so a screen reader hears where they stand). */
  focusOnOpen: boolean;
}

/** Live mode of the chat page: the state, the messages with the agent, the composer; at the end, the rating. */
export function LiveChat({ conversationId, onLeave, focusOnOpen }: Props) {
  const { t } = useTranslation();
  const live = useLiveConversation(conversationId, onLeave);
  const c = live.conversation;
  const statusHeading = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  /** Seen open during this visit: when it closes, the end panel takes the focus. */
  const seenOpen = useRef(false);
  if (c && c.status !== 'closed') seenOpen.current = true;

  useEffect(() => {
    if (!c || !focusOnOpen || focused.current) return;
    focused.current = true;
    statusHeading.current?.focus();
  }, [c, focusOnOpen]);

  const ended = c?.status === 'closed';
  const banner =
    ended || !c ? null : live.socketState === 'reconnecting' ? (
      <Alert className="bb-live-banner" type="warning" showIcon role="status" title={t('live.reconnecting')} />
    ) : live.socketState === 'closed' && live.historyLoaded ? (
      <Alert
        className="bb-live-banner"
        type="error"
        showIcon
        role="alert"
        title={live.socketError ?? t('live.disconnected')}
        action={
          <Button className="bb-chat-btn" onClick={() => window.location.reload()}>
            {t('live.reload')}
          </Button>
        }
      />
    ) : null;

  return (
    <>
      <main id="main" tabIndex={-1} className="bb-chat-main bb-live-main">
        {banner}
        {!c ? (
          live.conversationError ? (
            <Alert
              className="bb-chat-start-error"
              type="error"
              showIcon
              role="alert"
              title={t('live.loadFailed')}
              description={live.conversationError}
              action={
                <Button className="bb-chat-btn" onClick={live.reloadConversation}>
                  {t('live.retry')}
                </Button>
              }
            />
          ) : (
            <div className="bb-center" role="status">
              <Spin />
              <span>{t('live.loading')}</span>
            </div>
          )
        ) : (
          <div className="bb-live-body">
            {!ended && <LiveStatus ref={statusHeading} conversation={c} onLeaveContact={live.leaveContact} />}
            {live.historyError && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t('live.historyFailed', { message: live.historyError })}
                action={
                  <Button className="bb-chat-btn" onClick={live.reloadHistory}>
                    {t('live.retry')}
                  </Button>
                }
              />
            )}
            <LiveMessages
              messages={live.messages}
              outgoing={live.outgoing}
              agentName={c.agentName}
              agentReadSeq={live.agentReadSeq}
              agentTyping={live.agentTyping && !ended}
              onSeen={live.markRead}
              onRetry={live.retry}
              onDiscard={live.discard}
              onCancel={live.cancel}
              ended={ended}
              empty={live.historyLoaded && !ended}
            />
            {ended && <ClosedPanel conversation={c} onContest={live.contest} onBack={onLeave} focusOnShow={seenOpen.current} />}
          </div>
        )}
      </main>
      <footer className="bb-chat-footer">
        {ended ? <p className="bb-live-muted bb-live-ended-note">{t('live.closedComposer')}</p> : <LiveComposer disabled={!c} onSend={live.send} onTyping={live.typing} />}
      </footer>
    </>
  );
}
