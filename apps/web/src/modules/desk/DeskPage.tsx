import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Alert, App, Empty } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Attachment, ChatMessage, ServerFrame, StaffConversation } from '@bangban/shared';
import { ApiError, errorMessage } from '../../app/api.ts';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCurrentUser } from '../identity/useMe.ts';
import { AgentStatusBar } from './AgentStatusBar.tsx';
import { beep, notifyDesktop, unlockSound } from './alerts.ts';
import { ChatLists } from './ChatLists.tsx';
import { ChatPanel } from './ChatPanel.tsx';
import { ChatStore, unreadCount } from './chatStore.ts';
import { CloseDialog } from './CloseDialog.tsx';
import type { ComposerHandle } from './DeskComposer.tsx';
import { ProposeEntryDialog } from './ProposeEntryDialog.tsx';
import { SidePanel, SUGGESTIONS_PANEL_ID, type SideTab } from './SidePanel.tsx';
import { TransferDialog } from './TransferDialog.tsx';
import { conversationsKey, deskKey, fetchMessages, POLL_MS, useCannedAnswers, useClaim, useConversationContext, useConversations } from './useDesk.ts';
import { sendMessage, useStaffSocket } from './useStaffSocket.ts';
import './desk.css';

type Dialog = 'transfer' | 'close' | 'propose' | null;
type ConversationFrame = Extract<ServerFrame, { type: 'conversation' }>;

/** The agent's last run of replies (what answered the citizen): the prefill of 提为知识条目. */
function lastAgentRun(messages: ChatMessage[]): string {
  const run: string[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.sender === 'citizen' && run.length) break;
    if (m.sender === 'agent' && m.text) run.unshift(m.text);
  }
  return run.join('\n\n');
}

/** /console/desk — 人工帮办工作台: my chats, the queue, the live chat with 小申's context and KB help beside it. */
export function DeskPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const store = useMemo(() => new ChatStore(me.user.id), [me.user.id]);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { socket, state: connection } = useStaffSocket();

  const mine = useConversations({ status: 'assigned', mine: true }, { refetchMs: 30_000 });
  const queue = useConversations({ status: 'queued' }, { refetchMs: POLL_MS });
  const tickets = useConversations({ status: 'ticket' }, { refetchMs: 30_000 });
  const canned = useCannedAnswers();
  const claim = useClaim();

  const [params, setParams] = useSearchParams();
  const selectedParam = params.get('c') ?? undefined;
  const myItems = useMemo(() => mine.data?.items ?? [], [mine.data]);
  const selected = myItems.find((c) => c.id === selectedParam);
  const selectedId = selected?.id;
  const context = useConversationContext(selectedId);

  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [tab, setTab] = useState<SideTab>('suggestions');
  const [dialog, setDialog] = useState<Dialog>(null);
  const composer = useRef<ComposerHandle>(null);
  /** Chats I claimed or am handing over: their socket frames are my own doing, not news. */
  const claimed = useRef(new Set<string>());
  const leaving = useRef(new Set<string>());

  const select = useCallback(
    (id: string | undefined) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (id) next.set('c', id);
          else next.delete('c');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  // Nothing (valid) selected: open the first chat, so a new chat or the next one after closing is in front.
  // A chat just claimed is selected before the list has it: wait for the list to be re-read.
  useEffect(() => {
    if (!mine.data || selected || (selectedParam && mine.isFetching)) return;
    const first = mine.data.items[0]?.id;
    if (first !== selectedParam) select(first);
  }, [mine.data, mine.isFetching, selected, selectedParam, select]);

  // ---- following and loading every chat of mine (unread counts need them all) ----------------------------
  const followed = useRef<{ socket: unknown; ids: Set<string> }>({ socket: null, ids: new Set() });
  const loaded = useRef(new Set<string>());
  useEffect(() => {
    if (!mine.data) return;
    const ids = new Set(mine.data.items.map((c) => c.id));
    for (const id of ids) {
      if (loaded.current.has(id)) continue;
      loaded.current.add(id);
      fetchMessages(id, store.lastSeq(id))
        .then((r) => store.merge(id, r.items))
        .catch(() => loaded.current.delete(id));
    }
    for (const id of loaded.current) if (!ids.has(id)) loaded.current.delete(id);
    store.retain(ids);
    if (!socket) return;
    if (followed.current.socket !== socket) followed.current = { socket, ids: new Set() };
    const now = followed.current.ids;
    for (const id of ids) {
      if (now.has(id)) continue;
      socket.follow(id, store.lastSeq(id));
      now.add(id);
    }
    for (const id of now) {
      if (ids.has(id)) continue;
      socket.unfollow(id);
      now.delete(id);
    }
  }, [mine.data, socket, store]);

  // ---- socket frames --------------------------------------------------------------------------------------
  const refreshLists = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: conversationsKey });
    void queryClient.invalidateQueries({ queryKey: [...deskKey, 'status'] });
  }, [queryClient]);

  const announceNewChat = useCallback(
    async (id: string) => {
      beep(2);
      await queryClient.refetchQueries({ queryKey: [...conversationsKey, 'assigned', 'mine'] });
      const list = queryClient.getQueryData<{ items: StaffConversation[] }>([...conversationsKey, 'assigned', 'mine']);
      const c = list?.items.find((x) => x.id === id);
      const label = c ? `#${c.queueNo} · ${c.group}` : '';
      void message.info(t('desk.newChat', { label }));
      notifyDesktop(t('desk.newChatTitle'), c ? `${label}${c.question ? `：${c.question}` : ''}` : t('desk.newChatBody'), `bangban-chat-${id}`, () => select(id));
    },
    [queryClient, message, t, select],
  );

  const onConversation = useCallback(
    (f: ConversationFrame) => {
      const id = f.conversationId;
      const known = myItems.find((c) => c.id === id);
      refreshLists();
      if (f.assignedToYou && f.status === 'assigned' && (f.change === 'assigned' || f.change === 'transferred') && !known) {
        if (claimed.current.delete(id)) return;
        void announceNewChat(id);
        return;
      }
      if (known && (f.assignedToYou === false || f.status !== 'assigned')) {
        // My own close or transfer (the frame may come before the request's answer).
        if (leaving.current.delete(id) || (id === selectedId && (dialog === 'close' || dialog === 'transfer'))) return;
        void message.info(f.status === 'closed' ? t('desk.chatClosedElsewhere', { no: known.queueNo }) : t('desk.chatMovedAway', { no: known.queueNo }));
      }
    },
    [myItems, selectedId, dialog, refreshLists, announceNewChat, message, t],
  );

  const onFrame = useRef<(f: ServerFrame) => void>(() => undefined);
  useLayoutEffect(() => {
    onFrame.current = (f) => {
      switch (f.type) {
        case 'message': {
          const { type: _type, conversationId, ...m } = f;
          store.merge(conversationId, [m]);
          break;
        }
        case 'typing':
          if (f.from === 'citizen') store.typing(f.conversationId);
          break;
        case 'read':
          if (f.by === 'citizen') store.read(f.conversationId, f.seq);
          break;
        case 'conversation':
          onConversation(f);
          break;
        default:
          break;
      }
    };
  });
  useEffect(() => socket?.on((f) => onFrame.current(f)), [socket]);

  // After a reconnect the lists may have changed while we were away.
  useEffect(() => {
    if (connection === 'open') refreshLists();
  }, [connection, refreshLists]);

  // ---- read position: what I have in front of me is seen, and the citizen gets a read receipt -----------
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    // Browsers play sound only after a gesture on the page: the first click or key unlocks it.
    window.addEventListener('pointerdown', unlockSound, { once: true });
    window.addEventListener('keydown', unlockSound, { once: true });
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('pointerdown', unlockSound);
      window.removeEventListener('keydown', unlockSound);
    };
  }, []);
  const selectedChat = selectedId ? store.chat(selectedId) : undefined;
  const selectedLastSeq = selectedChat?.messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (!selectedId || !visible || !selectedLastSeq) return;
    store.markSeen(selectedId, selectedLastSeq);
    socket?.read(selectedId, selectedLastSeq);
  }, [selectedId, visible, selectedLastSeq, socket, store]);

  // Seen here, or read on any device (the server keeps how far this chat's agent has read).
  const readOnServer = useMemo(() => new Map(myItems.map((c) => [c.id, c.agentReadSeq])), [myItems]);
  const unread = useCallback(
    (id: string) => unreadCount(snap.chats[id] ?? store.chat(id), Math.max(snap.seen[id] ?? 0, readOnServer.get(id) ?? 0)),
    [snap, store, readOnServer],
  );
  const totalUnread = myItems.reduce((n, c) => n + unread(c.id), 0);
  usePageTitle(totalUnread ? `(${totalUnread}) ${t('nav.desk')}` : t('nav.desk'));

  // ---- actions --------------------------------------------------------------------------------------------
  const doClaim = (c: StaffConversation) => {
    claimed.current.add(c.id);
    claim.mutate(c.id, {
      onSuccess: (conv) => {
        void message.success(t('desk.claimed', { no: conv.queueNo }));
        select(conv.id);
      },
      onError: (e) => {
        claimed.current.delete(c.id);
        if (e instanceof ApiError && e.code === 'CONVERSATION_TAKEN') void message.warning(t('desk.taken', { no: c.queueNo }));
        // Not online (e.g. set away after a dropped connection): the server's words say what to do; give time to read.
        else if (e instanceof ApiError && e.code === 'AGENT_NOT_ONLINE_TO_CLAIM') void message.warning({ content: e.message, duration: 8 });
        else void message.error(e.message);
      },
    });
  };

  const send = (id: string, text: string, attachment: Attachment | null, clientId?: string) =>
    sendMessage(socket, store, id, { text, attachment, clientId }).catch((e: unknown) => void message.error(errorMessage(e)));

  const retry = (id: string, clientId: string) => {
    const p = store.retryPending(id, clientId);
    if (p) void send(id, p.text, p.attachment, p.clientId);
  };

  const moveOn = (id: string) => {
    const rest = myItems.filter((c) => c.id !== id);
    select(rest[0]?.id);
    setDialog(null);
  };

  const insertIntoReply = (text: string) => {
    composer.current?.insert(text);
  };

  // ---- keyboard shortcuts (Alt + key only: everything else stays with the text box) ---------------------
  const shortcuts = useRef<(e: KeyboardEvent) => void>(() => undefined);
  useLayoutEffect(() => {
    shortcuts.current = (e) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || dialog) return;
      const index = myItems.findIndex((c) => c.id === selectedId);
      let handled = true;
      if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        if (!myItems.length) return;
        const step = e.key === 'ArrowUp' ? -1 : 1;
        const next = myItems[(index + step + myItems.length) % myItems.length] ?? myItems[0];
        select(next?.id);
      } else if (/^Digit[1-9]$/.test(e.code)) {
        const target = myItems[Number(e.code.slice(5)) - 1];
        if (target) select(target.id);
      } else if (e.code === 'KeyK') {
        setTab('suggestions');
        // The first "insert" button when there are suggestions (Tab moves on to the next), else the panel.
        requestAnimationFrame(() => {
          const panel = document.getElementById(SUGGESTIONS_PANEL_ID);
          (panel?.querySelector<HTMLButtonElement>('button') ?? panel)?.focus();
        });
      } else if (e.code === 'KeyR') {
        composer.current?.focus();
      } else if (e.code === 'KeyE') {
        if (selected?.can.close) setDialog('close');
      } else if (e.code === 'KeyT') {
        if (selected?.can.transfer) setDialog('transfer');
      } else {
        handled = false;
      }
      if (handled) e.preventDefault();
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => shortcuts.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ---- render ---------------------------------------------------------------------------------------------
  const citizenSeq = selectedChat?.messages.findLast((m) => m.sender === 'citizen')?.seq ?? 0;
  const lastOf = (id: string) => (snap.chats[id] ?? store.chat(id)).messages.findLast((m) => m.sender !== 'system');

  return (
    <div className="bb-desk">
      <h1 className="bb-sr-only">{t('nav.desk')}</h1>
      <AgentStatusBar connection={connection} assignedCount={myItems.length} />
      {(connection === 'reconnecting' || connection === 'closed') && (
        <Alert
          type={connection === 'closed' ? 'error' : 'warning'}
          showIcon
          role="alert"
          title={connection === 'closed' ? t('desk.connClosedText') : t('desk.connLostText')}
          className="bb-desk-conn-alert"
        />
      )}
      <div className="bb-desk-grid">
        <nav className="bb-desk-left" aria-label={t('desk.listsRegion')}>
          <ChatLists
            mine={mine}
            queue={queue}
            tickets={tickets}
            selectedId={selectedId}
            onSelect={select}
            unread={unread}
            lastMessage={lastOf}
            typingUntil={(id) => (snap.chats[id] ?? store.chat(id)).typingUntil}
            onClaim={doClaim}
            claimingId={claim.isPending ? claim.variables : undefined}
          />
        </nav>
        <section className={`bb-desk-centre${selected ? '' : ' bb-desk-centre-empty'}`} aria-labelledby={selected ? 'bb-desk-chat-title' : undefined} aria-label={selected ? undefined : t('desk.chatRegion')}>
          {selected && selectedChat ? (
            <ChatPanel
              conversation={selected}
              chat={selectedChat}
              context={context.data}
              contextError={context.error}
              canned={canned.data?.items ?? []}
              draft={drafts[selected.id] ?? ''}
              onDraft={(v) => setDrafts((d) => ({ ...d, [selected.id]: v }))}
              onSend={(text, attachment) => void send(selected.id, text, attachment)}
              onTyping={() => socket?.typing(selected.id)}
              onRetry={(clientId) => retry(selected.id, clientId)}
              onDiscard={(clientId) => store.dropPending(selected.id, clientId)}
              onTransfer={() => setDialog('transfer')}
              onClose={() => setDialog('close')}
              onPropose={() => setDialog('propose')}
              composerRef={composer}
            />
          ) : (
            <div className="bb-center">
              <Empty description={mine.isPending ? t('app.loading') : t('desk.pickChat')} />
            </div>
          )}
        </section>
        <aside className="bb-desk-right" aria-label={t('desk.sideRegion')}>
          {selected ? (
            <SidePanel
              conversation={selected}
              context={{ data: context.data, isPending: context.isPending, error: context.error }}
              citizenSeq={citizenSeq}
              tab={tab}
              onTab={setTab}
              onInsert={insertIntoReply}
            />
          ) : (
            <p className="bb-desk-muted bb-desk-empty">{t('desk.sideEmpty')}</p>
          )}
        </aside>
      </div>
      {selected && dialog === 'transfer' && (
        <TransferDialog
          conversation={selected}
          excludeAgentId={me.user.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            leaving.current.add(selected.id);
            void message.success(t('desk.transferred', { no: selected.queueNo }));
            moveOn(selected.id);
          }}
        />
      )}
      {selected && dialog === 'close' && (
        <CloseDialog
          conversation={selected}
          onClose={() => setDialog(null)}
          onDone={() => {
            leaving.current.add(selected.id);
            void message.success(t('desk.closed', { no: selected.queueNo }));
            moveOn(selected.id);
          }}
        />
      )}
      {selected && selectedChat && dialog === 'propose' && (
        <ProposeEntryDialog
          conversationId={selected.id}
          initialQuestion={selected.question ?? selectedChat.messages.find((m) => m.sender === 'citizen' && m.text)?.text ?? context.data?.assistant.at(-1)?.question ?? ''}
          initialAnswer={lastAgentRun(selectedChat.messages)}
          onClose={() => setDialog(null)}
          onDone={() => {
            void message.success(t('desk.proposed'));
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}
