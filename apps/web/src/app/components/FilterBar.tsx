import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Badge, Button, Grid, Input, Select, type SelectProps } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Paging, UrlFilters } from './useUrlFilters.ts';

/** A filter with its visible label above it; `id` is the control's id. */
export function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="bb-field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

interface SearchFieldProps {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (text: string) => void;
  onSearch: (q: string | undefined) => void;
  loading?: boolean;
  maxLength?: number;
  className?: string;
  style?: CSSProperties;
}

/** Search box: Enter or the button searches; an empty box clears the search. */
export function SearchField({ id, label, placeholder, value, onChange, onSearch, loading, maxLength, className, style }: SearchFieldProps) {
  const { t } = useTranslation();
  return (
    <div className={className ? `bb-field ${className}` : 'bb-field'} style={style}>
      <label htmlFor={id}>{label}</label>
      <Input.Search
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onSearch={(v) => onSearch(v.trim() || undefined)}
        placeholder={placeholder}
        enterButton={t('common.search')}
        allowClear
        loading={loading}
        maxLength={maxLength}
      />
    </div>
  );
}

type FilterSelectProps<V extends string> = Omit<SelectProps<string>, 'id' | 'value' | 'onChange' | 'options'> & {
  id: string;
  label: string;
  value: V | undefined;
  onChange: (value: V | undefined) => void;
  options: { value: V; label: string }[];
  /** The first option, meaning "no filter". */
  anyLabel?: string;
};

/** A labelled dropdown filter; with `anyLabel`, its first option clears the filter. */
export function FilterSelect<V extends string>({ id, label, value, onChange, options, anyLabel, ...rest }: FilterSelectProps<V>) {
  return (
    <Field id={id} label={label}>
      <Select<string>
        id={id}
        value={anyLabel === undefined ? value : (value ?? '')}
        onChange={(v) => onChange((v || undefined) as V | undefined)}
        options={anyLabel === undefined ? options : [{ value: '', label: anyLabel }, ...options]}
        {...rest}
      />
    </Field>
  );
}

interface FilterBarProps {
  /** Ids are `${idPrefix}-search` and `${idPrefix}-filters`. */
  idPrefix: string;
  searchLabel: string;
  searchPlaceholder: string;
  /** The list's filters (`useUrlFilters`); the search text is `q`. */
  filtering: Pick<UrlFilters<Paging & { q?: string }>, 'filters' | 'update' | 'active' | 'hasFilters' | 'clear'>;
  /** The list is loading: the search button spins while a search runs. */
  fetching: boolean;
  /** The filters, each with a visible label (`Field`, `FilterSelect`). */
  children: ReactNode;
}

/** Search box (Enter searches) above a row of filters, which fold behind a button on phones. */
export function FilterBar({ idPrefix, searchLabel, searchPlaceholder, filtering, fetching, children }: FilterBarProps) {
  const { t } = useTranslation();
  const { q } = filtering.filters;
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  const mobile = Grid.useBreakpoint().md === false;
  const [showFilters, setShowFilters] = useState(false);
  const groupId = `${idPrefix}-filters`;

  return (
    <>
      <div className="bb-filters" role="search">
        <SearchField
          id={`${idPrefix}-search`}
          className="bb-field-wide"
          label={searchLabel}
          placeholder={searchPlaceholder}
          value={text}
          onChange={setText}
          onSearch={(value) => filtering.update({ q: value })}
          loading={fetching && !!q}
          maxLength={100}
        />
        {mobile && (
          <Badge count={filtering.active} size="small">
            <Button icon={<FilterOutlined />} aria-expanded={showFilters} aria-controls={groupId} onClick={() => setShowFilters((v) => !v)}>
              {t('matters.filters')}
            </Button>
          </Badge>
        )}
      </div>
      <div className="bb-filters" id={groupId} aria-label={t('matters.filters')} role="group" hidden={mobile && !showFilters}>
        {children}
        {filtering.hasFilters && <Button onClick={filtering.clear}>{t('matters.clearFilters')}</Button>}
      </div>
    </>
  );
}
