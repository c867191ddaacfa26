import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, Me, Permission } from '@bangban/shared';
import { api, ApiError } from '../../app/api.ts';

export const meKey = ['me'] as const;

/** The signed-in staff member, or null when nobody is signed in. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: meKey,
    queryFn: async ({ signal }) => {
      try {
        return await api<Me>('/me', { signal });
      } catch (error) {
        if (error instanceof ApiError && error.isAuth) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** For pages inside the console, where RequireAuth guarantees a user. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside a signed-in console');
  return data;
}

/** Permission check driven only by what the server sent in `me.permissions`. */
export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe();
  const permissions = data?.permissions ?? [];
  return (permission) => permissions.includes(permission);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api<Me>('/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, null);
    },
  });
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordInput) => api<void>('/me/password', { method: 'POST', body }),
    // A forced change ends with the flag cleared: the console opens.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

// A notice for the login page after the session ended elsewhere (kept across the redirect).
const NOTICE_KEY = 'bangban.authNotice';
export function setAuthNotice(message: string | null): void {
  try {
    if (message) sessionStorage.setItem(NOTICE_KEY, message);
    else sessionStorage.removeItem(NOTICE_KEY);
  } catch {
    // ignore
  }
}
export function takeAuthNotice(): string | null {
  try {
    const message = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return message;
  } catch {
    return null;
  }
}
