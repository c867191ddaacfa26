import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { KbEntryList, KbEntrySummary } from '@bangban/shared';
import { KbStatusTag } from './KbStatusTag.tsx';
import type { KbFilters } from './useKnowledge.ts';

interface Props {
  data: KbEntryList | undefined;
  loading: boolean;
  filters: KbFilters;
  onPage: (page: number, pageSize: number) => void;
}

export function KbTable({ data, loading, filters, onPage }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const from = location.pathname + location.search;
  const open = (e: KbEntrySummary) => navigate(`/console/kb/${e.id}`, { state: { from } });

  const columns: TableColumnsType<KbEntrySummary> = [
    {
      key: 'question',
      title: t('kb.question'),
      render: (_, e) => (
        <div>
          <Link to={`/console/kb/${e.id}`} state={{ from }} onClick={(ev) => ev.stopPropagation()}>
            {e.question || t('kb.noQuestion')}
          </Link>
          {e.matters.length > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.matters.map((m) => m.name).join('、')}
              </Typography.Text>
            </div>
          )}
          <div className="bb-only-mobile" style={{ marginTop: 4 }}>
            <KbStatusTag status={e.status} unpublished={e.hasUnpublishedChanges} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.department.name}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('kb.status'),
      width: 190,
      render: (_, e) => <KbStatusTag status={e.status} unpublished={e.hasUnpublishedChanges} />,
      responsive: ['md'],
    },
    { key: 'department', title: t('kb.department'), render: (_, e) => e.department.name, responsive: ['md'] },
    {
      key: 'sharing',
      title: t('kb.sharing'),
      width: 110,
      render: (_, e) => <Tag>{t(`kbSharing.${e.sharing}`)}</Tag>,
      responsive: ['lg'],
    },
    {
      key: 'version',
      title: t('kb.publishedVersion'),
      width: 100,
      render: (_, e) => (e.publishedVersion ? t('kb.versionN', { n: e.publishedVersion }) : '—'),
      responsive: ['xl'],
    },
    {
      key: 'updated',
      title: t('kb.updatedAt'),
      width: 150,
      render: (_, e) => dayjs(e.updatedAt).format('YYYY-MM-DD HH:mm'),
      responsive: ['lg'],
    },
  ];

  return (
    <Table<KbEntrySummary>
      rowKey="id"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      size="middle"
      rowClassName={() => 'bb-clickable-row'}
      onRow={(e) => ({ onClick: () => open(e) })}
      locale={{ emptyText: <Empty description={t('kb.empty')} /> }}
      pagination={{
        current: filters.page,
        pageSize: filters.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => t('common.total', { total }),
        onChange: onPage,
        responsive: true,
      }}
    />
  );
}
