import { Alert, App, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCurrentUser } from '../identity/useMe.ts';
import { EntryForm } from './EntryForm.tsx';
import { useDepartmentOptions } from './RemoteSelect.tsx';
import { useKbEntry, useSaveKbEntry } from './useKnowledge.ts';

/** /console/kb/new and /console/kb/:id/edit */
export function EntryEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const entry = useKbEntry(id);
  const save = useSaveKbEntry();
  const departments = useDepartmentOptions();
  usePageTitle(id ? t('kb.editTitle') : t('kb.createTitle'));
  const cancelTo = id ? `/console/kb/${id}` : '/console/kb';

  const back = (
    <Link to={cancelTo}>
      <ArrowLeftOutlined aria-hidden /> {id ? t('common.back') : t('kb.backToList')}
    </Link>
  );

  if (id && entry.isPending) return <Skeleton active />;
  if (id && entry.isError) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="error" showIcon role="alert" title={entry.error.message} style={{ marginTop: 16 }} />
      </div>
    );
  }
  if (entry.data && !entry.data.can.update) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="warning" showIcon title={t('kb.cannotEdit')} style={{ marginTop: 16 }} />
      </div>
    );
  }

  return (
    <div className="bb-page" style={{ maxWidth: 1100 }}>
      {back}
      <Typography.Title level={1} className="bb-page-title" style={{ marginTop: 12 }}>
        {id ? t('kb.editTitle') : t('kb.createTitle')}
      </Typography.Title>
      {entry.data?.status === 'published' && <Alert type="info" showIcon title={t('kb.editPublishedHint')} style={{ marginBottom: 16 }} />}
      {save.error && <Alert type="error" showIcon role="alert" title={save.error.message} style={{ marginBottom: 16 }} />}
      <EntryForm
        entry={entry.data}
        departments={departments}
        defaultDepartmentId={departments.find((d) => d.value === me.user.orgUnit.id)?.value}
        saving={save.isPending}
        onCancel={() => navigate(cancelTo)}
        onSubmit={(body) =>
          save.mutate(
            { id, body },
            {
              onSuccess: (saved) => {
                void message.success(id ? t('common.saved') : t('kb.created'));
                navigate(`/console/kb/${saved.id}`, { replace: true });
              },
            },
          )
        }
      />
    </div>
  );
}
