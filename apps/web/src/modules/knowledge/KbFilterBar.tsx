import { useEffect, useState } from 'react';
import { Badge, Button, Grid, Input, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { KB_STATUSES, type KbStatus } from '@bangban/shared';
import { RemoteSelect, useDepartmentOptions } from './RemoteSelect.tsx';
import type { KbFilters, KbScope } from './useKnowledge.ts';

interface Props {
  filters: KbFilters;
  hasFilters: boolean;
  onChange: (patch: Partial<KbFilters>) => void;
  searching: boolean;
}

/** Search box (Enter searches) and the filters, each with a visible label. */
export function KbFilterBar({ filters, hasFilters, onChange, searching }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const mobile = Grid.useBreakpoint().md === false;
  const [showFilters, setShowFilters] = useState(false);
  const departments = useDepartmentOptions();
  const active = [filters.status, filters.scope !== 'all' ? filters.scope : undefined, filters.departmentId, filters.matterId].filter(Boolean).length;

  return (
    <>
      <div className="bb-filters" role="search">
        <div className="bb-field bb-field-wide">
          <label htmlFor="kb-search">{t('kb.searchLabel')}</label>
          <Input.Search
            id="kb-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(value) => onChange({ q: value.trim() || undefined })}
            placeholder={t('kb.searchPlaceholder')}
            enterButton={t('common.search')}
            allowClear
            loading={searching}
            maxLength={100}
          />
        </div>
        {mobile && (
          <Badge count={active} size="small">
            <Button icon={<FilterOutlined />} aria-expanded={showFilters} aria-controls="kb-filters" onClick={() => setShowFilters((v) => !v)}>
              {t('matters.filters')}
            </Button>
          </Badge>
        )}
      </div>
      <div className="bb-filters" id="kb-filters" aria-label={t('matters.filters')} role="group" hidden={mobile && !showFilters}>
        <div className="bb-field">
          <label htmlFor="kb-status">{t('kb.status')}</label>
          <Select
            id="kb-status"
            value={filters.status ?? ''}
            onChange={(v: string) => onChange({ status: (v || undefined) as KbStatus | undefined })}
            style={{ minWidth: 130 }}
            options={[{ value: '', label: t('kb.anyStatus') }, ...KB_STATUSES.map((s) => ({ value: s, label: t(`kbStatus.${s}`) }))]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="kb-scope">{t('kb.scope')}</label>
          <Select
            id="kb-scope"
            value={filters.scope}
            onChange={(v: KbScope) => onChange({ scope: v })}
            style={{ minWidth: 150 }}
            options={(['mine', 'shared', 'all'] as const).map((s) => ({ value: s, label: t(`kb.scope_${s}`) }))}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="kb-department">{t('kb.department')}</label>
          <Select
            id="kb-department"
            value={filters.departmentId ?? ''}
            onChange={(v: string) => onChange({ departmentId: v || undefined })}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 180 }}
            popupMatchSelectWidth={false}
            options={[{ value: '', label: t('matters.anyDepartment') }, ...departments]}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="kb-matter">{t('kb.matter')}</label>
          <RemoteSelect
            id="kb-matter"
            kind="matter"
            value={filters.matterId}
            onChange={(v) => onChange({ matterId: typeof v === 'string' ? v : undefined })}
            allowClear
            placeholder={t('kb.anyMatter')}
            style={{ minWidth: 220 }}
          />
        </div>
        {hasFilters && (
          <Button onClick={() => onChange({ q: undefined, status: undefined, scope: 'all', departmentId: undefined, matterId: undefined })}>
            {t('matters.clearFilters')}
          </Button>
        )}
      </div>
    </>
  );
}
