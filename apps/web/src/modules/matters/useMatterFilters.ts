import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { MATTER_AUDIENCES, MATTER_HALLS, type MatterAudience, type MatterHall } from '@bangban/shared';
import type { MatterFilters } from './useMatters.ts';

const DEFAULT_PAGE_SIZE = 20;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The matter list's filters live in the URL so the back button and shared links keep them. */
export function useMatterFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<MatterFilters>(() => {
    const page = Number(params.get('page'));
    const pageSize = Number(params.get('pageSize'));
    return {
      q: params.get('q') || undefined,
      departmentId: params.get('departmentId') || undefined,
      type: params.get('type') || undefined,
      audience: oneOf<MatterAudience>(MATTER_AUDIENCES, params.get('audience')),
      hall: oneOf<MatterHall>(MATTER_HALLS, params.get('hall')),
      top: oneOf(['35', '100'] as const, params.get('top')),
      page: Number.isInteger(page) && page > 0 ? page : 1,
      pageSize: [10, 20, 50, 100].includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    };
  }, [params]);

  /** Changing any filter goes back to page 1. */
  const update = useCallback(
    (patch: Partial<MatterFilters>) => {
      const next = { ...filters, page: 1, ...patch };
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === '' || value === null) continue;
        if (key === 'page' && value === 1) continue;
        if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
        search.set(key, String(value));
      }
      setParams(search);
    },
    [filters, setParams],
  );

  const hasFilters = !!(filters.q || filters.departmentId || filters.type || filters.audience || filters.hall || filters.top);
  return { filters, update, hasFilters };
}
