import { useState } from 'react';
import { Alert, App, Button, Card, Empty, List, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { KbEntry, KbEntryVersion } from '@bangban/shared';
import { DiffView } from './DiffView.tsx';
import { MarkdownView } from './MarkdownView.tsx';
import { useKbAction, useKbDiff, useKbVersions } from './useKnowledge.ts';

type To = number | 'draft';

/** Published versions, a diff between any two (or a version and the working copy), and rollback. */
export function VersionsPanel({ entry }: { entry: KbEntry }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const versions = useKbVersions(entry.id);
  const rollback = useKbAction(entry.id);
  const items = versions.data?.items ?? [];
  const latest = items[0]?.version ?? null;
  const hasDraft = entry.hasUnpublishedChanges || (entry.status !== 'published' && entry.status !== 'archived');
  const [pick, setPick] = useState<{ from: number | null; to: To | null }>({ from: null, to: null });
  const [open, setOpen] = useState<number | null>(null);
  const to: To | null = pick.to ?? (hasDraft && latest ? 'draft' : latest);
  const from = pick.from ?? (to === 'draft' ? latest : items[1]?.version ?? null);
  const diff = useKbDiff(entry.id, from, to);
  const matterNames = new Map(entry.matters.map((m) => [m.id, m.name]));

  const confirmRollback = (v: KbEntryVersion) =>
    modal.confirm({
      title: t('kb.rollbackConfirm', { n: v.version }),
      content: t('kb.rollbackHelp', { n: v.version }),
      okText: t('kb.rollback'),
      cancelText: t('common.cancel'),
      onOk: () =>
        rollback.mutateAsync({ kind: 'rollback', version: v.version }).then(
          () => void message.success(t('kb.rolledBack', { n: v.version })),
          (e: Error) => void message.error(e.message),
        ),
    });

  if (versions.isPending) return <Skeleton active />;
  if (versions.isError) return <Alert type="error" showIcon role="alert" title={versions.error.message} />;
  if (!items.length) return <Empty description={t('kb.noVersions')} />;

  const options = items.map((v) => ({ value: v.version, label: t('kb.versionN', { n: v.version }) }));
  const toOptions: { value: To; label: string }[] = [...(hasDraft ? [{ value: 'draft' as const, label: t('kb.workingCopy') }] : []), ...options];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<h2 className="bb-card-title">{t('kb.versionList')}</h2>}>
        <List<KbEntryVersion>
          dataSource={items}
          renderItem={(v) => {
            const current = v.version === entry.publishedVersion;
            const canRollback = entry.can.rollback && !(current && !entry.hasUnpublishedChanges);
            return (
              <List.Item style={{ display: 'block' }}>
                <Space size={6} wrap>
                  <strong>{t('kb.versionN', { n: v.version })}</strong>
                  {current && <Tag color="success">{t('kb.currentVersion')}</Tag>}
                  <Typography.Text type="secondary">
                    {dayjs(v.publishedAt).format('YYYY-MM-DD HH:mm')}
                    {v.publishedBy ? ` · ${v.publishedBy}` : ''}
                  </Typography.Text>
                </Space>
                {v.note && <div style={{ marginTop: 4 }}>{v.note}</div>}
                <Space size={8} wrap style={{ marginTop: 8 }}>
                  <Button size="small" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? null : v.version)}>
                    {open === v.version ? t('kb.hideVersion') : t('kb.showVersion')}
                  </Button>
                  {canRollback && (
                    <Button size="small" icon={<HistoryOutlined />} onClick={() => confirmRollback(v)} aria-label={t('kb.rollbackTo', { n: v.version })}>
                      {t('kb.rollback')}
                    </Button>
                  )}
                </Space>
                {open === v.version && (
                  <div style={{ marginTop: 8 }}>
                    <Typography.Paragraph strong>{v.question}</Typography.Paragraph>
                    <div className="bb-md-preview">
                      <MarkdownView source={v.answer} />
                    </div>
                  </div>
                )}
              </List.Item>
            );
          }}
        />
      </Card>
      <Card title={<h2 className="bb-card-title">{t('kb.compare')}</h2>}>
        <div className="bb-filters">
          <div className="bb-field">
            <label htmlFor="kb-diff-from">{t('kb.compareFrom')}</label>
            <Select<number> id="kb-diff-from" value={from ?? undefined} onChange={(v) => setPick({ from: v, to })} options={options} style={{ minWidth: 140 }} />
          </div>
          <div className="bb-field">
            <label htmlFor="kb-diff-to">{t('kb.compareTo')}</label>
            <Select<To> id="kb-diff-to" value={to ?? undefined} onChange={(v) => setPick({ from, to: v })} options={toOptions} style={{ minWidth: 140 }} />
          </div>
        </div>
        {from === null || to === null || from === to ? (
          <Typography.Text type="secondary">{t('kb.compareHint')}</Typography.Text>
        ) : (
          <DiffView diff={diff.data} loading={diff.isPending} error={diff.error} matterNames={matterNames} />
        )}
      </Card>
    </Space>
  );
}
