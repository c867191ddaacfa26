import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Spin } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { LiveChat } from '../livechat/LiveChat.tsx';
import type { HandoffTarget } from '../livechat/liveApi.ts';
import { useLiveHandoff } from '../livechat/useLiveHandoff.ts';
import { ChatLog } from './ChatLog.tsx';
import { Composer } from './Composer.tsx';
import { AutoReadToggle, ElderTheme, ElderToggle } from './ElderControls.tsx';
import { HumanHelpDialog } from './HumanHelpDialog.tsx';
import { useAssistantChat, type AskRequest } from './useAssistantChat.ts';
import { useCitizenElderMode } from './useElderMode.ts';
import './chat.css';
import './elder.css';

/**
 * Everyday questions to start with, when the page is not about one matter (a matter page shows its card).
 * In Chinese whatever the UI language: the knowledge base answers in Chinese. Each is answered by the
 * demo district's catalogue; the greeting's example (assistant-replies.ts) is the second one.
 */
const COMMON_QUESTIONS = ['结婚登记要带什么', '护照怎么办', '退休了养老金怎么领'];

/** Tells the widget on the host page to close the panel (Escape pressed inside the iframe). */
export const CLOSE_MESSAGE = 'bangban:close';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The citizen chat with 小申: a full page at /chat, or the widget's panel at /chat?embed=1; 长辈版 or standard. */
export function ChatPage() {
  const [params] = useSearchParams();
  const [elder, setElder] = useCitizenElderMode(params.get('embed') === '1');
  return (
    <ElderTheme on={elder}>
      <ChatScreen elder={elder} setElder={setElder} />
    </ElderTheme>
  );
}

function ChatScreen({ elder, setElder }: { elder: boolean; setElder: (on: boolean) => void }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const embed = params.get('embed') === '1';
  const matterRef = params.get('matter')?.trim() || null;
  const chat = useAssistantChat({
    channel: embed ? 'widget' : 'page',
    matter: matterRef,
    pageUrl: embed ? (params.get('page') ?? undefined) : window.location.pathname,
  });
  const live = useLiveHandoff();
  const [draft, setDraft] = useState('');
  const [humanOpen, setHumanOpen] = useState(false);
  usePageTitle(t('chat.title'));

  // Escape belongs to the dialog while it is open; otherwise it closes the widget's panel.
  const dialogOpen = useRef(false);
  dialogOpen.current = humanOpen;
  useEffect(() => {
    if (!embed || window.parent === window) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !dialogOpen.current) window.parent.postMessage({ type: CLOSE_MESSAGE }, '*');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [embed]);

  const { ask } = chat;
  const send = useCallback(
    async (request: AskRequest) => {
      // Only a successful send empties the box, and only if it still holds what was sent.
      if (await ask(request)) setDraft((d) => (d.trim() === request.question ? '' : d));
    },
    [ask],
  );
  const openHuman = useCallback(() => setHumanOpen(true), []);
  const { open: openLive } = live;
  const sessionId = chat.sessionId;
  // 转人工 takes the 小申 session along (its transcript and matter); without one (小申 did not start), the
  // page's matter, so the request still reaches the right department.
  const target = useMemo<HandoffTarget>(
    () => (sessionId ? { assistantSessionId: sessionId } : matterRef ? (UUID.test(matterRef) ? { matterId: matterRef } : { matterCode: matterRef.slice(0, 64) }) : {}),
    [sessionId, matterRef],
  );
  const requestHuman = useCallback(
    ({ contact, question }: { contact: string; question: string }) =>
      openLive({
        ...target,
        ...(contact && { contact }),
        ...(question && { question }),
      }),
    [openLive, target],
  );
  const liveMode = live.liveId !== null;

  const chips = chat.turns.length > 0 || chat.matter ? [] : COMMON_QUESTIONS;

  const humanButton = liveMode ? (
    <span className="bb-live-header-tag">{t('live.headerLive')}</span>
  ) : (
    <Button
      className="bb-chat-btn bb-chat-header-human"
      type="primary"
      ghost={!embed && !elder}
      onClick={openHuman}
      disabled={live.checking || (!chat.ready && !chat.startError)}
    >
      {t('chat.human')}
    </Button>
  );

  const elderToggle = <ElderToggle on={elder} onChange={setElder} />;

  return (
    <div className={`bb-chat${embed ? ' bb-chat-embed' : ''}`}>
      {embed ? (
        <div className="bb-chat-toolbar">
          <span className="bb-chat-toolbar-text">{liveMode ? t('chat.name') : t('chat.alwaysOn')}</span>
          {elderToggle}
          {humanButton}
        </div>
      ) : (
        <header className="bb-chat-header">
          <div className="bb-logo" aria-hidden="true">
            申
          </div>
          <div className="bb-chat-header-title">
            <h1>{t('chat.name')}</h1>
            <p>{t('chat.subtitle')}</p>
          </div>
          {/* In 长辈版 the language moves down to the bar above the conversation: the header keeps two rows. */}
          {!elder && <LanguageSwitch size="small" />}
          {elderToggle}
          {humanButton}
        </header>
      )}
      {live.liveId ? (
        <LiveChat key={live.liveId} conversationId={live.liveId} onLeave={live.leave} focusOnOpen={live.justOpened} />
      ) : (
        <>
          <main id="main" tabIndex={-1} className="bb-chat-main">
            {elder && (
              <div className="bb-elder-bar">
                {!embed && <LanguageSwitch />}
                <AutoReadToggle />
              </div>
            )}
            {chat.startError ? (
              <Alert
                className="bb-chat-start-error"
                type="error"
                showIcon
                role="alert"
                title={t('chat.startFailed')}
                description={chat.startError}
                action={
                  <Button className="bb-chat-btn" onClick={() => void chat.retryStart()}>
                    {t('chat.retry')}
                  </Button>
                }
              />
            ) : !chat.ready || live.checking ? (
              <div className="bb-center" role="status">
                <Spin />
                <span>{t('chat.starting')}</span>
              </div>
            ) : (
              <ChatLog
                greeting={chat.greeting}
                matter={chat.matter}
                turns={chat.turns}
                notices={chat.notices}
                acks={chat.acks}
                pending={chat.pending}
                onAsk={(r) => void send(r)}
                onFeedback={chat.sendFeedback}
                onHuman={openHuman}
              />
            )}
          </main>
          <footer className="bb-chat-footer">
            {chat.askError && (
              <Alert
                className="bb-chat-ask-error"
                type="error"
                showIcon
                role="alert"
                title={t('chat.askFailed', { message: chat.askError.message })}
                action={
                  <Button className="bb-chat-btn" onClick={() => void send(chat.askError!.request)}>
                    {t('chat.retry')}
                  </Button>
                }
              />
            )}
            <Composer value={draft} onChange={setDraft} onSend={(q) => void send({ question: q })} sending={chat.pending !== null} disabled={!chat.ready} chips={chips} />
          </footer>
        </>
      )}
      <HumanHelpDialog open={humanOpen} onClose={() => setHumanOpen(false)} target={target} onConfirm={requestHuman} />
    </div>
  );
}
