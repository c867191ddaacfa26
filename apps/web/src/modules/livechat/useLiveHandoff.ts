// Whether the chat page is in live mode: the open conversation's id (kept across reloads), 转人工, and leaving.
import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CitizenConversation } from '@bangban/shared';
import { hasCitizenToken } from '../assistant/assistantApi.ts';
import { liveApi, type OpenConversationRequest } from './liveApi.ts';
import { loadLiveId, saveLiveId } from './liveStorage.ts';
import { liveQueryKey } from './useLiveConversation.ts';

export function useLiveHandoff() {
  const queryClient = useQueryClient();
  const [liveId, setLiveId] = useState<string | null>(() => loadLiveId());
  /** The conversation was opened on this page (not resumed): its state gets the focus. */
  const [justOpened, setJustOpened] = useState(false);
  // Nothing stored but a known visitor: an open conversation may still be theirs (another tab, cleared key).
  const [checking, setChecking] = useState(() => !loadLiveId() && hasCitizenToken());

  useEffect(() => {
    if (!checking) return;
    let cancelled = false;
    liveApi
      .mine()
      .then(({ items }) => {
        const open = items.find((c) => c.status !== 'closed');
        if (cancelled || !open || loadLiveId()) return;
        queryClient.setQueryData(liveQueryKey(open.id), open);
        saveLiveId(open.id);
        setLiveId(open.id);
      })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setChecking(false);
      });
    return () => {
      cancelled = true;
    };
  }, [checking, queryClient]);

  const open = useCallback(
    async (body: OpenConversationRequest): Promise<CitizenConversation> => {
      const conversation = await liveApi.open(body);
      queryClient.setQueryData(liveQueryKey(conversation.id), conversation);
      saveLiveId(conversation.id);
      setJustOpened(true);
      setLiveId(conversation.id);
      return conversation;
    },
    [queryClient],
  );

  const leave = useCallback(() => {
    saveLiveId(null);
    setJustOpened(false);
    setLiveId(null);
  }, []);

  return { liveId, checking, justOpened, open, leave };
}
