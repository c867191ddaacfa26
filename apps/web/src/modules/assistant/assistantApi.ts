// The citizen side of the API: an anonymous device token (Bearer), not the staff cookie.
import type { AssistantReply, CitizenSession, SessionStarted, Transcript } from '@bangban/shared';
import { ApiError, toQueryString, type RequestOptions } from '../../app/api.ts';
import { currentLanguage, i18n } from '../../app/i18n/index.ts';

const TOKEN_KEY = 'bangban.citizen.token';

export type Feedback = 'solved' | 'not_solved';
export interface FeedbackAck {
  turnId: string;
  feedback: Feedback;
  message: string;
  offerHuman: boolean;
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage blocked (private mode, third-party iframe): the token lives in memory for this page.
  }
}

let memoryToken: string | null = null;
let pendingToken: Promise<string> | null = null;

async function request<T>(path: string, options: RequestOptions & { token?: string | null }): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    // multipart: the browser writes the Content-Type with its boundary
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const query = options.query ? toQueryString(options.query) : '';
  let response: Response;
  try {
    response = await fetch(`/api${path}${query}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'omit',
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', i18n.t('app.networkError'));
  }
  if (response.status === 204) return undefined as T;
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message);
    }
    throw new ApiError(response.status, `HTTP_${response.status}`, i18n.t('app.unexpectedError', { status: response.status }));
  }
  if (data === undefined) throw new ApiError(response.status, 'BAD_RESPONSE', i18n.t('app.unexpectedError', { status: response.status }));
  return data as T;
}

/** Whether this device already has a visitor token (without asking the server for one). */
export function hasCitizenToken(): boolean {
  return !!(memoryToken ?? readToken());
}

/** The device's visitor token, asked for once and kept so a reload resumes the same conversation. */
export async function citizenToken(): Promise<string> {
  const known = memoryToken ?? readToken();
  if (known) return known;
  // Two calls at start-up (StrictMode) must not mint two visitors.
  pendingToken ??= request<CitizenSession>('/citizen/session', { method: 'POST', body: {} })
    .then((s) => {
      memoryToken = s.token;
      writeToken(s.token);
      return s.token;
    })
    .finally(() => {
      pendingToken = null;
    });
  return pendingToken;
}

/** Drops a token the server no longer knows, so the next `citizenToken()` asks for a new one. */
export function forgetCitizenToken(): void {
  memoryToken = null;
  writeToken(null);
}

/**
 * A citizen call. A token the server no longer knows is replaced once; the caller learns of it through
 * `onNewVisitor` because conversations belong to the old token and cannot be resumed.
 */
export async function citizenCall<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = await citizenToken();
  try {
    return await request<T>(path, { ...options, token });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'CITIZEN_TOKEN_INVALID') throw error;
    memoryToken = null;
    writeToken(null);
    return request<T>(path, { ...options, token: await citizenToken() });
  }
}

/**
 * A blob the citizen may read (a chat attachment's `url`): fetched with the Bearer token, never the cookie.
 * `url` is a same-origin path such as `/api/attachments/…`.
 */
export async function citizenBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  if (!url.startsWith('/api/')) throw new ApiError(0, 'BAD_URL', i18n.t('app.unexpectedError', { status: 0 }));
  const token = await citizenToken();
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': currentLanguage() }, credentials: 'omit', signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', i18n.t('app.networkError'));
  }
  if (!response.ok) {
    let data: unknown;
    try {
      data = await response.json();
    } catch {
      data = undefined;
    }
    const error = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') throw new ApiError(response.status, error.code, error.message);
    throw new ApiError(response.status, `HTTP_${response.status}`, i18n.t('app.unexpectedError', { status: response.status }));
  }
  return response.blob();
}

export const assistantApi = {
  startSession: (body: { channel: 'page' | 'widget'; matterId?: string; matterCode?: string; pageUrl?: string }) =>
    citizenCall<SessionStarted>('/assistant/sessions', { method: 'POST', body }),
  transcript: (sessionId: string) => citizenCall<Transcript>(`/assistant/sessions/${encodeURIComponent(sessionId)}`),
  ask: (sessionId: string, body: { question: string; entryId?: string }) =>
    citizenCall<AssistantReply>(`/assistant/sessions/${encodeURIComponent(sessionId)}/ask`, { method: 'POST', body }),
  feedback: (turnId: string, feedback: Feedback) =>
    citizenCall<FeedbackAck>(`/assistant/turns/${encodeURIComponent(turnId)}/feedback`, { method: 'POST', body: { feedback } }),
};
