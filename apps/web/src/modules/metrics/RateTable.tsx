import { Empty, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AssistantMetrics } from '@bangban/shared';

type Row = AssistantMetrics['byDepartment'][number];
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

/** Resolution by department or by matter. */
export function RateTable({ rows, nameTitle, loading }: { rows: Row[]; nameTitle: string; loading: boolean }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Row> = [
    { key: 'name', title: nameTitle, dataIndex: 'name' },
    { key: 'sessions', title: t('metrics.sessionsAsked'), dataIndex: 'sessions', align: 'right', width: 110 },
    { key: 'resolved', title: t('metrics.resolved'), dataIndex: 'resolved', align: 'right', width: 90, responsive: ['sm'] },
    { key: 'rate', title: t('metrics.rate'), render: (_, r) => pct(r.rate), align: 'right', width: 100 },
    { key: 'explicit', title: t('metrics.explicitRate'), render: (_, r) => pct(r.explicitRate), align: 'right', width: 130, responsive: ['md'] },
  ];
  return (
    <Table<Row>
      rowKey={(r) => r.id ?? `none-${r.name}`}
      columns={columns}
      dataSource={rows}
      loading={loading}
      size="small"
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description={t('metrics.noData')} /> }}
    />
  );
}
