import { useEffect, useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KbEntryList, KbStatus, MatterList } from '@bangban/shared';
import { api } from '../../app/api.ts';
import { useCan } from '../identity/useMe.ts';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';

export interface Option {
  value: string;
  label: string;
}

function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** Matters by name or code (`/api/matters?q=`). */
export function useMatterOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: ['matters', 'options', q],
    queryFn: ({ signal }) => api<MatterList>('/matters', { signal, query: { q, pageSize: 20 } }),
    select: (d): Option[] => d.items.map((m) => ({ value: m.id, label: m.name })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** KB entries by question text (`/api/kb/entries?q=`), optionally only one status. */
export function useEntryOptions(q: string, status?: KbStatus, excludeId?: string, enabled = true) {
  return useQuery({
    queryKey: ['kb', 'list', 'options', q, status],
    queryFn: ({ signal }) => api<KbEntryList>('/kb/entries', { signal, query: { q, status, pageSize: 20 } }),
    select: (d): Option[] => d.items.filter((e) => e.id !== excludeId).map((e) => ({ value: e.id, label: e.question || '—' })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Departments from the organisation tree, for filters and the import dialog. */
export function useDepartmentOptions(): Option[] {
  const can = useCan();
  const org = useOrgUnits(can('org.read'));
  return useMemo(() => org.data?.items.filter((u) => u.kind === 'department').map((u) => ({ value: u.id, label: u.name })) ?? [], [org.data]);
}

interface Props {
  id?: string;
  kind: 'matter' | 'entry';
  mode?: 'multiple';
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  /** Labels of the values already chosen (the server sends names with ids). */
  known?: Option[];
  status?: KbStatus;
  excludeId?: string;
  placeholder?: string;
  allowClear?: boolean;
  'aria-label'?: string;
  style?: React.CSSProperties;
}

/** A select that searches the server as you type; used for matters and related entries. */
export function RemoteSelect({ kind, known = [], status, excludeId, ...props }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const matters = useMatterOptions(q, kind === 'matter');
  const entries = useEntryOptions(q, status, excludeId, kind === 'entry');
  const result = kind === 'matter' ? matters : entries;
  const [labels, setLabels] = useState<Map<string, string>>(() => new Map(known.map((o) => [o.value, o.label])));

  const found = result.data;
  useEffect(() => {
    if (!found?.length) return;
    setLabels((prev) => {
      const next = new Map(prev);
      for (const o of found) next.set(o.value, o.label);
      return next;
    });
  }, [found]);

  const chosen = (Array.isArray(props.value) ? props.value : props.value ? [props.value] : []).map((v) => ({
    value: v,
    label: labels.get(v) ?? known.find((o) => o.value === v)?.label ?? v,
  }));
  const options = [...chosen, ...(found ?? []).filter((o) => !chosen.some((c) => c.value === o.value))];

  return (
    <Select<string | string[]>
      {...props}
      value={props.value ?? undefined}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      notFoundContent={result.isFetching ? <Spin size="small" /> : t('kb.noOptions')}
      popupMatchSelectWidth={false}
    />
  );
}
