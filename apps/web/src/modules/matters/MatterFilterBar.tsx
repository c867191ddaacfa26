import { useEffect, useState } from 'react';
import { Badge, Button, Grid, Input, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MATTER_AUDIENCES, MATTER_HALLS, type MatterFacets } from '@bangban/shared';
import type { MatterFilters } from './useMatters.ts';

interface Props {
  filters: MatterFilters;
  facets: MatterFacets | undefined;
  hasFilters: boolean;
  onChange: (patch: Partial<MatterFilters>) => void;
  searching: boolean;
}

/** Search box (Enter searches) and the filter dropdowns, each with a visible label. */
export function MatterFilterBar({ filters, facets, hasFilters, onChange, searching }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const mobile = Grid.useBreakpoint().md === false;
  const [showFilters, setShowFilters] = useState(false);
  const active = [filters.departmentId, filters.type, filters.audience, filters.hall, filters.top].filter(Boolean).length;

  return (
    <>
      <div className="bb-filters" role="search">
        <div className="bb-field bb-field-wide">
          <label htmlFor="matter-search">{t('matters.searchLabel')}</label>
          <Input.Search
            id="matter-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(value) => onChange({ q: value.trim() || undefined })}
            placeholder={t('matters.searchPlaceholder')}
            enterButton={t('common.search')}
            allowClear
            loading={searching}
            maxLength={100}
          />
        </div>
        {mobile && (
          <Badge count={active} size="small">
            <Button
              icon={<FilterOutlined />}
              aria-expanded={showFilters}
              aria-controls="matter-filters"
              onClick={() => setShowFilters((v) => !v)}
            >
              {t('matters.filters')}
            </Button>
          </Badge>
        )}
      </div>
      <div
        className="bb-filters"
        id="matter-filters"
        aria-label={t('matters.filters')}
        role="group"
        hidden={mobile && !showFilters}
      >
        <div className="bb-field">
          <label htmlFor="matter-department">{t('matters.department')}</label>
          <Select
            id="matter-department"
            value={filters.departmentId ?? ''}
            onChange={(v: string) => onChange({ departmentId: v || undefined })}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 200 }}
            popupMatchSelectWidth={false}
            options={[
              { value: '', label: t('matters.anyDepartment') },
              ...(facets?.departments ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.count}）` })),
            ]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="matter-type">{t('matters.type')}</label>
          <Select
            id="matter-type"
            value={filters.type ?? ''}
            onChange={(v: string) => onChange({ type: v || undefined })}
            style={{ minWidth: 160 }}
            popupMatchSelectWidth={false}
            options={[
              { value: '', label: t('matters.anyType') },
              ...(facets?.types ?? []).map((x) => ({ value: x.type, label: `${x.type}（${x.count}）` })),
            ]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="matter-audience">{t('matters.audience')}</label>
          <Select
            id="matter-audience"
            value={filters.audience ?? ''}
            onChange={(v: string) => onChange({ audience: (v || undefined) as MatterFilters['audience'] })}
            style={{ minWidth: 140 }}
            options={[
              { value: '', label: t('matters.anyAudience') },
              ...MATTER_AUDIENCES.filter((a) => a !== 'both').map((a) => ({ value: a, label: t(`audience.${a}`) })),
            ]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="matter-top">{t('matters.top')}</label>
          <Select
            id="matter-top"
            value={filters.top ?? ''}
            onChange={(v: string) => onChange({ top: (v || undefined) as MatterFilters['top'] })}
            style={{ minWidth: 130 }}
            options={[
              { value: '', label: t('matters.anyTop') },
              { value: '35', label: t('matters.top35') },
              { value: '100', label: t('matters.top100') },
            ]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="matter-hall">{t('matters.hall')}</label>
          <Select
            id="matter-hall"
            value={filters.hall ?? ''}
            onChange={(v: string) => onChange({ hall: (v || undefined) as MatterFilters['hall'] })}
            style={{ minWidth: 200 }}
            popupMatchSelectWidth={false}
            options={[{ value: '', label: t('matters.anyHall') }, ...MATTER_HALLS.map((h) => ({ value: h, label: t(`hall.${h}`) }))]}
          />
        </div>
        {hasFilters && (
          <Button
            onClick={() =>
              onChange({ q: undefined, departmentId: undefined, type: undefined, audience: undefined, hall: undefined, top: undefined })
            }
          >
            {t('matters.clearFilters')}
          </Button>
        )}
      </div>
    </>
  );
}
