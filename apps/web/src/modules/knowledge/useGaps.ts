import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KbEntry, KbGapList } from '@bangban/shared';
import { api } from '../../app/api.ts';
import { kbKey } from './useKnowledge.ts';

export type GapStatus = 'open' | 'answered' | 'dismissed';

export interface GapFilters {
  status?: GapStatus;
  overdue: boolean;
  page: number;
  pageSize: number;
}

const gapsKey = [...kbKey, 'gaps'] as const;
const gapPath = (id: string, action: string) => `/kb/gaps/${encodeURIComponent(id)}/${action}`;

export function useGaps(f: GapFilters) {
  return useQuery({
    queryKey: [...gapsKey, f],
    queryFn: ({ signal }) =>
      api<KbGapList>('/kb/gaps', { signal, query: { status: f.status, overdue: f.overdue ? 'true' : undefined, page: f.page, pageSize: f.pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export type GapAction = { kind: 'answer'; entryId: string } | { kind: 'dismiss'; reason: string };

export function useResolveGap() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: GapAction }) =>
      action.kind === 'answer'
        ? api<void>(gapPath(id, 'answer'), { method: 'POST', body: { entryId: action.entryId } })
        : api<void>(gapPath(id, 'dismiss'), { method: 'POST', body: { reason: action.reason } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: gapsKey }),
  });
}

/** 据此起草: the server creates a draft from the gap; publishing it answers the gap. */
export function useDraftFromGap() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<KbEntry>(gapPath(id, 'draft'), { method: 'POST' }),
    onSuccess: (entry) => {
      queryClient.setQueryData([...kbKey, 'entry', entry.id], entry);
      void queryClient.invalidateQueries({ queryKey: gapsKey });
      void queryClient.invalidateQueries({ queryKey: [...kbKey, 'list'] });
    },
  });
}
