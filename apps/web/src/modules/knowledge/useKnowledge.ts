import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  HitTestResult,
  KbEntry,
  KbEntryBody,
  KbEntryDiff,
  KbEntryList,
  KbEntryVersion,
  KbImportResult,
  KbStatus,
} from '@bangban/shared';
import { api, apiUrl } from '../../app/api.ts';

export type KbScope = 'mine' | 'shared' | 'all';

export interface KbFilters {
  q?: string;
  status?: KbStatus;
  scope: KbScope;
  departmentId?: string;
  matterId?: string;
  page: number;
  pageSize: number;
}

export const kbKey = ['kb'] as const;
const entryPath = (id: string) => `/kb/entries/${encodeURIComponent(id)}`;

function filterQuery(f: Omit<KbFilters, 'page' | 'pageSize'>) {
  return { q: f.q, status: f.status, scope: f.scope, departmentId: f.departmentId, matterId: f.matterId };
}

export function useKbList(filters: KbFilters) {
  return useQuery({
    queryKey: [...kbKey, 'list', filters],
    queryFn: ({ signal }) =>
      api<KbEntryList>('/kb/entries', { signal, query: { ...filterQuery(filters), page: filters.page, pageSize: filters.pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useKbEntry(id: string | undefined) {
  return useQuery({
    queryKey: [...kbKey, 'entry', id],
    queryFn: ({ signal }) => api<KbEntry>(entryPath(id ?? ''), { signal }),
    enabled: !!id,
  });
}

export function useKbVersions(id: string | undefined) {
  return useQuery({
    queryKey: [...kbKey, 'entry', id, 'versions'],
    queryFn: ({ signal }) => api<{ items: KbEntryVersion[] }>(`${entryPath(id ?? '')}/versions`, { signal }),
    enabled: !!id,
  });
}

/** `to` is a version number or 'draft' (the working copy). */
export function useKbDiff(id: string | undefined, from: number | null, to: number | 'draft' | null) {
  return useQuery({
    queryKey: [...kbKey, 'entry', id, 'diff', from, to],
    queryFn: ({ signal }) => api<KbEntryDiff>(`${entryPath(id ?? '')}/diff`, { signal, query: { from, to } }),
    enabled: !!id && from !== null && to !== null && from !== to,
  });
}

export function kbExportUrl(format: 'jsonl' | 'csv' | 'xlsx', filters: Omit<KbFilters, 'page' | 'pageSize'>): string {
  return apiUrl('/kb/export', { format, ...filterQuery(filters) });
}

/** After any write: the entry itself is replaced, lists and the entry's versions refetch. */
function useEntryWritten() {
  const queryClient = useQueryClient();
  return (entry: KbEntry) => {
    queryClient.setQueryData([...kbKey, 'entry', entry.id], entry);
    void queryClient.invalidateQueries({ queryKey: [...kbKey, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...kbKey, 'entry', entry.id], predicate: (q) => q.queryKey.length > 3 });
    void queryClient.invalidateQueries({ queryKey: [...kbKey, 'gaps'] });
  };
}

export function useSaveKbEntry() {
  const written = useEntryWritten();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: KbEntryBody }) =>
      id ? api<KbEntry>(entryPath(id), { method: 'PATCH', body }) : api<KbEntry>('/kb/entries', { method: 'POST', body }),
    onSuccess: written,
  });
}

export type KbAction =
  | { kind: 'submit' }
  | { kind: 'review'; decision: 'approve' | 'reject'; note?: string }
  | { kind: 'archive' }
  | { kind: 'reopen' }
  | { kind: 'rollback'; version: number };

export function useKbAction(id: string) {
  const written = useEntryWritten();
  return useMutation({
    mutationFn: (action: KbAction) => {
      const path = `${entryPath(id)}/${action.kind}`;
      if (action.kind === 'review') return api<KbEntry>(path, { method: 'POST', body: { decision: action.decision, note: action.note || undefined } });
      if (action.kind === 'rollback') return api<KbEntry>(path, { method: 'POST', body: { version: action.version } });
      return api<KbEntry>(path, { method: 'POST' });
    },
    onSuccess: written,
  });
}

export interface KbImportInput {
  file: File;
  departmentId?: string;
  publish: boolean;
  dryRun: boolean;
}

export function useImportKb() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, departmentId, publish, dryRun }: KbImportInput) => {
      const form = new FormData();
      // Text fields first: a streaming multipart parser sees them before the file.
      if (departmentId) form.append('departmentId', departmentId);
      form.append('publish', String(publish));
      form.append('dryRun', String(dryRun));
      form.append('file', file, file.name);
      return api<KbImportResult>('/kb/import', { method: 'POST', body: form });
    },
    onSuccess: (result) => {
      if (!result.dryRun) void queryClient.invalidateQueries({ queryKey: kbKey });
    },
  });
}

export function useHitTest() {
  return useMutation({
    mutationFn: (body: { query: string; matterId?: string }) => api<HitTestResult>('/kb/hit-test', { method: 'POST', body }),
  });
}
