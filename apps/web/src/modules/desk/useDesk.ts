// Data hooks of the agent desk, the wallboard and the canned answers (常用语) page.
import { uploadFile, type UploadOptions } from '../../app/upload.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgentDirectory,
  AgentStatus,
  AgentStatusView,
  Attachment,
  CannedAnswer,
  CannedAnswerList,
  ChatMessage,
  ConversationContext,
  ConversationList,
  ConversationNote,
  ConversationStatus,
  MessageList,
  NoteList,
  ProposedEntry,
  StaffConversation,
  SuggestionList,
  Wallboard,
} from '@bangban/shared';
import { api } from '../../app/api.ts';

export type AgentDirectoryItem = z.infer<typeof AgentDirectory>['items'][number];
export type ProposedEntryView = z.infer<typeof ProposedEntry>;
export interface CannedAnswerInput {
  unitId: string;
  title: string;
  text: string;
  shortcut: string | null;
}
/** Exactly one target, as TransferBody requires. */
export type TransferTarget = { agentId: string } | { groupId: string } | { departmentId: string };

export const deskKey = ['desk'] as const;
export const conversationsKey = [...deskKey, 'conversations'] as const;
const conv = (id: string) => `/conversations/${encodeURIComponent(id)}`;

/** How often the queue, tickets and the wallboard are re-read. */
export const POLL_MS = 5_000;

// ---- Agent status ---------------------------------------------------------------------------------------

export function useAgentStatus(enabled = true) {
  return useQuery({
    queryKey: [...deskKey, 'status'],
    queryFn: ({ signal }) => api<AgentStatusView>('/agent/status', { signal }),
    enabled,
  });
}

export function useSetAgentStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { status: AgentStatus; maxChats?: number }) => api<AgentStatusView>('/agent/status', { method: 'PUT', body }),
    onSuccess: (view) => {
      queryClient.setQueryData([...deskKey, 'status'], view);
      // Going online may have brought queued chats; going away may have sent mine back to the queue.
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
    },
  });
}

// ---- Conversation lists ---------------------------------------------------------------------------------

/** `refetchMs`: polled (the queue every 5 s); socket frames also refresh these lists at once. */
export function useConversations(filter: { status: ConversationStatus; mine?: boolean }, options: { refetchMs?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...conversationsKey, filter.status, filter.mine ? 'mine' : 'all'],
    queryFn: ({ signal }) =>
      api<z.infer<typeof ConversationList>>('/conversations', { signal, query: { status: filter.status, mine: filter.mine ? 'true' : undefined } }),
    refetchInterval: options.refetchMs ?? false,
    enabled: options.enabled ?? true,
  });
}

export function useClaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<StaffConversation>(`${conv(id)}/claim`, { method: 'POST' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: conversationsKey }),
  });
}

export function useTransfer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, target, reason }: { id: string; target: TransferTarget; reason: string }) =>
      api<StaffConversation>(`${conv(id)}/transfer`, { method: 'POST', body: { ...target, reason } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
      void queryClient.invalidateQueries({ queryKey: [...deskKey, 'wallboard'] });
      void queryClient.invalidateQueries({ queryKey: [...deskKey, 'agents'] });
    },
  });
}

export function useCloseConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, outcome, reason }: { id: string; outcome: 'resolved' | 'unresolved'; reason?: string }) =>
      api<StaffConversation>(`${conv(id)}/close`, { method: 'POST', body: { outcome, reason: reason || undefined } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
      void queryClient.invalidateQueries({ queryKey: [...deskKey, 'status'] });
    },
  });
}

export function useProposeEntry() {
  return useMutation({
    mutationFn: ({ id, question, answer }: { id: string; question: string; answer: string }) =>
      api<ProposedEntryView>(`${conv(id)}/propose-entry`, { method: 'POST', body: { question, answer } }),
  });
}

// ---- One conversation -----------------------------------------------------------------------------------

export function fetchMessages(id: string, after: number): Promise<z.infer<typeof MessageList>> {
  return api<z.infer<typeof MessageList>>(`${conv(id)}/messages`, { query: { after } });
}

export function postMessage(id: string, body: { clientId: string; text: string; attachmentId?: string }): Promise<ChatMessage> {
  return api<ChatMessage>(`${conv(id)}/messages`, { method: 'POST', body });
}

export function useConversationContext(id: string | undefined) {
  return useQuery({
    queryKey: [...deskKey, 'context', id],
    queryFn: ({ signal }) => api<ConversationContext>(`${conv(id ?? '')}/context`, { signal }),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** Re-read when the citizen says something new (`citizenSeq`): the suggestions follow their last question. */
export function useSuggestions(id: string | undefined, citizenSeq: number) {
  return useQuery({
    queryKey: [...deskKey, 'suggestions', id, citizenSeq],
    queryFn: ({ signal }) => api<SuggestionList>(`${conv(id ?? '')}/suggestions`, { signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === id ? previous : undefined),
  });
}

export function useNotes(id: string | undefined) {
  return useQuery({
    queryKey: [...deskKey, 'notes', id],
    queryFn: ({ signal }) => api<z.infer<typeof NoteList>>(`${conv(id ?? '')}/notes`, { signal }),
    enabled: !!id,
  });
}

export function useAddNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api<ConversationNote>(`${conv(id)}/notes`, { method: 'POST', body: { text } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...deskKey, 'notes', id] }),
  });
}

/** The shared helper (app/upload.ts): checked against the server's limits, sent with progress, cancellable. */
export function uploadAttachment(file: File, opts: Omit<UploadOptions, 'token'> = {}): Promise<Attachment> {
  return uploadFile(file, file.name || 'image.png', opts);
}

// ---- Transfer targets -----------------------------------------------------------------------------------

export function useAgentDirectory(enabled = true) {
  return useQuery({
    queryKey: [...deskKey, 'agents'],
    queryFn: ({ signal }) => api<z.infer<typeof AgentDirectory>>('/agents', { signal }),
    enabled,
    staleTime: 5_000,
  });
}

// ---- Canned answers -------------------------------------------------------------------------------------

const cannedKey = [...deskKey, 'canned'] as const;

export function useCannedAnswers(enabled = true) {
  return useQuery({
    queryKey: cannedKey,
    queryFn: ({ signal }) => api<z.infer<typeof CannedAnswerList>>('/canned-answers', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useSaveCannedAnswer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CannedAnswerInput }) =>
      id
        ? api<CannedAnswer>(`/canned-answers/${encodeURIComponent(id)}`, { method: 'PUT', body })
        : api<CannedAnswer>('/canned-answers', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: cannedKey }),
  });
}

export function useDeleteCannedAnswer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/canned-answers/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: cannedKey }),
  });
}

// ---- Wallboard ------------------------------------------------------------------------------------------

export function useWallboard() {
  return useQuery({
    queryKey: [...deskKey, 'wallboard'],
    queryFn: ({ signal }) => api<Wallboard>('/conversations/wallboard', { signal }),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: true,
  });
}
