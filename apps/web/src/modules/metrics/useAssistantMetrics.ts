import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AssistantMetrics } from '@bangban/shared';
import { api } from '../../app/api.ts';

export interface MetricsQuery {
  from: string;
  to: string;
  departmentId?: string;
}

export function useAssistantMetrics(q: MetricsQuery) {
  return useQuery({
    queryKey: ['assistant', 'metrics', q],
    queryFn: ({ signal }) => api<AssistantMetrics>('/assistant/metrics', { signal, query: { from: q.from, to: q.to, departmentId: q.departmentId } }),
    placeholderData: keepPreviousData,
  });
}
