import { MATTER_AUDIENCES, MATTER_HALLS, type MatterAudience, type MatterHall } from '@bangban/shared';
import { oneOf, useUrlFilters } from '../../app/components/useUrlFilters.ts';
import type { MatterFilters } from './useMatters.ts';

function read(params: URLSearchParams): Omit<MatterFilters, 'page' | 'pageSize'> {
  return {
    q: params.get('q') || undefined,
    departmentId: params.get('departmentId') || undefined,
    type: params.get('type') || undefined,
    audience: oneOf<MatterAudience>(MATTER_AUDIENCES, params.get('audience')),
    hall: oneOf<MatterHall>(MATTER_HALLS, params.get('hall')),
    top: oneOf(['35', '100'] as const, params.get('top')),
  };
}

/** The matter list's filters live in the URL so the back button and shared links keep them. */
export function useMatterFilters() {
  return useUrlFilters<MatterFilters>(read);
}
