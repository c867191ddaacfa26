import { useState } from 'react';
import { Alert, Button, DatePicker, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEvent, Role } from '@bangban/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { AuditDiff } from './AuditDiff.tsx';
import { AUDIT_ACTION_LABELS_ZH, AUDIT_SUBJECT_LABELS_ZH, auditActionLabel, auditSubjectLabel } from './auditLabels.ts';
import { useAuditList, type AuditFilters } from './useAudit.ts';

const ROLE_KEYS = new Set(['admin', 'coordinator', 'agent', 'kb_operator', 'leader', 'center_staff', 'hotline', 'citizen']);

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t('audit.title'));
  const [filters, setFilters] = useState<AuditFilters>({ page: 1, pageSize: 20 });
  const [draft, setDraft] = useState({ q: '', action: '', subjectType: '', subjectId: '' });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [actorName, setActorName] = useState<string | null>(null);
  const list = useAuditList(filters);

  const apply = () =>
    setFilters((f) => ({
      ...f,
      page: 1,
      q: draft.q.trim() || undefined,
      action: draft.action.trim() || undefined,
      subjectType: draft.subjectType.trim() || undefined,
      subjectId: draft.subjectId.trim() || undefined,
      from: range?.[0] ? range[0].startOf('day').format() : undefined,
      to: range?.[1] ? range[1].endOf('day').format() : undefined,
    }));
  const reset = () => {
    setDraft({ q: '', action: '', subjectType: '', subjectId: '' });
    setRange(null);
    setActorName(null);
    setFilters({ page: 1, pageSize: filters.pageSize });
  };

  const roleLabel = (role: string | null) => (role && ROLE_KEYS.has(role) ? t(`roles.${role as Role}`) : role);

  const columns: TableColumnsType<AuditEvent> = [
    {
      key: 'when',
      title: t('audit.when'),
      width: 110,
      render: (_, e) => (
        <time dateTime={e.occurredAt}>
          {dayjs(e.occurredAt).format('YYYY-MM-DD')}
          <br />
          {dayjs(e.occurredAt).format('HH:mm:ss')}
        </time>
      ),
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_, e) =>
        e.actor.id ? (
          <div>
            <Button
              type="link"
              size="small"
              style={{ padding: 0, height: 'auto' }}
              title={t('audit.filterByActor', { name: e.actor.name ?? '' })}
              onClick={() => {
                setActorName(e.actor.name);
                setFilters((f) => ({ ...f, page: 1, actorId: e.actor.id ?? undefined }));
              }}
            >
              {e.actor.name ?? e.actor.id}
            </Button>
            {e.actor.role && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {roleLabel(e.actor.role)}
                </Typography.Text>
              </div>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary">{e.actor.name ?? t('audit.system')}</Typography.Text>
        ),
    },
    {
      key: 'what',
      title: t('audit.what'),
      render: (_, e) => (
        <div>
          <Tag title={e.action}>{auditActionLabel(e.action, lang)}</Tag>
          {e.summary && <div style={{ marginTop: 4 }}>{e.summary}</div>}
        </div>
      ),
    },
    {
      key: 'subject',
      title: t('audit.subject'),
      responsive: ['md'],
      render: (_, e) => (
        <div>
          <div>{auditSubjectLabel(e.subjectType, lang)}</div>
          {e.subjectId && (
            <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {e.subjectId}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { key: 'org', title: t('audit.orgUnit'), responsive: ['lg'], render: (_, e) => e.orgUnit?.name ?? '—' },
    { key: 'ip', title: t('audit.ip'), responsive: ['xl'], render: (_, e) => e.ip ?? '—' },
  ];

  const field = (id: keyof typeof draft, label: string, placeholder?: string) => (
    <div className="bb-field">
      <label htmlFor={`audit-${id}`}>{label}</label>
      <Input
        id={`audit-${id}`}
        value={draft[id]}
        placeholder={placeholder}
        onChange={(e) => setDraft((d) => ({ ...d, [id]: e.target.value }))}
        onPressEnter={apply}
        allowClear
      />
    </div>
  );

  /** A filter picked from the labelled codes (the server filters by the code). */
  const choice = (id: 'action' | 'subjectType', label: string, options: { value: string; label: string }[]) => (
    <div className="bb-field">
      <label htmlFor={`audit-${id}`}>{label}</label>
      <Select
        id={`audit-${id}`}
        value={draft[id] || undefined}
        placeholder={t('audit.choose')}
        options={options}
        onChange={(v: string | undefined) => setDraft((d) => ({ ...d, [id]: v ?? '' }))}
        showSearch={{ optionFilterProp: 'label' }}
        allowClear
        style={{ minWidth: 200 }}
      />
    </div>
  );

  return (
    <div className="bb-page">
      <div className="bb-page-header">
        <Typography.Title level={1} className="bb-page-title">
          {t('audit.title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <div className="bb-filters" role="search">
        {field('q', t('audit.q'), t('audit.qPlaceholder'))}
        {choice('action', t('audit.action'), Object.keys(AUDIT_ACTION_LABELS_ZH).map((code) => ({ value: code, label: auditActionLabel(code, lang) })))}
        {choice('subjectType', t('audit.subjectType'), Object.keys(AUDIT_SUBJECT_LABELS_ZH).map((code) => ({ value: code, label: auditSubjectLabel(code, lang) })))}
        {field('subjectId', t('audit.subjectId'))}
        <div className="bb-field">
          <label htmlFor="audit-range">{t('audit.period')}</label>
          <DatePicker.RangePicker
            id={{ start: 'audit-range' }}
            value={range}
            onChange={(v) => setRange(v)}
            placeholder={[t('audit.from'), t('audit.to')]}
            allowEmpty={[true, true]}
          />
        </div>
        <Button type="primary" onClick={apply}>
          {t('common.search')}
        </Button>
        <Button onClick={reset}>{t('common.reset')}</Button>
      </div>
      {filters.actorId && (
        <Tag
          closable={{ closeIcon: <CloseOutlined aria-label={t('audit.clearActor')} />, 'aria-label': t('audit.clearActor') }}
          onClose={() => {
            setActorName(null);
            setFilters((f) => ({ ...f, page: 1, actorId: undefined }));
          }}
          style={{ marginBottom: 12 }}
        >
          {t('audit.actorFilter', { name: actorName ?? filters.actorId })}
        </Tag>
      )}
      {list.isError && <Alert type="error" showIcon role="alert" title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<AuditEvent>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t('audit.empty') }}
        scroll={{ x: 520 }}
        expandable={{
          expandedRowRender: (e) => <AuditDiff before={e.before} after={e.after} />,
          rowExpandable: (e) => e.before != null || e.after != null,
          columnTitle: <span className="bb-sr-only">{t('audit.details')}</span>,
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
        }}
      />
    </div>
  );
}
