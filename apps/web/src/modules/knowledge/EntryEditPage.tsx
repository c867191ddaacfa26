import { Alert } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EditPage } from '../../app/components/EditPage.tsx';
import { useSaveAndOpen } from '../../app/components/useSaveAndOpen.ts';
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
  const me = useCurrentUser();
  const entry = useKbEntry(id);
  const save = useSaveKbEntry();
  const submit = useSaveAndOpen(save, id, '/console/kb', t('kb.created'));
  const departments = useDepartmentOptions();
  const title = id ? t('kb.editTitle') : t('kb.createTitle');
  usePageTitle(title);
  const cancelTo = id ? `/console/kb/${id}` : '/console/kb';

  return (
    <EditPage
      backTo={cancelTo}
      backLabel={id ? t('common.back') : t('kb.backToList')}
      loading={!!id && entry.isPending}
      loadError={id ? entry.error : null}
      forbidden={entry.data && !entry.data.can.update ? t('kb.cannotEdit') : undefined}
      title={title}
      maxWidth={1100}
      notice={entry.data?.status === 'published' && <Alert type="info" showIcon title={t('kb.editPublishedHint')} style={{ marginBottom: 16 }} />}
      saveError={save.error}
    >
      <EntryForm
        entry={entry.data}
        departments={departments}
        defaultDepartmentId={departments.find((d) => d.value === me.user.orgUnit.id)?.value}
        saving={save.isPending}
        onCancel={() => navigate(cancelTo)}
        onSubmit={submit}
      />
    </EditPage>
  );
}
