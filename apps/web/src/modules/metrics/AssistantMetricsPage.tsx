import { useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Empty, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { AssistantMetrics } from '@bangban/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCan } from '../identity/useMe.ts';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';
import { RateBar } from './RateBar.tsx';
import { RateTable } from './RateTable.tsx';
import { useAssistantMetrics } from './useAssistantMetrics.ts';
import './metrics.css';

type Unanswered = AssistantMetrics['topUnanswered'][number];
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);

/** /console/metrics/assistant — 小申 resolution rate against the 50% target, and where it falls short. */
export function AssistantMetricsPage() {
  const { t } = useTranslation();
  usePageTitle(t('metrics.title'));
  const can = useCan();
  const org = useOrgUnits(can('org.read'));
  const departments = useMemo(() => org.data?.items.filter((u) => u.kind === 'department').map((u) => ({ value: u.id, label: u.name })) ?? [], [org.data]);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().endOf('month')]);
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const metrics = useAssistantMetrics({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), departmentId });
  const m = metrics.data;
  const o = m?.overall;

  const counts = [
    { key: 'sessionsAsked', value: o?.sessions },
    { key: 'resolved', value: o?.resolved },
    { key: 'humanRequested', value: o?.humanRequested },
    { key: 'notSolved', value: o?.notSolved },
    { key: 'questions', value: o?.questions },
    { key: 'answered', value: o?.answered },
  ] as const;

  return (
    <div className="bb-page">
      <Typography.Title level={1} className="bb-page-title">
        {t('metrics.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('metrics.intro')}</Typography.Paragraph>
      <div className="bb-filters" role="group" aria-label={t('matters.filters')}>
        <div className="bb-field">
          <span id="metrics-range-label">{t('metrics.period')}</span>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            aria-labelledby="metrics-range-label"
            presets={[
              { label: t('metrics.thisMonth'), value: [dayjs().startOf('month'), dayjs().endOf('month')] },
              { label: t('metrics.lastMonth'), value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] },
              { label: t('metrics.thisYear'), value: [dayjs().startOf('year'), dayjs().endOf('year')] },
            ]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="metrics-department">{t('kb.department')}</label>
          <Select
            id="metrics-department"
            value={departmentId ?? ''}
            onChange={(v: string) => setDepartmentId(v || undefined)}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 200 }}
            popupMatchSelectWidth={false}
            options={[{ value: '', label: t('metrics.allInScope') }, ...departments]}
          />
        </div>
      </div>
      {metrics.isError && <Alert type="error" showIcon role="alert" title={metrics.error.message} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card loading={metrics.isPending} title={<h2 className="bb-card-title">{t('metrics.headline')}</h2>}>
            <div className="bb-metric-figure" data-testid="metrics-rate">
              {pct(o?.rate)}
            </div>
            {o && o.rate !== null && m && (
              <Tag color={o.rate >= m.target ? 'success' : 'error'}>{o.rate >= m.target ? t('metrics.metTarget') : t('metrics.belowTarget', { target: m.target })}</Tag>
            )}
            <RateBar rate={o?.rate ?? null} target={m?.target ?? 50} />
            <Typography.Text>
              {t('metrics.explicitRate')}：<strong>{pct(o?.explicitRate)}</strong>
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 8, marginBottom: 0 }}>
              {t('metrics.definition')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card loading={metrics.isPending} title={<h2 className="bb-card-title">{t('metrics.counts')}</h2>}>
            <Row gutter={[16, 16]}>
              {counts.map((c) => (
                <Col key={c.key} xs={12} sm={8}>
                  <Statistic title={t(`metrics.${c.key}`)} value={c.value ?? 0} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={<h2 className="bb-card-title">{t('metrics.byDepartment')}</h2>}>
            <RateTable rows={m?.byDepartment ?? []} nameTitle={t('kb.department')} loading={metrics.isFetching} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={<h2 className="bb-card-title">{t('metrics.byMatter')}</h2>}>
            <RateTable rows={m?.byMatter ?? []} nameTitle={t('kb.matter')} loading={metrics.isFetching} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={<h2 className="bb-card-title">{t('metrics.topUnanswered')}</h2>}>
            <Table<Unanswered>
              rowKey={(r, i) => `${r.question}-${i}`}
              size="small"
              loading={metrics.isFetching}
              dataSource={m?.topUnanswered ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={t('metrics.noUnanswered')} /> }}
              columns={[
                { key: 'question', title: t('gaps.question'), dataIndex: 'question' },
                { key: 'n', title: t('metrics.occurrences'), dataIndex: 'occurrences', align: 'right', width: 90 },
                { key: 'department', title: t('kb.department'), render: (_, r) => r.department ?? '—', responsive: ['md'] },
                { key: 'matter', title: t('kb.matter'), render: (_, r) => r.matter ?? '—', responsive: ['lg'] },
                {
                  key: 'status',
                  title: t('kb.status'),
                  width: 100,
                  render: (_, r) => t(`gaps.status_${r.status}`, { defaultValue: r.status }),
                  responsive: ['sm'],
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
