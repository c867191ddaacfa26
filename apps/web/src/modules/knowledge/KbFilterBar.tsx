import { useTranslation } from 'react-i18next';
import { KB_STATUSES } from '@bangban/shared';
import { Field, FilterBar, FilterSelect } from '../../app/components/FilterBar.tsx';
import type { UrlFilters } from '../../app/components/useUrlFilters.ts';
import { RemoteSelect, useDepartmentOptions } from './RemoteSelect.tsx';
import type { KbFilters } from './useKnowledge.ts';

interface Props {
  filtering: UrlFilters<KbFilters>;
  /** The list is loading: the search button spins while a search runs. */
  fetching: boolean;
}

/** Search box (Enter searches) and the filters, each with a visible label. */
export function KbFilterBar({ filtering, fetching }: Props) {
  const { t } = useTranslation();
  const { filters, update } = filtering;
  const departments = useDepartmentOptions();

  return (
    <FilterBar
      idPrefix="kb"
      searchLabel={t('kb.searchLabel')}
      searchPlaceholder={t('kb.searchPlaceholder')}
      filtering={filtering}
      fetching={fetching}
    >
      <FilterSelect
        id="kb-status"
        label={t('kb.status')}
        value={filters.status}
        onChange={(status) => update({ status })}
        style={{ minWidth: 130 }}
        anyLabel={t('kb.anyStatus')}
        options={KB_STATUSES.map((s) => ({ value: s, label: t(`kbStatus.${s}`) }))}
      />
      <FilterSelect
        id="kb-scope"
        label={t('kb.scope')}
        value={filters.scope}
        onChange={(scope) => update({ scope })}
        style={{ minWidth: 150 }}
        options={(['mine', 'shared', 'all'] as const).map((s) => ({ value: s, label: t(`kb.scope_${s}`) }))}
      />
      <FilterSelect
        id="kb-department"
        label={t('kb.department')}
        value={filters.departmentId}
        onChange={(departmentId) => update({ departmentId })}
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 180 }}
        popupMatchSelectWidth={false}
        anyLabel={t('matters.anyDepartment')}
        options={departments}
      />
      <Field id="kb-matter" label={t('kb.matter')}>
        <RemoteSelect
          id="kb-matter"
          kind="matter"
          value={filters.matterId}
          onChange={(v) => update({ matterId: typeof v === 'string' ? v : undefined })}
          allowClear
          placeholder={t('kb.anyMatter')}
          style={{ minWidth: 220 }}
        />
      </Field>
    </FilterBar>
  );
}
