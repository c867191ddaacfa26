import { useState } from 'react';
import { Alert, Button, Modal, Select, Space, Switch, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { KbImportResult } from '@bangban/shared';
import { ApiError } from '../../app/api.ts';
import { useCan, useCurrentUser } from '../identity/useMe.ts';
import { useDepartmentOptions } from './RemoteSelect.tsx';
import { useImportKb } from './useKnowledge.ts';

interface LineError {
  line: number;
  reason: string;
}

function lineErrors(error: unknown): LineError[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const details = error.details as { errors?: unknown } | undefined;
  if (!details || !Array.isArray(details.errors)) return [];
  return details.errors.filter(
    (e): e is LineError => !!e && typeof e === 'object' && typeof (e as LineError).line === 'number' && typeof (e as LineError).reason === 'string',
  );
}

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
  const errors = lineErrors(run.error);
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
    <Modal
      open
      title={t('kbImport.title')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button onClick={() => start(true)} loading={run.isPending && run.variables?.dryRun}>
            {t('kbImport.dryRun')}
          </Button>
          <Button type="primary" onClick={() => start(false)} loading={run.isPending && !run.variables?.dryRun}>
            {t('import.run')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t('kbImport.intro')}</Typography.Paragraph>
      <div className="bb-field" style={{ marginBottom: 12 }}>
        <span id="kb-import-file-label">{t('import.file')}</span>
        <Upload
          accept=".jsonl,.json,.ndjson,.csv,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setMissingFile(false);
            reset();
            return false;
          }}
          onRemove={() => {
            setFile(null);
            reset();
          }}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />} aria-describedby="kb-import-file-label">
            {t('import.chooseFile')}
          </Button>
        </Upload>
        {missingFile && (
          <Typography.Text type="danger" role="alert">
            {t('import.noFile')}
          </Typography.Text>
        )}
      </div>
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
                {result.published > 0 && <li>{t('kbImport.published', { n: result.published })}</li>}
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
