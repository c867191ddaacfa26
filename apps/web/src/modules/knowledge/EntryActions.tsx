import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { CheckOutlined, EditOutlined, RollbackOutlined, SendOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { KbEntry } from '@bangban/shared';
import { ReviewDialog } from './ReviewDialog.tsx';
import { useKbAction } from './useKnowledge.ts';

/** Workflow buttons, each shown only when the entry's `can` allows it. */
export function EntryActions({ entry }: { entry: KbEntry }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const action = useKbAction(entry.id);
  const [review, setReview] = useState<'approve' | 'reject' | null>(null);
  const { can } = entry;

  const run = (kind: 'submit' | 'reopen', done: string) =>
    action.mutate({ kind }, { onSuccess: () => void message.success(done), onError: (e) => void message.error(e.message) });

  const confirmArchive = () =>
    modal.confirm({
      title: t('kb.archiveConfirm'),
      content: t('kb.archiveHelp'),
      okText: t('kb.archive'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        action.mutateAsync({ kind: 'archive' }).then(
          () => void message.success(t('kb.archived')),
          (e: Error) => void message.error(e.message),
        ),
    });

  return (
    <>
      <Space wrap>
        {can.update && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/console/kb/${entry.id}/edit`)}>
            {t('common.edit')}
          </Button>
        )}
        {can.submit && (
          <Button type="primary" icon={<SendOutlined />} loading={action.isPending && action.variables?.kind === 'submit'} onClick={() => run('submit', t('kb.submitted'))}>
            {t('kb.submit')}
          </Button>
        )}
        {can.review && (
          <>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setReview('approve')}>
              {t('kb.approve')}
            </Button>
            <Button icon={<RollbackOutlined />} onClick={() => setReview('reject')}>
              {t('kb.reject')}
            </Button>
          </>
        )}
        {can.reopen && (
          <Button icon={<UndoOutlined />} loading={action.isPending && action.variables?.kind === 'reopen'} onClick={() => run('reopen', t('kb.reopened'))}>
            {t('kb.reopen')}
          </Button>
        )}
        {can.archive && (
          <Button danger icon={<StopOutlined />} onClick={confirmArchive}>
            {t('kb.archive')}
          </Button>
        )}
      </Space>
      {review && (
        <ReviewDialog
          entry={entry}
          decision={review}
          onClose={() => setReview(null)}
          onDone={() => {
            void message.success(review === 'approve' ? t('kb.approved') : t('kb.rejected'));
            setReview(null);
          }}
        />
      )}
    </>
  );
}
