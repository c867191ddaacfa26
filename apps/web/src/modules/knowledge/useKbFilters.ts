import { KB_STATUSES, type KbStatus } from '@bangban/shared';
import { oneOf, useUrlFilters } from '../../app/components/useUrlFilters.ts';
import type { KbFilters, KbScope } from './useKnowledge.ts';

const SCOPES: readonly KbScope[] = ['mine', 'shared', 'all'];
const DEFAULTS: Partial<KbFilters> = { scope: 'all' };

function read(params: URLSearchParams): Omit<KbFilters, 'page' | 'pageSize'> {
  return {
    q: params.get('q') || undefined,
    status: oneOf<KbStatus>(KB_STATUSES, params.get('status')),
    scope: oneOf(SCOPES, params.get('scope')) ?? 'all',
    departmentId: params.get('departmentId') || undefined,
    matterId: params.get('matterId') || undefined,
  };
}

/** The KB list's filters live in the URL so the back button and shared links keep them. */
export function useKbFilters() {
  return useUrlFilters<KbFilters>(read, DEFAULTS);
}
