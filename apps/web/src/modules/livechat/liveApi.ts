// The citizen's calls for live human help (人工帮办): Bearer device token, never the staff cookie.
import type { Attachment, ChatMessage, CitizenConversation, CitizenRating, HandoffPreview, RatingBody } from '@bangban/shared';
import { ApiError } from '../../app/api.ts';
import { uploadFile, type UploadOptions } from '../../app/upload.ts';
import { citizenCall, citizenToken, forgetCitizenToken } from '../assistant/assistantApi.ts';

/** What a request for a human is about: the 小申 session, or the page's matter. */
export interface HandoffTarget {
  assistantSessionId?: string;
  matterId?: string;
  matterCode?: string;
}

export interface OpenConversationRequest extends HandoffTarget {
  question?: string;
  contact?: string;
}

const id = (value: string) => encodeURIComponent(value);

export const liveApi = {
  /** Before 转人工: who would take it now (no side effects). */
  preview: (target: HandoffTarget) => citizenCall<HandoffPreview>('/conversations/preview', { query: { ...target } }),
  open: (body: OpenConversationRequest) => citizenCall<CitizenConversation>('/conversations', { method: 'POST', body }),
  mine: () => citizenCall<{ items: CitizenConversation[] }>('/conversations/mine'),
  get: (conversationId: string) => citizenCall<CitizenConversation>(`/conversations/${id(conversationId)}`),
  messages: (conversationId: string, after: number) =>
    citizenCall<{ items: ChatMessage[]; lastSeq: number }>(`/conversations/${id(conversationId)}/messages`, { query: { after } }),
  /** The REST twin of the socket's `send` (idempotent on clientId): used when the socket cannot be opened. */
  post: (conversationId: string, body: { clientId: string; text: string; attachmentId?: string }) =>
    citizenCall<ChatMessage>(`/conversations/${id(conversationId)}/messages`, { method: 'POST', body }),
  /** Checked against the server's limits first, then sent with progress (app/upload.ts); the token renewed once if stale. */
  upload: async (file: Blob, name: string, opts: Omit<UploadOptions, 'token'> = {}): Promise<Attachment> => {
    try {
      return await uploadFile(file, name, { ...opts, token: await citizenToken() });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'CITIZEN_TOKEN_INVALID') throw error;
      forgetCitizenToken();
      return uploadFile(file, name, { ...opts, token: await citizenToken() });
    }
  },
  contact: (conversationId: string, contact: string) =>
    citizenCall<CitizenConversation>(`/conversations/${id(conversationId)}/contact`, { method: 'PUT', body: { contact } }),
  contest: (conversationId: string, reason: string) =>
    citizenCall<CitizenConversation>(`/conversations/${id(conversationId)}/contest`, { method: 'POST', body: { reason } }),
  rating: (conversationId: string) => citizenCall<CitizenRating>(`/conversations/${id(conversationId)}/rating`),
  rate: (conversationId: string, body: RatingBody) => citizenCall<CitizenRating>(`/conversations/${id(conversationId)}/rating`, { method: 'POST', body }),
  revise: (conversationId: string, body: RatingBody) => citizenCall<CitizenRating>(`/conversations/${id(conversationId)}/rating`, { method: 'PUT', body }),
};
