import { Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { MatterSummary } from '@bangban/shared';
import { RowLink } from '../../app/components/ListPage.tsx';

/** The matter list's columns; on phones the first one also shows department and type. */
export function matterColumns(t: TFunction): TableColumnsType<MatterSummary> {
  return [
    {
      key: 'name',
      title: t('matters.name'),
      render: (_, m) => (
        <div>
          <RowLink to={`/console/matters/${m.id}`}>{m.name}</RowLink>
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
}
