import { useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { MatterFilterBar } from './MatterFilterBar.tsx';
import { MatterTable } from './MatterTable.tsx';
import { useMatterFilters } from './useMatterFilters.ts';
import { exportUrl, useMatterFacets, useMatterList } from './useMatters.ts';

export function MattersPage() {
  const { t } = useTranslation();
  usePageTitle(t('matters.title'));
  const navigate = useNavigate();
  const { filters, update, hasFilters } = useMatterFilters();
  const list = useMatterList(filters);
  const facets = useMatterFacets();
  const [importOpen, setImportOpen] = useState(false);
  const can = list.data?.can;

  return (
    <div className="bb-page">
      <div className="bb-page-header">
        <Typography.Title level={1} className="bb-page-title">
          {t('matters.title')}
        </Typography.Title>
        <Space wrap>
          {can?.create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/console/matters/new')}>
              {t('matters.create')}
            </Button>
          )}
          {can?.import && (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
              {t('matters.import')}
            </Button>
          )}
          {can?.export && (
            <>
              <Button icon={<DownloadOutlined />} href={exportUrl('jsonl', filters)} download>
                {t('matters.exportJsonl')}
              </Button>
              <Button icon={<DownloadOutlined />} href={exportUrl('csv', filters)} download>
                {t('matters.exportCsv')}
              </Button>
            </>
          )}
        </Space>
      </div>
      <MatterFilterBar
        filters={filters}
        facets={facets.data}
        hasFilters={hasFilters}
        onChange={update}
        searching={list.isFetching && !!filters.q}
      />
      {list.isError && <Alert type="error" showIcon role="alert" title={list.error.message} style={{ marginBottom: 16 }} />}
      <div aria-live="polite" className="bb-sr-only">
        {list.data && !list.isFetching ? t('common.total', { total: list.data.total }) : ''}
      </div>
      <MatterTable
        data={list.data}
        loading={list.isFetching}
        filters={filters}
        onPage={(page, pageSize) => update({ ...filters, page: pageSize !== filters.pageSize ? 1 : page, pageSize })}
      />
      {importOpen && <ImportDialog onClose={() => setImportOpen(false)} />}
    </div>
  );
}
