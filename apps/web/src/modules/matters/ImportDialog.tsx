import { useState } from 'react';
import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '@bangban/shared';
import { ImportFilePicker, ImportModal, lineErrors } from '../../app/components/ImportParts.tsx';
import { useImportMatters } from './useMatters.ts';

/** Upload a JSONL/CSV file, check it first (dry run), then import. Shows every bad line when refused. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [createMissing, setCreateMissing] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const run = useImportMatters();

  const start = (dryRun: boolean) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    setResult(null);
    run.mutate({ file, createMissingDepartments: createMissing, dryRun }, { onSuccess: setResult });
  };

  return (
    <ImportModal
      title={t('import.title')}
      intro={t('import.intro')}
      dryRunLabel={t('import.dryRun')}
      run={run}
      errors={lineErrors(run.error, (e) => e.code === 'MATTER_IMPORT_INVALID')}
      result={result}
      resultExtra={
        result && result.departmentsCreated.length > 0 && <li>{t('import.departmentsCreated', { names: result.departmentsCreated.join('、') })}</li>
      }
      onStart={start}
      onClose={onClose}
    >
      <ImportFilePicker
        labelId="import-file-label"
        accept=".jsonl,.json,.ndjson,.csv,text/csv,application/json"
        file={file}
        missing={missingFile}
        onChange={(f) => {
          setFile(f);
          if (f) setMissingFile(false);
          setResult(null);
          run.reset();
        }}
      />
      <Checkbox checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)}>
        {t('import.createMissing')}
      </Checkbox>
    </ImportModal>
  );
}
