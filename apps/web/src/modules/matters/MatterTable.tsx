import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MatterList, MatterSummary } from '@bangban/shared';
import type { MatterFilters } from './useMatters.ts';

interface Props {
  data: MatterList | undefined;
  loading: boolean;
  filters: MatterFilters;
  onPage: (page: number, pageSize: number) => void;
}

export function MatterTable({ data, loading, filters, onPage }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const from = location.pathname + location.search;
  const open = (m: MatterSummary) => navigate(`/console/matters/${m.id}`, { state: { from } });

  const columns: TableColumnsType<MatterSummary> = [
    {
      key: 'name',
      title: t('matters.name'),
      render: (_, m) => (
        <div>
          <Link to={`/console/matters/${m.id}`} state={{ from }} onClick={(e) => e.stopPropagation()}>
            {m.name}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.code}
            </Typography.Text>
          </div>
          <div className="bb-only-mobile">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.department.name} · {m.type}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { key: 'type', title: t('matters.type'), dataIndex: 'type', width: 120, responsive: ['md'] },
    { key: 'department', title: t('matters.department'), render: (_, m) => m.department.name, responsive: ['md'] },
    {
      key: 'audience',
      title: t('matters.audience'),
      width: 110,
      render: (_, m) => t(`audience.${m.audience}`),
      responsive: ['lg'],
    },
    { key: 'hall', title: t('matters.hall'), render: (_, m) => t(`hall.${m.hall}`), responsive: ['xxl'] },
    { key: 'lead', title: t('matters.leadUnit'), render: (_, m) => m.leadUnit.name, responsive: ['lg'] },
    {
      key: 'limit',
      title: t('matters.promisedTimeLimit'),
      width: 120,
      render: (_, m) => m.promisedTimeLimit ?? '—',
      responsive: ['xl'],
    },
    {
      key: 'top',
      title: t('matters.top'),
      width: 100,
      render: (_, m) => (m.topRank ? <Tag color="gold">{t('matters.rank', { n: m.topRank })}</Tag> : null),
      responsive: ['sm'],
    },
  ];

  return (
    <Table<MatterSummary>
      rowKey="id"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      size="middle"
      rowClassName={() => 'bb-clickable-row'}
      onRow={(m) => ({ onClick: () => open(m) })}
      locale={{ emptyText: <Empty description={<span>{t('matters.empty')}<br />{t('matters.emptyHint')}</span>} /> }}
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
