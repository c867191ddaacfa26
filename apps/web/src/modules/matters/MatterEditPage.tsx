import { useMemo } from 'react';
import { Alert, App, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
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
  const { message } = App.useApp();
  const can = useCan();
  const matter = useMatter(id);
  const facets = useMatterFacets();
  const org = useOrgUnits(can('org.read'));
  const save = useSaveMatter();
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

  const back = (
    <Link to={cancelTo}>
      <ArrowLeftOutlined aria-hidden /> {id ? t('common.back') : t('matters.backToList')}
    </Link>
  );

  if (id && matter.isPending) return <Skeleton active />;
  if (id && matter.isError) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="error" showIcon role="alert" title={matter.error.message} style={{ marginTop: 16 }} />
      </div>
    );
  }
  if (matter.data && !matter.data.can.update) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="warning" showIcon title={t('app.forbiddenText')} style={{ marginTop: 16 }} />
      </div>
    );
  }

  return (
    <div className="bb-page" style={{ maxWidth: 960 }}>
      {back}
      <Typography.Title level={1} className="bb-page-title" style={{ marginTop: 12 }}>
        {id ? `${t('matters.editTitle')}：${matter.data?.name ?? ''}` : t('matters.createTitle')}
      </Typography.Title>
      {save.error && <Alert type="error" showIcon role="alert" title={save.error.message} style={{ marginBottom: 16 }} />}
      <MatterForm
        matter={matter.data}
        departments={departments}
        hallUnits={hallUnits}
        types={facets.data?.types.map((x) => x.type) ?? []}
        saving={save.isPending}
        onCancel={() => navigate(cancelTo)}
        onSubmit={(body) =>
          save.mutate(
            { id, body },
            {
              onSuccess: (saved) => {
                void message.success(id ? t('common.saved') : t('matters.created'));
                navigate(`/console/matters/${saved.id}`, { replace: true });
              },
            },
          )
        }
      />
    </div>
  );
}
