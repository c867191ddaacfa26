import { Card, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CalendarOverride } from '@bangban/shared';

export function OverridesTable({ items, loading, onPick }: { items: CalendarOverride[]; loading: boolean; onPick: (o: CalendarOverride) => void }) {
  const { t } = useTranslation();
  return (
    <Card title={<h2 className="bb-card-title">{t('calendar.overridesTitle')}</h2>}>
      <Table<CalendarOverride>
        size="small"
        rowKey="date"
        loading={loading}
        dataSource={[...items].sort((a, b) => b.date.localeCompare(a.date))}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: t('calendar.overridesEmpty') }}
        // An empty table has nothing to scroll to, and a scroll box with nothing focusable in it traps keyboard users.
        scroll={items.length ? { x: 520 } : undefined}
        columns={[
          {
            key: 'date',
            title: t('calendar.date'),
            render: (_, o) => (
              <a
                href={`#${o.date}`}
                onClick={(e) => {
                  e.preventDefault();
                  onPick(o);
                }}
              >
                {o.date}
              </a>
            ),
          },
          {
            key: 'working',
            title: t('calendar.dayType'),
            render: (_, o) => (o.working ? <Tag color="orange">{t('calendar.working')}</Tag> : <Tag color="red">{t('calendar.rest')}</Tag>),
          },
          { key: 'name', title: t('calendar.dayName'), render: (_, o) => o.name ?? '—' },
          { key: 'by', title: t('calendar.updatedBy'), render: (_, o) => o.updatedBy ?? '—' },
          { key: 'at', title: t('calendar.updatedAt'), render: (_, o) => dayjs(o.updatedAt).format('YYYY-MM-DD HH:mm') },
        ]}
      />
    </Card>
  );
}
