import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditList } from '@bangban/shared';
import { api } from '../../app/api.ts';

export interface AuditFilters {
  actorId?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  q?: string;
  /** ISO date-times with offset. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export function useAuditList(filters: AuditFilters) {
  return useQuery({
    queryKey: ['audit', filters],
    queryFn: ({ signal }) => api<AuditList>('/audit', { signal, query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}
