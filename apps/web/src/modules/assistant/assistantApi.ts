// The citizen side of the API: an anonymous device token (Bearer), not the staff cookie.
import type { AssistantReply, CitizenSession, HumanRequestAck, SessionStarted, Transcript } from '@bangban/shared';
import { ApiError, type RequestOptions } from '../../app/api.ts';
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
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
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

/** The device's visitor token, asked for once and kept so a reload resumes the same conversation. */
async function citizenToken(): Promise<string> {
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

/**
 * A citizen call. A token the server no longer knows is replaced once; the caller learns of it through
 * `onNewVisitor` because conversations belong to the old token and cannot be resumed.
 */
async function citizenCall<T>(path: string, options: RequestOptions = {}): Promise<T> {
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

export const assistantApi = {
  startSession: (body: { channel: 'page' | 'widget'; matterId?: string; matterCode?: string; pageUrl?: string }) =>
    citizenCall<SessionStarted>('/assistant/sessions', { method: 'POST', body }),
  transcript: (sessionId: string) => citizenCall<Transcript>(`/assistant/sessions/${encodeURIComponent(sessionId)}`),
  ask: (sessionId: string, body: { question: string; entryId?: string }) =>
    citizenCall<AssistantReply>(`/assistant/sessions/${encodeURIComponent(sessionId)}/ask`, { method: 'POST', body }),
  feedback: (turnId: string, feedback: Feedback) =>
    citizenCall<FeedbackAck>(`/assistant/turns/${encodeURIComponent(turnId)}/feedback`, { method: 'POST', body: { feedback } }),
  requestHuman: (sessionId: string, body: { question?: string; contact?: string }) =>
    citizenCall<HumanRequestAck>(`/assistant/sessions/${encodeURIComponent(sessionId)}/human`, { method: 'POST', body }),
};
