import { Alert, Badge, Button, Empty, Skeleton } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ChatMessage, StaffConversation } from '@bangban/shared';
import { formatDuration, useNow } from './alerts.ts';

interface ListQuery {
  data?: { items: StaffConversation[] };
  isPending: boolean;
  error: Error | null;
}

interface Props {
  mine: ListQuery;
  queue: ListQuery;
  tickets: ListQuery;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  unread: (id: string) => number;
  lastMessage: (id: string) => ChatMessage | undefined;
  /** The citizen of that chat is typing until this time (ms). */
  typingUntil: (id: string) => number;
  onClaim: (c: StaffConversation) => void;
  claimingId: string | undefined;
}

function excerpt(text: string | null | undefined, fallback: string): string {
  const s = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return fallback;
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function Section({ id, title, count, children }: { id: string; title: string; count: number | undefined; children: React.ReactNode }) {
  return (
    <section className="bb-desk-section" aria-labelledby={id}>
      <h2 id={id} className="bb-desk-h2">
        {title}
        {count !== undefined && <span className="bb-desk-count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Waiting({ since }: { since: string }) {
  const now = useNow();
  return <>{formatDuration((now - Date.parse(since)) / 1000)}</>;
}

/** "正在输入…" while the citizen types, else the last message. */
function TypingOr({ until, children }: { until: number; children: React.ReactNode }) {
  const { t } = useTranslation();
  const now = useNow();
  return until > now ? <em>{t('desk.citizenTyping')}</em> : <>{children}</>;
}

function QueueList({ list, empty, onClaim, claimingId, kind }: { list: ListQuery; empty: string; onClaim: Props['onClaim']; claimingId: string | undefined; kind: 'queue' | 'ticket' }) {
  const { t } = useTranslation();
  if (list.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (list.error) return <Alert type="error" showIcon role="alert" title={list.error.message} />;
  const items = list.data?.items ?? [];
  if (!items.length) return <p className="bb-desk-muted bb-desk-empty">{empty}</p>;
  return (
    <ul className="bb-desk-list">
      {items.map((c) => (
        <li key={c.id} className="bb-desk-queue-item">
          <div className="bb-desk-item-main">
            <div className="bb-desk-item-head">
              <strong>#{c.queueNo}</strong> <span className="bb-desk-muted">{c.group}</span>
            </div>
            <div className="bb-desk-item-text">{excerpt(c.question, t('desk.noQuestion'))}</div>
            <div className="bb-desk-muted bb-desk-item-foot">
              {kind === 'queue' ? (
                <>
                  {t('desk.waited')} <Waiting since={c.slaStartAt ?? c.requestedAt} />
                </>
              ) : (
                t('desk.leftAt', { at: dayjs(c.requestedAt).format('MM-DD HH:mm') })
              )}
            </div>
          </div>
          {c.can.claim && (
            <Button
              size="small"
              type={kind === 'queue' ? 'primary' : 'default'}
              icon={<LoginOutlined />}
              loading={claimingId === c.id}
              disabled={!!claimingId && claimingId !== c.id}
              onClick={() => onClaim(c)}
              aria-label={t('desk.claimNo', { no: c.queueNo })}
            >
              {t('desk.claim')}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Left column: my chats (with unread counts), my group's queue, and 留言 tickets. */
export function ChatLists({ mine, queue, tickets, selectedId, onSelect, unread, lastMessage, typingUntil, onClaim, claimingId }: Props) {
  const { t } = useTranslation();
  const myItems = mine.data?.items ?? [];
  return (
    <div className="bb-desk-lists">
      <Section id="bb-desk-mine" title={t('desk.myChats')} count={mine.data?.items.length}>
        {mine.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} title={false} />
        ) : mine.error ? (
          <Alert type="error" showIcon role="alert" title={mine.error.message} />
        ) : myItems.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.noMyChats')} />
        ) : (
          <ul className="bb-desk-list" aria-label={t('desk.myChats')}>
            {myItems.map((c, i) => {
              const n = unread(c.id);
              const last = lastMessage(c.id);
              const owed = last?.sender === 'citizen';
              const selected = c.id === selectedId;
              return (
                <li key={c.id}>
                  <button
                    type="button"
                    className={`bb-desk-chat${selected ? ' bb-desk-chat-selected' : ''}${n ? ' bb-desk-chat-unread' : ''}`}
                    aria-current={selected ? 'true' : undefined}
                    onClick={() => onSelect(c.id)}
                  >
                    <span className="bb-desk-item-head">
                      {i < 9 && (
                        <kbd className="bb-desk-kbd" aria-hidden="true">
                          {i + 1}
                        </kbd>
                      )}
                      <strong>#{c.queueNo}</strong>
                      <span className="bb-desk-muted bb-desk-ellipsis">{c.group}</span>
                      {n > 0 && <Badge count={n} className="bb-desk-badge" aria-hidden="true" />}
                      {n > 0 && <span className="bb-sr-only">{t('desk.unreadN', { n })}</span>}
                    </span>
                    <span className="bb-desk-item-text">
                      <TypingOr until={typingUntil(c.id)}>
                        {excerpt(last?.text || (last?.attachment ? `[${t(`desk.kind_${last.attachment.kind}`)}]` : c.question), t('desk.noQuestion'))}
                      </TypingOr>
                    </span>
                    {owed && last && (
                      <span className="bb-desk-owed">
                        {t('desk.owed')} <Waiting since={last.createdAt} />
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </Section>
      <Section id="bb-desk-queue" title={t('desk.queue')} count={queue.data?.items.length}>
        <QueueList list={queue} empty={t('desk.queueEmpty')} onClaim={onClaim} claimingId={claimingId} kind="queue" />
      </Section>
      <Section id="bb-desk-tickets" title={t('desk.tickets')} count={tickets.data?.items.length}>
        <QueueList list={tickets} empty={t('desk.ticketsEmpty')} onClaim={onClaim} claimingId={claimingId} kind="ticket" />
      </Section>
    </div>
  );
}
