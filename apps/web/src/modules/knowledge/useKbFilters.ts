import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { KB_STATUSES, type KbStatus } from '@bangban/shared';
import type { KbFilters, KbScope } from './useKnowledge.ts';

const DEFAULT_PAGE_SIZE = 20;
const SCOPES: readonly KbScope[] = ['mine', 'shared', 'all'];

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The KB list's filters live in the URL so the back button and shared links keep them. */
export function useKbFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<KbFilters>(() => {
    const page = Number(params.get('page'));
    const pageSize = Number(params.get('pageSize'));
    return {
      q: params.get('q') || undefined,
      status: oneOf<KbStatus>(KB_STATUSES, params.get('status')),
      scope: oneOf(SCOPES, params.get('scope')) ?? 'all',
      departmentId: params.get('departmentId') || undefined,
      matterId: params.get('matterId') || undefined,
      page: Number.isInteger(page) && page > 0 ? page : 1,
      pageSize: [10, 20, 50, 100].includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    };
  }, [params]);

  /** Changing any filter goes back to page 1. */
  const update = useCallback(
    (patch: Partial<KbFilters>) => {
      const next = { ...filters, page: 1, ...patch };
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === '' || value === null) continue;
        if (key === 'page' && value === 1) continue;
        if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
        if (key === 'scope' && value === 'all') continue;
        search.set(key, String(value));
      }
      setParams(search);
    },
    [filters, setParams],
  );

  const hasFilters = !!(filters.q || filters.status || filters.scope !== 'all' || filters.departmentId || filters.matterId);
  return { filters, update, hasFilters };
}
