import { useState, type ReactNode } from 'react';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

export interface LineError {
  line: number;
  reason: string;
}

/** The per-line errors the server lists when it refuses a whole file; empty for any other failure. */
export function lineErrors(error: unknown, refused: (e: ApiError) => boolean): LineError[] {
  if (!(error instanceof ApiError) || !refused(error)) return [];
  const details = error.details as { errors?: unknown } | undefined;
  if (!details || !Array.isArray(details.errors)) return [];
  return details.errors.filter(
    (e): e is LineError => !!e && typeof e === 'object' && typeof (e as LineError).line === 'number' && typeof (e as LineError).reason === 'string',
  );
}

interface FilePickerProps {
  /** Id of the visible label, which the button points to. */
  labelId: string;
  accept: string;
  file: File | null;
  /** Shows "no file chosen" under the button. */
  missing: boolean;
  /** A file was chosen (File) or removed (null). */
  onChange: (file: File | null) => void;
  /** The server's limit for an import file (both import routes take at most 50 MB). */
  maxBytes?: number;
}

export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** One file, kept in the browser until the import runs; one too large or of another kind is refused at once. */
export function ImportFilePicker({ labelId, accept, file, missing, onChange, maxBytes = IMPORT_MAX_BYTES }: FilePickerProps) {
  const { t } = useTranslation();
  const [refused, setRefused] = useState<string | null>(null);
  const extensions = accept.split(',').filter((a) => a.startsWith('.'));
  const check = (f: File): string | null => {
    const ext = /\.[^.]+$/.exec(f.name)?.[0]?.toLowerCase() ?? '';
    if (extensions.length > 0 && !extensions.includes(ext)) return t('import.wrongKind', { kinds: extensions.map((e) => e.slice(1).toUpperCase()).join('、') });
    if (f.size > maxBytes) return t('import.tooLarge', { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
    return null;
  };
  return (
    <div className="bb-field" style={{ marginBottom: 12 }}>
      <span id={labelId}>{t('import.file')}</span>
      <Upload
        accept={accept}
        maxCount={1}
        beforeUpload={(f) => {
          const why = check(f);
          setRefused(why);
          onChange(why ? null : f);
          return false;
        }}
        onRemove={() => onChange(null)}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      >
        <Button icon={<UploadOutlined />} aria-describedby={labelId}>
          {t('import.chooseFile')}
        </Button>
      </Upload>
      {refused && (
        <Typography.Text type="danger" role="alert">
          {refused}
        </Typography.Text>
      )}
      {missing && !refused && (
        <Typography.Text type="danger" role="alert">
          {t('import.noFile')}
        </Typography.Text>
      )}
    </div>
  );
}

export interface ImportSummary {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
}

interface ImportModalProps {
  title: string;
  intro: string;
  dryRunLabel: string;
  /** The import mutation: which button spins, and the error to show. */
  run: { isPending: boolean; variables?: { dryRun: boolean }; error: Error | null };
  errors: LineError[];
  result: ImportSummary | null;
  /** Lines added to the result's list after total / created / updated. */
  resultExtra?: ReactNode;
  onStart: (dryRun: boolean) => void;
  onClose: () => void;
  /** The file picker and the options of this import. */
  children: ReactNode;
}

/** Check first (dry run), then import: the dialog, its buttons, the result and every refused line. */
export function ImportModal({ title, intro, dryRunLabel, run, errors, result, resultExtra, onStart, onClose, children }: ImportModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button onClick={() => onStart(true)} loading={run.isPending && run.variables?.dryRun}>
            {dryRunLabel}
          </Button>
          <Button type="primary" onClick={() => onStart(false)} loading={run.isPending && !run.variables?.dryRun}>
            {t('import.run')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{intro}</Typography.Paragraph>
      {children}

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
                {resultExtra}
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
