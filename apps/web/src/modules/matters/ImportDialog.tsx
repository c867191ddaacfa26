import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '@bangban/shared';
import { ApiError } from '../../app/api.ts';
import { useImportMatters } from './useMatters.ts';

interface LineError {
  line: number;
  reason: string;
}

function lineErrors(error: unknown): LineError[] {
  if (!(error instanceof ApiError) || error.code !== 'MATTER_IMPORT_INVALID') return [];
  const details = error.details as { errors?: unknown } | undefined;
  if (!details || !Array.isArray(details.errors)) return [];
  return details.errors.filter(
    (e): e is LineError => !!e && typeof e === 'object' && typeof (e as LineError).line === 'number' && typeof (e as LineError).reason === 'string',
  );
}

/** Upload a JSONL/CSV file, check it first (dry run), then import. Shows every bad line when refused. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [createMissing, setCreateMissing] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const run = useImportMatters();
  const errors = lineErrors(run.error);

  const start = (dryRun: boolean) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    setResult(null);
    run.mutate({ file, createMissingDepartments: createMissing, dryRun }, { onSuccess: setResult });
  };

  return (
    <Modal
      open
      title={t('import.title')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button onClick={() => start(true)} loading={run.isPending && run.variables?.dryRun}>
            {t('import.dryRun')}
          </Button>
          <Button type="primary" onClick={() => start(false)} loading={run.isPending && !run.variables?.dryRun}>
            {t('import.run')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t('import.intro')}</Typography.Paragraph>
      <div className="bb-field" style={{ marginBottom: 12 }}>
        <span id="import-file-label">{t('import.file')}</span>
        <Upload
          accept=".jsonl,.json,.ndjson,.csv,text/csv,application/json"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setMissingFile(false);
            setResult(null);
            run.reset();
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setResult(null);
            run.reset();
          }}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />} aria-describedby="import-file-label">
            {t('import.chooseFile')}
          </Button>
        </Upload>
        {missingFile && (
          <Typography.Text type="danger" role="alert">
            {t('import.noFile')}
          </Typography.Text>
        )}
      </div>
      <Checkbox checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)}>
        {t('import.createMissing')}
      </Checkbox>

      <div aria-live="polite" style={{ marginTop: 16 }}>
        {result && (
          <Alert
            type="success"
            showIcon
            title={result.dryRun ? t('import.dryRunDone') : t('import.done')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                <li>{t('import.total', { n: result.total })}</li>
                <li>{t('import.created', { n: result.created })}</li>
                <li>{t('import.updated', { n: result.updated })}</li>
                {result.departmentsCreated.length > 0 && (
                  <li>{t('import.departmentsCreated', { names: result.departmentsCreated.join('、') })}</li>
                )}
              </ul>
            }
          />
        )}
        {run.error && <Alert type="error" showIcon role="alert" title={run.error.message} style={{ marginBottom: 12 }} />}
        {errors.length > 0 && (
          <>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('import.errorsTitle')}
            </Typography.Title>
            <Table<LineError>
              size="small"
              rowKey={(e, i) => `${e.line}-${i}`}
              dataSource={errors}
              pagination={errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ y: 320 }}
              columns={[
                { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80 },
                { key: 'reason', title: t('import.reason'), dataIndex: 'reason' },
              ]}
            />
          </>
        )}
      </div>
    </Modal>
  );
}
