import { useId, useState } from 'react';
import { Alert, Button, Descriptions, Empty, Input, Skeleton, Tabs, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined, ImportOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { CONVERSATION_STATUS_LABELS, type ConversationContext, type StaffConversation } from '@bangban/shared';
import { errorMessage } from '../../app/api.ts';
import { MarkdownView } from '../knowledge/MarkdownView.tsx';
import { markdownToPlain } from './markdownText.ts';
import { useAddNote, useNotes, useSuggestions } from './useDesk.ts';

export type SideTab = 'suggestions' | 'context' | 'notes';
export const SUGGESTIONS_PANEL_ID = 'bb-desk-suggestions';

interface Props {
  conversation: StaffConversation;
  context: { data?: ConversationContext; isPending: boolean; error: Error | null };
  /** The seq of the citizen's latest message: new suggestions follow it. */
  citizenSeq: number;
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  onInsert: (text: string) => void;
}

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

function Suggestions({ conversationId, citizenSeq, onInsert }: { conversationId: string; citizenSeq: number; onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const suggestions = useSuggestions(conversationId, citizenSeq);
  if (suggestions.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (suggestions.isError) return <Alert type="error" showIcon role="alert" title={suggestions.error.message} />;
  const { query, items } = suggestions.data;
  return (
    <div id={SUGGESTIONS_PANEL_ID} tabIndex={-1} className="bb-desk-suggestions" aria-busy={suggestions.isFetching}>
      {query && <Typography.Paragraph type="secondary">{t('desk.suggestionsFor', { query })}</Typography.Paragraph>}
      {items.length === 0 ? (
        <Empty description={t('desk.noSuggestions')} />
      ) : (
        <ol className="bb-desk-suggestion-list">
          {items.map((s) => (
            <li key={s.entryId} className="bb-desk-suggestion">
              <h3>{s.question}</h3>
              {s.department && <div className="bb-desk-muted">{s.department}</div>}
              {/* A scroll box of its own: reachable with Tab so keyboard users can scroll a long answer. */}
              <div className="bb-desk-suggestion-answer" tabIndex={0} role="region" aria-label={s.question}>
                <MarkdownView source={s.answer} />
              </div>
              <div className="bb-desk-suggestion-actions">
                <Button size="small" type="primary" icon={<ImportOutlined />} onClick={() => onInsert(markdownToPlain(s.answer))} aria-label={t('desk.insertAnswerFor', { question: s.question })}>
                  {t('desk.insertAnswer')}
                </Button>
                <Link to={`/console/kb/${s.entryId}`} target="_blank" rel="noopener">
                  {t('desk.openEntry')}
                </Link>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ContextTab({ conversation, context }: Pick<Props, 'conversation' | 'context'>) {
  const { t } = useTranslation();
  if (context.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (context.error || !context.data) return <Alert type="error" showIcon role="alert" title={context.error ? errorMessage(context.error) : t('common.loadFailed')} />;
  const { matter, citizen, earlier } = context.data;
  return (
    <div className="bb-desk-context">
      <h3 className="bb-desk-h3">{t('desk.matter')}</h3>
      {matter ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('desk.matterName')}>
            <Link to={`/console/matters/${matter.id}`} target="_blank" rel="noopener">
              {matter.name}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.matterCode')}>{matter.code}</Descriptions.Item>
          {matter.department && <Descriptions.Item label={t('desk.department')}>{matter.department}</Descriptions.Item>}
          {matter.leadUnit && <Descriptions.Item label={t('desk.leadUnit')}>{matter.leadUnit}</Descriptions.Item>}
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary">{t('desk.noMatter')}</Typography.Paragraph>
      )}
      <h3 className="bb-desk-h3">{t('desk.citizen')}</h3>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('desk.citizenName')}>
          {citizen.name ?? t('desk.anonymous')} {citizen.realName && <Tag color="success">{t('desk.realName')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.phone')}>{citizen.phone ?? t('common.notSet')}</Descriptions.Item>
        <Descriptions.Item label={t('desk.contact')}>{citizen.contact ?? t('common.notSet')}</Descriptions.Item>
        <Descriptions.Item label={t('desk.requestedAt')}>{when(conversation.requestedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.routedVia')}>{t(`desk.routed_${conversation.routedVia}`)}</Descriptions.Item>
      </Descriptions>
      <h3 className="bb-desk-h3">{t('desk.earlier', { n: earlier.length })}</h3>
      {earlier.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('desk.noEarlier')}</Typography.Paragraph>
      ) : (
        <ul className="bb-desk-earlier">
          {earlier.map((e) => (
            <li key={e.id}>
              <div>
                <time dateTime={e.requestedAt}>{when(e.requestedAt)}</time> · {e.group}{' '}
                <Tag>{CONVERSATION_STATUS_LABELS[e.status]}</Tag>
                {e.outcome && <Tag color={e.outcome === 'resolved' ? 'success' : 'warning'}>{t(`desk.outcomeClose_${e.outcome}`)}</Tag>}
              </div>
              <div className="bb-desk-earlier-q">{e.question ?? t('desk.noQuestion')}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Notes({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const inputId = useId();
  const notes = useNotes(conversationId);
  const add = useAddNote(conversationId);
  const [text, setText] = useState('');
  const save = () => {
    const value = text.trim();
    if (!value) return;
    add.mutate(value, { onSuccess: () => setText('') });
  };
  return (
    <div className="bb-desk-notes">
      <Alert type="warning" showIcon icon={<EyeInvisibleOutlined />} title={t('desk.notesPrivate')} style={{ marginBottom: 12 }} />
      {notes.isError && <Alert type="error" showIcon role="alert" title={notes.error.message} />}
      {notes.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : notes.data?.items.length ? (
        <ul className="bb-desk-note-list">
          {notes.data.items.map((n) => (
            <li key={n.id}>
              <div className="bb-desk-muted">
                {n.authorName} · <time dateTime={n.createdAt}>{when(n.createdAt)}</time>
              </div>
              <p className="bb-desk-text">{n.text}</p>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('desk.noNotes')}</Typography.Paragraph>
      )}
      <div className="bb-field">
        <label htmlFor={inputId}>{t('desk.newNote')}</label>
        <Input.TextArea
          id={inputId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              save();
            }
          }}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
        />
      </div>
      {add.error && <Alert type="error" showIcon role="alert" title={add.error.message} style={{ marginTop: 8 }} />}
      <Button type="primary" onClick={save} loading={add.isPending} disabled={!text.trim()} style={{ marginTop: 8 }}>
        {t('desk.saveNote')}
      </Button>
    </div>
  );
}

/** 知识库推荐 / 事项与历史 / 内部备注 beside the chat. */
export function SidePanel({ conversation, context, citizenSeq, tab, onTab, onInsert }: Props) {
  const { t } = useTranslation();
  return (
    <Tabs
      className="bb-desk-side-tabs"
      activeKey={tab}
      onChange={(k) => onTab(k as SideTab)}
      items={[
        {
          key: 'suggestions',
          label: t('desk.tabSuggestions'),
          children: <Suggestions conversationId={conversation.id} citizenSeq={citizenSeq} onInsert={onInsert} />,
        },
        { key: 'context', label: t('desk.tabContext'), children: <ContextTab conversation={conversation} context={context} /> },
        { key: 'notes', label: t('desk.tabNotes'), children: <Notes key={conversation.id} conversationId={conversation.id} /> },
      ]}
    />
  );
}
