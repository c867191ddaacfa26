import { useState } from 'react';
import { Button, Dropdown } from 'antd';
import { DownloadOutlined, ExperimentOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../app/components/ListPage.tsx';
import { KbFilterBar } from './KbFilterBar.tsx';
import { KbImportDialog } from './KbImportDialog.tsx';
import { kbColumns } from './kbColumns.tsx';
import { useKbFilters } from './useKbFilters.ts';
import { kbExportUrl, useKbList } from './useKnowledge.ts';

/** /console/kb — the department's knowledge base. */
export function KnowledgePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const filtering = useKbFilters();
  const { filters } = filtering;
  const list = useKbList(filters);
  const [importOpen, setImportOpen] = useState(false);
  const can = list.data?.can;

  return (
    <ListPage
      title={t('kb.title')}
      actions={
        <>
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
        </>
      }
      filterBar={<KbFilterBar filtering={filtering} fetching={list.isFetching} />}
      list={list}
      filtering={filtering}
      basePath="/console/kb"
      columns={kbColumns(t)}
      empty={t('kb.empty')}
    >
      {importOpen && <KbImportDialog onClose={() => setImportOpen(false)} />}
    </ListPage>
  );
}
