import { useMemo, useState } from 'react';
import { Checkbox, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Row {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-by-field rows; a non-object value is shown as one row. */
export function diffRows(before: unknown, after: unknown): Row[] {
  if ((before === null || isPlainObject(before)) && (after === null || isPlainObject(after))) {
    const b = before ?? {};
    const a = after ?? {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.map((field) => ({ field, before: b[field], after: a[field], changed: !same(b[field], a[field]) }));
  }
  return [{ field: '—', before, after, changed: !same(before, after) }];
}

function Value({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value === null) return <Typography.Text type="secondary">null</Typography.Text>;
  if (typeof value === 'boolean') return <span>{value ? t('common.yes') : t('common.no')}</span>;
  if (typeof value === 'string' || typeof value === 'number') return <span style={{ wordBreak: 'break-word' }}>{String(value)}</span>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number') && value.length <= 20) {
    return <span style={{ wordBreak: 'break-word' }}>{value.length ? value.join('、') : '[]'}</span>;
  }
  // Long lists and nested objects scroll inside a box (max-height in CSS) instead of stretching the page.
  return (
    <pre className="bb-pre" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Before/after of one audit entry, readable for people who do not read JSON. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const rows = useMemo(() => diffRows(before, after), [before, after]);
  const hasUnchanged = rows.some((r) => !r.changed);
  const [changedOnly, setChangedOnly] = useState(true);
  if (before == null && after == null) return <Typography.Text type="secondary">{t('audit.noDiff')}</Typography.Text>;
  const shown = changedOnly && before != null && after != null ? rows.filter((r) => r.changed) : rows;

  return (
    <div>
      {hasUnchanged && before != null && after != null && (
        <Checkbox checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} style={{ marginBottom: 8 }}>
          {t('audit.changedOnly')}
        </Checkbox>
      )}
      <Table<Row>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={shown}
        rowClassName={(r) => (r.changed ? 'bb-diff-changed' : '')}
        scroll={{ x: 560 }}
        columns={[
          { key: 'field', title: t('audit.field'), dataIndex: 'field', width: 160, render: (f: string) => <code>{f}</code> },
          {
            key: 'before',
            title: t('audit.before'),
            render: (_, r) => (
              <div className={r.changed ? 'bb-diff-before' : ''}>
                <Value value={r.before} />
              </div>
            ),
          },
          {
            key: 'after',
            title: t('audit.after'),
            render: (_, r) => (
              <div className={r.changed ? 'bb-diff-after' : ''}>
                <Value value={r.after} />
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
