import { useMemo } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EditPage } from '../../app/components/EditPage.tsx';
import { useSaveAndOpen } from '../../app/components/useSaveAndOpen.ts';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCan } from '../identity/useMe.ts';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';
import { MatterForm, type Option } from './MatterForm.tsx';
import { useMatter, useMatterFacets, useSaveMatter } from './useMatters.ts';

/** /console/matters/new and /console/matters/:id/edit */
export function MatterEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const can = useCan();
  const matter = useMatter(id);
  const facets = useMatterFacets();
  const org = useOrgUnits(can('org.read'));
  const save = useSaveMatter();
  const submit = useSaveAndOpen(save, id, '/console/matters', t('matters.created'));
  usePageTitle(id ? t('matters.editTitle') : t('matters.createTitle'));
  const listFrom = (location.state as { from?: string } | null)?.from;
  const cancelTo = id ? `/console/matters/${id}` : (listFrom ?? '/console/matters');

  // Departments come from the organisation tree when the user may read it, else from the catalogue's facets.
  const departments = useMemo<Option[]>(() => {
    const fromOrg = org.data?.items.filter((u) => u.kind === 'department').map((u) => ({ value: u.id, label: u.name }));
    const options = fromOrg ?? facets.data?.departments.map((d) => ({ value: d.id, label: d.name })) ?? [];
    const current = matter.data?.department;
    if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
    return options;
  }, [org.data, facets.data, matter.data]);
  const hallUnits = useMemo<Option[]>(
    () => org.data?.items.filter((u) => u.kind === 'service_center').map((u) => ({ value: u.id, label: u.name })) ?? [],
    [org.data],
  );

  return (
    <EditPage
      backTo={cancelTo}
      backLabel={id ? t('common.back') : t('matters.backToList')}
      loading={!!id && matter.isPending}
      loadError={id ? matter.error : null}
      forbidden={matter.data && !matter.data.can.update ? t('app.forbiddenText') : undefined}
      title={id ? `${t('matters.editTitle')}：${matter.data?.name ?? ''}` : t('matters.createTitle')}
      maxWidth={960}
      saveError={save.error}
    >
      <MatterForm
        matter={matter.data}
        departments={departments}
        hallUnits={hallUnits}
        types={facets.data?.types.map((x) => x.type) ?? []}
        saving={save.isPending}
        onCancel={() => navigate(cancelTo)}
        onSubmit={submit}
      />
    </EditPage>
  );
}
