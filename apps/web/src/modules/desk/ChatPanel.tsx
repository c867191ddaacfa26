import type { Ref } from 'react';
import { Alert, Button, Space, Tag, Tooltip } from 'antd';
import { BookOutlined, CheckCircleOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Attachment, CannedAnswer, ConversationContext, StaffConversation } from '@bangban/shared';
import { useNow } from './alerts.ts';
import type { ChatState } from './chatStore.ts';
import { DeskComposer, type ComposerHandle } from './DeskComposer.tsx';
import { Transcript } from './Transcript.tsx';

interface Props {
  conversation: StaffConversation;
  chat: ChatState;
  context: ConversationContext | undefined;
  contextError: Error | null;
  canned: CannedAnswer[];
  draft: string;
  onDraft: (value: string) => void;
  onSend: (text: string, attachment: Attachment | null) => void;
  onTyping: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  onTransfer: () => void;
  onClose: () => void;
  onPropose: () => void;
  composerRef: Ref<ComposerHandle>;
}

function TypingLine({ until }: { until: number }) {
  const { t } = useTranslation();
  const now = useNow();
  return (
    <div className="bb-desk-typing" aria-live="polite">
      {until > now ? t('desk.citizenTyping') : ''}
    </div>
  );
}

/** The centre: who and what, the actions, the transcript (小申's part first) and the reply box. */
export function ChatPanel(props: Props) {
  const { conversation: c, chat, context, contextError } = props;
  const { t } = useTranslation();
  const citizen = context?.citizen;
  const who = citizen ? (citizen.name ?? t('desk.anonymous')) : '';

  return (
    <div className="bb-desk-chat-panel">
      <header className="bb-desk-chat-head">
        <div className="bb-desk-chat-title">
          <h2 className="bb-desk-h2" id="bb-desk-chat-title">
            #{c.queueNo} · {c.group}
          </h2>
          <div className="bb-desk-muted bb-desk-chat-sub">
            {who && (
              <span>
                {who}
                {citizen?.phone && <> · {citizen.phone}</>}
                {citizen?.realName && (
                  <Tag color="success" style={{ marginInlineStart: 6 }}>
                    {t('desk.realName')}
                  </Tag>
                )}
              </span>
            )}
            {context?.matter && <span> · {context.matter.name}</span>}
            {c.contested && <Tag color="error">{t('desk.contested')}</Tag>}
          </div>
        </div>
        <Space wrap size={8} className="bb-desk-chat-actions">
          {c.can.transfer && (
            <Tooltip title="Alt+T">
              <Button icon={<SwapOutlined />} onClick={props.onTransfer} aria-keyshortcuts="Alt+T">
                {t('desk.transfer')}
              </Button>
            </Tooltip>
          )}
          <Button icon={<BookOutlined />} onClick={props.onPropose}>
            {t('desk.propose')}
          </Button>
          {c.can.close && (
            <Tooltip title="Alt+E">
              <Button danger icon={<CheckCircleOutlined />} onClick={props.onClose} aria-keyshortcuts="Alt+E">
                {t('desk.end')}
              </Button>
            </Tooltip>
          )}
        </Space>
      </header>
      {contextError && <Alert type="warning" showIcon title={t('desk.contextFailed', { message: contextError.message })} />}
      <Transcript
        conversationId={c.id}
        question={c.question}
        messages={chat.messages}
        pending={chat.pending}
        citizenReadSeq={chat.citizenReadSeq}
        assistant={context?.assistant}
        onRetry={props.onRetry}
        onDiscard={props.onDiscard}
      />
      <TypingLine until={chat.typingUntil} />
      <DeskComposer
        key={c.id}
        ref={props.composerRef}
        value={props.draft}
        onChange={props.onDraft}
        onSend={props.onSend}
        onTyping={props.onTyping}
        canned={props.canned}
        disabled={!c.can.reply}
      />
    </div>
  );
}
