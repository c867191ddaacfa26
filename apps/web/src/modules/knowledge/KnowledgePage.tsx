import { useState } from 'react';
import { Alert, Button, Dropdown, Space, Typography } from 'antd';
import { DownloadOutlined, ExperimentOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { KbFilterBar } from './KbFilterBar.tsx';
import { KbImportDialog } from './KbImportDialog.tsx';
import { KbTable } from './KbTable.tsx';
import { useKbFilters } from './useKbFilters.ts';
import { kbExportUrl, useKbList } from './useKnowledge.ts';

/** /console/kb — the department's knowledge base. */
export function KnowledgePage() {
  const { t } = useTranslation();
  usePageTitle(t('kb.title'));
  const navigate = useNavigate();
  const { filters, update, hasFilters } = useKbFilters();
  const list = useKbList(filters);
  const [importOpen, setImportOpen] = useState(false);
  const can = list.data?.can;

  return (
    <div className="bb-page">
      <div className="bb-page-header">
        <Typography.Title level={1} className="bb-page-title">
          {t('kb.title')}
        </Typography.Title>
        <Space wrap>
          {can?.create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/console/kb/new')}>
              {t('kb.create')}
            </Button>
          )}
          {can?.import && (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
              {t('kb.import')}
            </Button>
          )}
          {can?.export && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: (['jsonl', 'csv', 'xlsx'] as const).map((f) => ({
                  key: f,
                  label: (
                    <a href={kbExportUrl(f, filters)} download>
                      {t(`kb.export_${f}`)}
                    </a>
                  ),
                })),
              }}
            >
              <Button icon={<DownloadOutlined />}>{t('kb.export')}</Button>
            </Dropdown>
          )}
          <Button icon={<ExperimentOutlined />} onClick={() => navigate('/console/kb/hit-test')}>
            {t('nav.kbHitTest')}
          </Button>
        </Space>
      </div>
      <KbFilterBar filters={filters} hasFilters={hasFilters} onChange={update} searching={list.isFetching && !!filters.q} />
      {list.isError && <Alert type="error" showIcon role="alert" title={list.error.message} style={{ marginBottom: 16 }} />}
      <div aria-live="polite" className="bb-sr-only">
        {list.data && !list.isFetching ? t('common.total', { total: list.data.total }) : ''}
      </div>
      <KbTable
        data={list.data}
        loading={list.isFetching}
        filters={filters}
        onPage={(page, pageSize) => update({ ...filters, page: pageSize !== filters.pageSize ? 1 : page, pageSize })}
      />
      {importOpen && <KbImportDialog onClose={() => setImportOpen(false)} />}
    </div>
  );
}
