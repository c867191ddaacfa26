import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../app/components/ListPage.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { MatterFilterBar } from './MatterFilterBar.tsx';
import { matterColumns } from './matterColumns.tsx';
import { useMatterFilters } from './useMatterFilters.ts';
import { exportUrl, useMatterFacets, useMatterList } from './useMatters.ts';

export function MattersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const filtering = useMatterFilters();
  const { filters } = filtering;
  const list = useMatterList(filters);
  const facets = useMatterFacets();
  const [importOpen, setImportOpen] = useState(false);
  const can = list.data?.can;

  return (
    <ListPage
      title={t('matters.title')}
      actions={
        <>
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
        </>
      }
      filterBar={<MatterFilterBar filtering={filtering} facets={facets.data} fetching={list.isFetching} />}
      list={list}
      filtering={filtering}
      basePath="/console/matters"
      columns={matterColumns(t)}
      empty={
        <span>
          {t('matters.empty')}
          <br />
          {t('matters.emptyHint')}
        </span>
      }
    >
      {importOpen && <ImportDialog onClose={() => setImportOpen(false)} />}
    </ListPage>
  );
}
