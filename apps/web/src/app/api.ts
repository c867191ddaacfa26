// Typed fetch for the JSON API. Every failure becomes an ApiError whose message is ready to show.
import type { ApiErrorBody } from '@bangban/shared';
import { currentLanguage, i18n } from './i18n/index.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** True when the caller must sign in (again). */
  get isAuth(): boolean {
    return this.status === 401 && (this.code === 'AUTH_REQUIRED' || this.code === 'AUTH_SESSION_EXPIRED');
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Builds `?a=1&b=2`, leaving out empty values. */
export function toQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  /** A plain object is sent as JSON; FormData as multipart. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Listeners told when any request answers 401 (session gone). */
const authListeners = new Set<(error: ApiError) => void>();
export function onAuthLost(listener: (error: ApiError) => void): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}
/** Tells the listeners the session is gone, as seen elsewhere than in a request (the live-help socket closed 4401). */
export function reportAuthLost(error: ApiError): void {
  authListeners.forEach((l) => l(error));
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (!value || typeof value !== 'object' || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return !!error && typeof error === 'object' && 'code' in error && 'message' in error;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(`/api${path}${toQueryString(query)}`, {
      method,
      headers,
      body: payload,
      signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', i18n.t('app.networkError'));
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = isErrorBody(data)
      ? new ApiError(response.status, data.error.code, data.error.message, data.error.details)
      : new ApiError(response.status, `HTTP_${response.status}`, i18n.t('app.unexpectedError', { status: response.status }));
    if (error.isAuth && !path.startsWith('/auth/')) authListeners.forEach((l) => l(error));
    throw error;
  }
  if (data === undefined && text) {
    throw new ApiError(response.status, 'BAD_RESPONSE', i18n.t('app.unexpectedError', { status: response.status }));
  }
  return data as T;
}

/** A readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return String(error);
}

export function apiUrl(path: string, query?: QueryParams): string {
  return `/api${path}${toQueryString(query)}`;
}
