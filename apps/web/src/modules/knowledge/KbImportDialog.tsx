import { useState } from 'react';
import { Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KbImportResult } from '@bangban/shared';
import { ImportFilePicker, ImportModal, lineErrors } from '../../app/components/ImportParts.tsx';
import { useCan, useCurrentUser } from '../identity/useMe.ts';
import { useDepartmentOptions } from './RemoteSelect.tsx';
import { useImportKb } from './useKnowledge.ts';

/** Upload JSONL (evaluation format), CSV or XLSX into one department; all rows or none. */
export function KbImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const departments = useDepartmentOptions();
  const own = departments.find((d) => d.value === me.user.orgUnit.id)?.value;
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined);
  const [publish, setPublish] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [missingDepartment, setMissingDepartment] = useState(false);
  const [result, setResult] = useState<KbImportResult | null>(null);
  const run = useImportKb();
  const department = departmentId ?? own;

  const start = (dryRun: boolean) => {
    if (!file) setMissingFile(true);
    // Someone outside a department (the platform admin) must say where the entries go.
    if (!department) setMissingDepartment(true);
    if (!file || !department) return;
    setResult(null);
    run.mutate({ file, departmentId: department, publish: publish && can('kb.review'), dryRun }, { onSuccess: setResult });
  };
  const reset = () => {
    setResult(null);
    run.reset();
  };

  return (
    <ImportModal
      title={t('kbImport.title')}
      intro={t('kbImport.intro')}
      dryRunLabel={t('kbImport.dryRun')}
      run={run}
      errors={lineErrors(run.error, (e) => e.status === 422)}
      result={result}
      resultExtra={result && result.published > 0 && <li>{t('kbImport.published', { n: result.published })}</li>}
      onStart={start}
      onClose={onClose}
    >
      <ImportFilePicker
        labelId="kb-import-file-label"
        accept=".jsonl,.json,.ndjson,.csv,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        file={file}
        missing={missingFile}
        onChange={(f) => {
          setFile(f);
          if (f) setMissingFile(false);
          reset();
        }}
      />
      <div className="bb-field" style={{ marginBottom: 12, maxWidth: 360 }}>
        <label htmlFor="kb-import-department">{t('kbImport.department')}</label>
        <Select
          id="kb-import-department"
          value={department}
          onChange={(v: string) => {
            setDepartmentId(v);
            setMissingDepartment(false);
            reset();
          }}
          placeholder={t('kbImport.pickDepartment')}
          showSearch={{ optionFilterProp: 'label' }}
          options={departments}
          aria-invalid={missingDepartment}
        />
        {missingDepartment && (
          <Typography.Text type="danger" role="alert">
            {t('common.requiredSelect', { field: t('kbImport.department') })}
          </Typography.Text>
        )}
      </div>
      {can('kb.review') && (
        <Space align="center" style={{ marginBottom: 4 }}>
          <Switch id="kb-import-publish" checked={publish} onChange={setPublish} />
          <label htmlFor="kb-import-publish">{t('kbImport.publish')}</label>
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {publish ? t('kbImport.publishHelp') : t('kbImport.draftHelp')}
      </Typography.Paragraph>
    </ImportModal>
  );
}
