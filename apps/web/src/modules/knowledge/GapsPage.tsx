import { useState } from 'react';
import { Alert, App, Button, Checkbox, Dropdown, Empty, Grid, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { KbGap } from '@bangban/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { GapDue } from './GapDue.tsx';
import { GapResolveDialog } from './GapResolveDialog.tsx';
import { useDraftFromGap, useGaps, type GapStatus } from './useGaps.ts';

const STATUSES: GapStatus[] = ['open', 'answered', 'dismissed'];
const STATUS_COLORS: Record<GapStatus, string> = { open: 'processing', answered: 'success', dismissed: 'default' };

/** /console/kb/gaps — questions nobody could answer, due within 5 working days. */
export function GapsPage() {
  const { t } = useTranslation();
  usePageTitle(t('gaps.title'));
  const navigate = useNavigate();
  const { message } = App.useApp();
  const wide = Grid.useBreakpoint().lg === true;
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = statusParam === 'any' ? undefined : (STATUSES.find((s) => s === statusParam) ?? 'open');
  const overdue = params.get('overdue') === 'true';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [10, 20, 50].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const gaps = useGaps({ status, overdue, page, pageSize });
  const draft = useDraftFromGap();
  const [dialog, setDialog] = useState<{ gap: KbGap; mode: 'answer' | 'dismiss' } | null>(null);
  const canResolve = gaps.data?.can.resolve ?? false;

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const startDraft = (gap: KbGap) =>
    draft.mutate(gap.id, {
      onSuccess: (entry) => navigate(`/console/kb/${entry.id}/edit`),
      onError: (e) => void message.error(e.message),
    });

  const actions = (g: KbGap) => {
    if (!canResolve || g.status !== 'open') return null;
    const items = [
      { key: 'draft', label: t('gaps.draft'), onClick: () => startDraft(g) },
      { key: 'answer', label: t('gaps.answer'), onClick: () => setDialog({ gap: g, mode: 'answer' }) },
      { key: 'dismiss', label: t('gaps.dismiss'), onClick: () => setDialog({ gap: g, mode: 'dismiss' }) },
    ];
    if (!wide) {
      return (
        <Dropdown trigger={['click']} menu={{ items: items.map(({ key, label, onClick }) => ({ key, label, onClick })) }}>
          <Button size="small" aria-label={t('gaps.actionsFor', { question: g.question })}>
            {t('gaps.handle')} <DownOutlined aria-hidden />
          </Button>
        </Dropdown>
      );
    }
    return (
      <Space size={4} wrap>
        {items.map((i) => (
          <Button key={i.key} size="small" type={i.key === 'draft' ? 'primary' : 'default'} loading={i.key === 'draft' && draft.isPending && draft.variables === g.id} onClick={i.onClick}>
            {i.label}
          </Button>
        ))}
      </Space>
    );
  };

  const columns: TableColumnsType<KbGap> = [
    {
      key: 'question',
      title: t('gaps.question'),
      render: (_, g) => (
        <div>
          <div style={{ wordBreak: 'break-word' }}>{g.question}</div>
          <Space size={4} wrap style={{ marginTop: 4 }}>
            <Tag>{t('gaps.occurrences', { n: g.occurrences })}</Tag>
            <Tag>{t(`gaps.source_${g.source}`)}</Tag>
          </Space>
          <div className="bb-only-mobile" style={{ marginTop: 4, fontSize: 12 }}>
            <div>{[g.department?.name, g.matter?.name].filter(Boolean).join(' · ')}</div>
            <GapDue gap={g} />
          </div>
          {g.answeredEntry && (
            <div style={{ fontSize: 12, marginTop: 4 }}>
              {t('gaps.answeredWith')} <Link to={`/console/kb/${g.answeredEntry.id}`}>{g.answeredEntry.question}</Link>
            </div>
          )}
          {g.dismissReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('gaps.dismissedBecause', { reason: g.dismissReason })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { key: 'department', title: t('kb.department'), render: (_, g) => g.department?.name ?? t('gaps.noDepartment'), responsive: ['md'] },
    { key: 'matter', title: t('kb.matter'), render: (_, g) => g.matter?.name ?? '—', responsive: ['lg'] },
    { key: 'due', title: t('gaps.dueAt'), width: 170, render: (_, g) => <GapDue gap={g} />, responsive: ['md'] },
    {
      key: 'status',
      title: t('kb.status'),
      width: 100,
      render: (_, g) => <Tag color={STATUS_COLORS[g.status]}>{t(`gaps.status_${g.status}`)}</Tag>,
      responsive: ['sm'],
    },
    { key: 'lastSeen', title: t('gaps.lastSeen'), width: 140, render: (_, g) => dayjs(g.lastSeenAt).format('YYYY-MM-DD HH:mm'), responsive: ['xl'] },
    ...(canResolve ? [{ key: 'actions', title: t('common.actions'), render: (_: unknown, g: KbGap) => actions(g) }] : []),
  ];

  return (
    <div className="bb-page">
      <Typography.Title level={1} className="bb-page-title">
        {t('gaps.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('gaps.intro')}</Typography.Paragraph>
      <div className="bb-filters" role="group" aria-label={t('matters.filters')}>
        <div className="bb-field">
          <label htmlFor="gap-status">{t('kb.status')}</label>
          <Select
            id="gap-status"
            value={status ?? 'any'}
            onChange={(v: string) => set({ status: v === 'open' ? undefined : v })}
            style={{ minWidth: 140 }}
            options={[...STATUSES.map((s) => ({ value: s, label: t(`gaps.status_${s}`) })), { value: 'any', label: t('common.all') }]}
          />
        </div>
        <Checkbox checked={overdue} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })} style={{ paddingBottom: 6 }}>
          {t('gaps.overdueOnly')}
        </Checkbox>
      </div>
      {gaps.isError && <Alert type="error" showIcon role="alert" title={gaps.error.message} style={{ marginBottom: 16 }} />}
      <Table<KbGap>
        rowKey="id"
        columns={columns}
        dataSource={gaps.data?.items ?? []}
        loading={gaps.isFetching}
        size="middle"
        locale={{ emptyText: <Empty description={t('gaps.empty')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: gaps.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => set({ page: String(size !== pageSize ? 1 : p), pageSize: String(size) }),
          responsive: true,
        }}
      />
      {dialog && (
        <GapResolveDialog
          gap={dialog.gap}
          mode={dialog.mode}
          onClose={() => setDialog(null)}
          onDone={() => {
            void message.success(dialog.mode === 'answer' ? t('gaps.answered') : t('gaps.dismissed'));
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}
