import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, StaffRole, UpdateUserBody, User, UserList } from '@bangban/shared';
import { api } from '../../app/api.ts';

export interface UserFilters {
  q?: string;
  role?: StaffRole;
  orgUnitId?: string;
  page: number;
  pageSize: number;
}

export const usersKey = ['users'] as const;

export function useUserList(filters: UserFilters) {
  return useQuery({
    queryKey: [...usersKey, 'list', filters],
    queryFn: ({ signal }) => api<UserList>('/users', { signal, query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: usersKey });
    void queryClient.invalidateQueries({ queryKey: ['org-units'] });
  };
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api<User>('/users', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) =>
      api<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      api<unknown>(`/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', body: { password } }),
  });
}

export function useUnlockUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: string) => api<unknown>(`/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}
