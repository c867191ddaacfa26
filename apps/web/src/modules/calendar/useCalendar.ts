import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarDays, CalendarNoticeBody, CalendarNoticePreview, CalendarOverride, CalendarStatus, CalendarYears, ScheduleCheck } from '@bangban/shared';
import type { z } from 'zod';
import { api } from '../../app/api.ts';

export type ScheduleCheckResult = z.infer<typeof ScheduleCheck>;

export const calendarKey = ['calendar'] as const;

export function useCalendarDays(from: string, to: string) {
  return useQuery({
    queryKey: [...calendarKey, 'days', from, to],
    queryFn: ({ signal }) => api<CalendarDays>('/calendar/days', { signal, query: { from, to } }),
  });
}

export function useCalendarYears() {
  return useQuery({
    queryKey: [...calendarKey, 'years'],
    queryFn: ({ signal }) => api<CalendarYears>('/calendar/years', { signal }),
  });
}

export function useCalendarOverrides() {
  return useQuery({
    queryKey: [...calendarKey, 'overrides'],
    queryFn: ({ signal }) => api<{ items: CalendarOverride[] }>('/calendar/overrides', { signal }),
  });
}

function useInvalidateCalendar() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: calendarKey });
}

export function useSetOverride() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: ({ date, working, name }: { date: string; working: boolean; name?: string }) =>
      api<CalendarOverride>(`/calendar/overrides/${date}`, { method: 'PUT', body: { working, ...(name ? { name } : {}) } }),
    onSuccess: invalidate,
  });
}

export function useDeleteOverride() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (date: string) => api<void>(`/calendar/overrides/${date}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useDeclareYear() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: ({ year, note }: { year: number; note?: string }) =>
      api<unknown>('/calendar/years', { method: 'POST', body: { year, ...(note ? { note } : {}) } }),
    onSuccess: invalidate,
  });
}

export function useScheduleCheck(groupId: string | undefined, at: string | undefined) {
  return useQuery({
    queryKey: [...calendarKey, 'schedule', groupId, at],
    queryFn: ({ signal }) =>
      api<ScheduleCheckResult>('/calendar/schedule-check', { signal, query: { groupId, at } }),
    enabled: !!groupId,
    staleTime: 0,
  });
}

export function useCalendarStatus(enabled = true) {
  return useQuery({
    queryKey: [...calendarKey, 'status'],
    queryFn: ({ signal }) => api<CalendarStatus>('/calendar/status', { signal }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function usePreviewNotice() {
  return useMutation({
    mutationFn: (body: CalendarNoticeBody) => api<CalendarNoticePreview>('/calendar/notices/preview', { method: 'POST', body }),
  });
}

export function useEnterNotice() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (body: CalendarNoticeBody) => api<CalendarNoticePreview>('/calendar/notices', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}
