import { Alert, Card, Descriptions, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { DiffView } from './DiffView.tsx';
import { EntryActions } from './EntryActions.tsx';
import { KbStatusTag } from './KbStatusTag.tsx';
import { MarkdownView } from './MarkdownView.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { useKbDiff, useKbEntry } from './useKnowledge.ts';

/** /console/kb/:id — the entry, its workflow and its versions (?tab=versions). */
export function EntryDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const entry = useKbEntry(id);
  const e = entry.data;
  const pendingReview = !!e && e.status === 'in_review' && e.can.review && e.publishedVersion !== null;
  const diff = useKbDiff(id, pendingReview ? e.publishedVersion : null, pendingReview ? 'draft' : null);
  usePageTitle(e?.question || t('kb.detail'));
  const from = (location.state as { from?: string } | null)?.from;
  const backTo = from?.startsWith('/console/kb') ? from : '/console/kb';
  const tab = params.get('tab') === 'versions' ? 'versions' : 'content';

  const text = (value: string | null | undefined) => value || <Typography.Text type="secondary">{t('common.notSet')}</Typography.Text>;
  const back = (
    <Link to={backTo}>
      <ArrowLeftOutlined aria-hidden /> {t('kb.backToList')}
    </Link>
  );

  if (entry.isPending) return <Skeleton active />;
  if (entry.isError || !e) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="error" showIcon role="alert" title={entry.error?.message} style={{ marginTop: 16 }} />
      </div>
    );
  }

  const content = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {e.demo && <Alert type="info" showIcon title={t('kb.demoNotice')} />}
      {e.reviewNote && e.status === 'draft' && <Alert type="warning" showIcon title={t('kb.reviewNoteShown', { note: e.reviewNote })} />}
      {pendingReview && (
        <Card title={<h2 className="bb-card-title">{t('kb.reviewDiffTitle', { n: e.publishedVersion })}</h2>}>
          <DiffView diff={diff.data} loading={diff.isPending} error={diff.error} matterNames={new Map(e.matters.map((m) => [m.id, m.name]))} />
        </Card>
      )}
      <Card title={<h2 className="bb-card-title">{t('kb.answer')}</h2>}>
        <MarkdownView source={e.answer} />
      </Card>
      <Card title={<h2 className="bb-card-title">{t('kb.similar')}</h2>}>
        {e.similar.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {e.similar.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        ) : (
          <Typography.Text type="secondary">{t('kb.noSimilar')}</Typography.Text>
        )}
      </Card>
      <Card title={<h2 className="bb-card-title">{t('kb.linksSection')}</h2>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'department', label: t('kb.department'), children: e.department.name },
            { key: 'sharing', label: t('kb.sharing'), children: t(`kbSharing.${e.sharing}`) },
            {
              key: 'matters',
              label: t('kb.matters'),
              span: { xs: 1, md: 2 },
              children: e.matters.length
                ? e.matters.map((m) => (
                    <Link key={m.id} to={`/console/matters/${m.id}`} style={{ marginInlineEnd: 12 }}>
                      {m.name}
                    </Link>
                  ))
                : text(null),
            },
            {
              key: 'related',
              label: t('kb.related'),
              span: { xs: 1, md: 2 },
              children: e.related.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {e.related.map((r) => (
                    <li key={r.id}>
                      <Link to={`/console/kb/${r.id}`}>{r.question}</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                text(null)
              ),
            },
            { key: 'from', label: t('kb.effectiveFrom'), children: text(e.effectiveFrom) },
            { key: 'to', label: t('kb.expiresOn'), children: text(e.expiresOn) },
            { key: 'submittedBy', label: t('kb.submittedBy'), children: text(e.submittedBy) },
            { key: 'reviewedBy', label: t('kb.reviewedBy'), children: text(e.reviewedBy) },
            { key: 'source', label: t('kb.source'), children: t(`kbSource.${e.source}`) },
            ...(e.citation ? [{ key: 'citation', label: t('kb.citation'), span: { xs: 1, md: 2 }, children: e.citation }] : []),
            { key: 'updated', label: t('kb.updatedAt'), children: dayjs(e.updatedAt).format('YYYY-MM-DD HH:mm') },
          ]}
        />
      </Card>
    </Space>
  );

  return (
    <div className="bb-page" style={{ maxWidth: 1100 }}>
      {back}
      <div className="bb-page-header" style={{ marginTop: 12 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} className="bb-page-title" style={{ wordBreak: 'break-word' }}>
            {e.question || t('kb.noQuestion')}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <KbStatusTag status={e.status} unpublished={e.hasUnpublishedChanges} />
            {e.publishedVersion && <Tag>{t('kb.publishedAsVersion', { n: e.publishedVersion })}</Tag>}
          </Space>
        </div>
        <EntryActions entry={e} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'versions' ? { tab: 'versions' } : {}, { replace: true, state: location.state })}
        items={[
          { key: 'content', label: t('kb.tabContent'), children: content },
          { key: 'versions', label: t('kb.tabVersions'), children: <VersionsPanel entry={e} /> },
        ]}
      />
    </div>
  );
}
