import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export interface Paging {
  page: number;
  pageSize: number;
}

export interface UrlFilters<F extends Paging> {
  filters: F;
  /** Changing any filter goes back to page 1. */
  update: (patch: Partial<F>) => void;
  hasFilters: boolean;
  /** How many filters besides the search text are set (the badge on the mobile filter button). */
  active: number;
  /** Back to the defaults; keeps the page size. */
  clear: () => void;
  /** The table's pager: a new page size starts again at page 1. */
  changePage: (page: number, pageSize: number) => void;
}

const DEFAULT_PAGE_SIZE = 20;
const NO_DEFAULTS = {};

export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * A list's filters kept in the URL so the back button and shared links keep them.
 * `read` turns the query string into the filters (keep it and `defaults` stable: module constants);
 * a filter equal to its default is left out of the URL and does not count as a filter.
 */
export function useUrlFilters<F extends Paging>(read: (params: URLSearchParams) => Omit<F, keyof Paging>, defaults: Partial<F> = NO_DEFAULTS): UrlFilters<F> {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<F>(() => {
    const page = Number(params.get('page'));
    const pageSize = Number(params.get('pageSize'));
    return {
      ...read(params),
      page: Number.isInteger(page) && page > 0 ? page : 1,
      pageSize: [10, 20, 50, 100].includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    } as F;
  }, [params, read]);

  const update = useCallback(
    (patch: Partial<F>) => {
      const next = { ...filters, page: 1, ...patch };
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === '' || value === null) continue;
        if (key === 'page' && value === 1) continue;
        if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
        if (key in defaults && value === defaults[key as keyof F]) continue;
        search.set(key, String(value));
      }
      setParams(search);
    },
    [filters, setParams, defaults],
  );

  const isSet = (key: string, value: unknown) => !!value && value !== defaults[key as keyof F];
  const set = Object.entries(filters).filter(([key, value]) => key !== 'page' && key !== 'pageSize' && isSet(key, value));
  return {
    filters,
    update,
    hasFilters: set.length > 0,
    active: set.filter(([key]) => key !== 'q').length,
    clear: () => update(Object.fromEntries(Object.keys(read(new URLSearchParams())).map((key) => [key, defaults[key as keyof F]])) as Partial<F>),
    changePage: (page: number, pageSize: number) => update({ ...filters, page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
  };
}
