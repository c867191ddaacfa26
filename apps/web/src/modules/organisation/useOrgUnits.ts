import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrgUnitBody, OrgUnit, OrgUnitList, UpdateOrgUnitBody } from '@bangban/shared';
import { api } from '../../app/api.ts';

export const orgUnitsKey = ['org-units'] as const;

export function useOrgUnits(enabled = true) {
  return useQuery({
    queryKey: orgUnitsKey,
    queryFn: ({ signal }) => api<OrgUnitList>('/org-units', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

function useInvalidateOrg() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: orgUnitsKey });
    void queryClient.invalidateQueries({ queryKey: ['matters', 'facets'] });
  };
}

export function useCreateOrgUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: (body: CreateOrgUnitBody) => api<OrgUnit>('/org-units', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateOrgUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrgUnitBody }) =>
      api<OrgUnit>(`/org-units/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteOrgUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/org-units/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}
