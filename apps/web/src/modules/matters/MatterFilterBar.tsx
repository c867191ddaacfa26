import { useTranslation } from 'react-i18next';
import { MATTER_AUDIENCES, MATTER_HALLS, type MatterFacets } from '@bangban/shared';
import { FilterBar, FilterSelect } from '../../app/components/FilterBar.tsx';
import type { UrlFilters } from '../../app/components/useUrlFilters.ts';
import type { MatterFilters } from './useMatters.ts';

interface Props {
  filtering: UrlFilters<MatterFilters>;
  facets: MatterFacets | undefined;
  /** The list is loading: the search button spins while a search runs. */
  fetching: boolean;
}

/** Search box (Enter searches) and the filter dropdowns, each with a visible label. */
export function MatterFilterBar({ filtering, facets, fetching }: Props) {
  const { t } = useTranslation();
  const { filters, update } = filtering;

  return (
    <FilterBar
      idPrefix="matter"
      searchLabel={t('matters.searchLabel')}
      searchPlaceholder={t('matters.searchPlaceholder')}
      filtering={filtering}
      fetching={fetching}
    >
      <FilterSelect
        id="matter-department"
        label={t('matters.department')}
        value={filters.departmentId}
        onChange={(departmentId) => update({ departmentId })}
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 200 }}
        popupMatchSelectWidth={false}
        anyLabel={t('matters.anyDepartment')}
        options={(facets?.departments ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.count}）` }))}
      />
      <FilterSelect
        id="matter-type"
        label={t('matters.type')}
        value={filters.type}
        onChange={(type) => update({ type })}
        style={{ minWidth: 160 }}
        popupMatchSelectWidth={false}
        anyLabel={t('matters.anyType')}
        options={(facets?.types ?? []).map((x) => ({ value: x.type, label: `${x.type}（${x.count}）` }))}
      />
      <FilterSelect
        id="matter-audience"
        label={t('matters.audience')}
        value={filters.audience}
        onChange={(audience) => update({ audience })}
        style={{ minWidth: 140 }}
        anyLabel={t('matters.anyAudience')}
        options={MATTER_AUDIENCES.filter((a) => a !== 'both').map((a) => ({ value: a, label: t(`audience.${a}`) }))}
      />
      <FilterSelect
        id="matter-top"
        label={t('matters.top')}
        value={filters.top}
        onChange={(top) => update({ top })}
        style={{ minWidth: 130 }}
        anyLabel={t('matters.anyTop')}
        options={[
          { value: '35', label: t('matters.top35') },
          { value: '100', label: t('matters.top100') },
        ]}
      />
      <FilterSelect
        id="matter-hall"
        label={t('matters.hall')}
        value={filters.hall}
        onChange={(hall) => update({ hall })}
        style={{ minWidth: 200 }}
        popupMatchSelectWidth={false}
        anyLabel={t('matters.anyHall')}
        options={MATTER_HALLS.map((h) => ({ value: h, label: t(`hall.${h}`) }))}
      />
    </FilterBar>
  );
}
