import { useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KbEntry } from '@bangban/shared';
import { DiffView } from './DiffView.tsx';
import { MarkdownView } from './MarkdownView.tsx';
import { useKbAction, useKbDiff } from './useKnowledge.ts';

interface Props {
  entry: KbEntry;
  decision: 'approve' | 'reject';
  onClose: () => void;
  onDone: (entry: KbEntry) => void;
}

/** The reviewer sees what changed since the published version before approving or sending back. */
export function ReviewDialog({ entry, decision, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const action = useKbAction(entry.id);
  const diff = useKbDiff(entry.id, entry.publishedVersion, entry.publishedVersion ? 'draft' : null);
  const matterNames = new Map(entry.matters.map((m) => [m.id, m.name]));
  const approve = decision === 'approve';

  const submit = () => {
    if (!approve && !note.trim()) {
      setNoteMissing(true);
      return;
    }
    action.mutate({ kind: 'review', decision, note: note.trim() }, { onSuccess: onDone });
  };

  return (
    <Modal
      open
      width={760}
      title={approve ? t('kb.approve') : t('kb.reject')}
      okText={approve ? t('kb.approve') : t('kb.reject')}
      okButtonProps={{ danger: !approve, loading: action.isPending }}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {entry.publishedVersion ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('kb.reviewDiffTitle', { n: entry.publishedVersion })}
          </Typography.Title>
          <DiffView diff={diff.data} loading={diff.isPending} error={diff.error} matterNames={matterNames} />
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('kb.firstPublish')}</Typography.Paragraph>
          <Typography.Paragraph strong>{entry.question}</Typography.Paragraph>
          <div className="bb-md-preview">
            <MarkdownView source={entry.answer} />
          </div>
        </>
      )}
      <div className="bb-field" style={{ marginTop: 16 }}>
        <label htmlFor="kb-review-note">{approve ? t('kb.reviewNoteOptional') : t('kb.reviewNoteRequired')}</label>
        <Input.TextArea
          id="kb-review-note"
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            setNoteMissing(false);
          }}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 6 }}
          aria-invalid={noteMissing}
        />
        {noteMissing && (
          <Typography.Text type="danger" role="alert">
            {t('kb.rejectNoteMissing')}
          </Typography.Text>
        )}
      </div>
      {action.error && <Alert type="error" showIcon role="alert" title={action.error.message} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
