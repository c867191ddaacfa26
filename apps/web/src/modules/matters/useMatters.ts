import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportResult,
  Matter,
  MatterAudience,
  MatterBody,
  MatterFacets,
  MatterHall,
  MatterList,
  UpdateMatterBody,
} from '@bangban/shared';
import { api, apiUrl } from '../../app/api.ts';

export interface MatterFilters {
  q?: string;
  departmentId?: string;
  type?: string;
  audience?: MatterAudience;
  hall?: MatterHall;
  top?: '35' | '100';
  page: number;
  pageSize: number;
}

export const mattersKey = ['matters'] as const;

function filterQuery(f: Omit<MatterFilters, 'page' | 'pageSize'>) {
  return { q: f.q, departmentId: f.departmentId, type: f.type, audience: f.audience, hall: f.hall, top: f.top };
}

export function useMatterList(filters: MatterFilters) {
  return useQuery({
    queryKey: [...mattersKey, 'list', filters],
    queryFn: ({ signal }) =>
      api<MatterList>('/matters', { signal, query: { ...filterQuery(filters), page: filters.page, pageSize: filters.pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useMatterFacets() {
  return useQuery({
    queryKey: [...mattersKey, 'facets'],
    queryFn: ({ signal }) => api<MatterFacets>('/matters/facets', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useMatter(id: string | undefined) {
  return useQuery({
    queryKey: [...mattersKey, 'detail', id],
    queryFn: ({ signal }) => api<Matter>(`/matters/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

/** Download link for the current filters (the browser sends the session cookie). */
export function exportUrl(format: 'jsonl' | 'csv', filters: Omit<MatterFilters, 'page' | 'pageSize'>): string {
  return apiUrl('/matters/export', { format, ...filterQuery(filters) });
}

export function useSaveMatter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: MatterBody | UpdateMatterBody }) =>
      id
        ? api<Matter>(`/matters/${encodeURIComponent(id)}`, { method: 'PATCH', body })
        : api<Matter>('/matters', { method: 'POST', body }),
    onSuccess: (matter) => {
      queryClient.setQueryData([...mattersKey, 'detail', matter.id], matter);
      void queryClient.invalidateQueries({ queryKey: [...mattersKey, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...mattersKey, 'facets'] });
    },
  });
}

export function useDeleteMatter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/matters/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: [...mattersKey, 'detail', id] });
      void queryClient.invalidateQueries({ queryKey: [...mattersKey, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...mattersKey, 'facets'] });
    },
  });
}

export interface ImportInput {
  file: File;
  createMissingDepartments: boolean;
  dryRun: boolean;
}

export function useImportMatters() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, createMissingDepartments, dryRun }: ImportInput) => {
      const form = new FormData();
      // Text fields first: a streaming multipart parser sees them before the file.
      form.append('createMissingDepartments', String(createMissingDepartments));
      form.append('dryRun', String(dryRun));
      form.append('file', file, file.name);
      return api<ImportResult>('/matters/import', { method: 'POST', body: form });
    },
    onSuccess: (result) => {
      if (!result.dryRun) {
        void queryClient.invalidateQueries({ queryKey: mattersKey });
        void queryClient.invalidateQueries({ queryKey: ['org-units'] });
      }
    },
  });
}
