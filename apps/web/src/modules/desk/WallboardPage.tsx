import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Progress, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { FullscreenExitOutlined, FullscreenOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { CONVERSATION_STATUS_LABELS, type Wallboard } from '@bangban/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCan } from '../identity/useMe.ts';
import { STATUS_COLORS } from './AgentStatusBar.tsx';
import { beep, formatDuration, unlockSound, useNow } from './alerts.ts';
import { TransferDialog } from './TransferDialog.tsx';
import { deskKey, useWallboard } from './useDesk.ts';
import { useStaffSocket } from './useStaffSocket.ts';
import './desk.css';

type Waiting = Wallboard['waiting'][number];
type Group = Wallboard['groups'][number];
type Agent = Wallboard['agents'][number];

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 10) / 10}%`);

function Figure({ label, value, tone, testId }: { label: string; value: string | number; tone?: 'warn' | 'bad' | 'good'; testId?: string }) {
  return (
    <div className={`bb-wall-figure${tone ? ` bb-wall-${tone}` : ''}`} data-testid={testId}>
      <div className="bb-wall-figure-value">{value}</div>
      <div className="bb-wall-figure-label">{label}</div>
    </div>
  );
}

/** /console/wallboard — 值班看板 for department leaders and the district office; meant for a wall screen. */
export function WallboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('desk.wall.title'));
  const can = useCan();
  const canTransfer = can('conversation.transfer');
  const { notification } = App.useApp();
  const queryClient = useQueryClient();
  const wall = useWallboard();
  const { socket, state: connection } = useStaffSocket();
  const [sound, setSound] = useState(true);
  const [reassign, setReassign] = useState<Waiting | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const now = useNow();
  const soundRef = useRef(sound);
  useEffect(() => {
    soundRef.current = sound;
  }, [sound]);

  // The 45-s alert comes over the socket at once; any state change re-reads the board (at most once a second).
  useEffect(() => {
    if (!socket) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: [...deskKey, 'wallboard'] });
      }, 1000);
    };
    const off = socket.on((f) => {
      if (f.type === 'alert' && f.kind === 'first_response_due') {
        notification.warning({
          key: `alert-${f.conversationId}`,
          title: t('desk.wall.alertTitle'),
          description: t('desk.wall.alertText', { group: f.group, seconds: f.waitingSeconds }),
          duration: 15,
          role: 'alert',
        });
        if (soundRef.current) beep(3, 660);
        refresh();
      } else if (f.type === 'conversation') {
        refresh();
      }
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [socket, notification, queryClient, t]);

  useEffect(() => {
    const update = () => setFullscreen(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', update);
    window.addEventListener('pointerdown', unlockSound, { once: true });
    return () => {
      document.removeEventListener('fullscreenchange', update);
      window.removeEventListener('pointerdown', unlockSound);
    };
  }, []);
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.getElementById('bb-wall')?.requestFullscreen?.();
  };

  const w = wall.data;
  // Seconds since the board was read, so the waiting clocks keep running between refreshes.
  const drift = wall.dataUpdatedAt ? Math.max(0, Math.floor((now - wall.dataUpdatedAt) / 1000)) : 0;
  const waitingOf = (x: Waiting) => x.waitingSeconds + drift;
  const level = (x: Waiting): 'overdue' | 'alert' | null => {
    const s = waitingOf(x);
    if (x.overdue || (w && s > w.targetSeconds)) return 'overdue';
    if (x.alert || (w && s >= w.alertAfterSeconds)) return 'alert';
    return null;
  };
  const queued = w?.groups.reduce((n, g) => n + g.queued, 0) ?? 0;
  const alerts = w?.waiting.filter((x) => level(x)).length ?? 0;
  const online = w?.agents.filter((a) => a.status === 'online' || a.status === 'busy').length ?? 0;

  const waitingColumns: TableColumnsType<Waiting> = [
    { key: 'no', title: t('desk.wall.queueNo'), render: (_, x) => <strong>#{x.queueNo}</strong>, width: 90 },
    { key: 'group', title: t('desk.wall.group'), dataIndex: 'group' },
    { key: 'status', title: t('desk.wall.state'), render: (_, x) => CONVERSATION_STATUS_LABELS[x.status], responsive: ['sm'] },
    { key: 'agent', title: t('desk.wall.agent'), render: (_, x) => x.agentName ?? t('desk.wall.noAgent'), responsive: ['md'] },
    {
      key: 'wait',
      title: t('desk.wall.waited'),
      render: (_, x) => {
        const l = level(x);
        return (
          <span className="bb-wall-wait">
            <span className="bb-wall-wait-value">{formatDuration(waitingOf(x))}</span>
            {l && <Tag color={l === 'overdue' ? 'error' : 'warning'}>{t(`desk.wall.${l}`)}</Tag>}
          </span>
        );
      },
    },
    ...(canTransfer
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 110,
            render: (_: unknown, x: Waiting) => (
              <Button icon={<SwapOutlined />} onClick={() => setReassign(x)} aria-label={t('desk.wall.reassignNo', { no: x.queueNo })}>
                {t('desk.wall.reassign')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const agentColumns: TableColumnsType<Agent> = [
    { key: 'name', title: t('desk.wall.agent'), dataIndex: 'name' },
    { key: 'group', title: t('desk.wall.group'), dataIndex: 'group', responsive: ['md'] },
    { key: 'status', title: t('desk.wall.status'), render: (_, a) => <Tag color={STATUS_COLORS[a.status]}>{t(`desk.status_${a.status}`)}</Tag> },
    {
      key: 'load',
      title: t('desk.wall.load'),
      render: (_, a) => (
        <div className="bb-wall-load">
          <span>{t('desk.loadOf', { load: a.load, max: a.maxChats })}</span>
          <Progress
            percent={a.maxChats ? Math.round((a.load / a.maxChats) * 100) : 0}
            showInfo={false}
            size="small"
            status={a.load >= a.maxChats ? 'exception' : 'normal'}
            aria-hidden
          />
        </div>
      ),
    },
    { key: 'last', title: t('desk.wall.lastAssigned'), render: (_, a) => (a.lastAssignedAt ? dayjs(a.lastAssignedAt).format('HH:mm') : '—'), responsive: ['lg'] },
  ];

  return (
    <div className="bb-wall" id="bb-wall">
      <div className="bb-page-header">
        <Typography.Title level={1} className="bb-page-title">
          {t('desk.wall.title')}
        </Typography.Title>
        <div className="bb-wall-tools">
          <span className="bb-desk-muted" aria-live="off">
            {w ? t('desk.wall.updatedAt', { at: dayjs(wall.dataUpdatedAt).format('HH:mm:ss') }) : ''}
          </span>
          <Tag color={connection === 'open' ? 'success' : connection === 'closed' ? 'error' : 'warning'} role="status">
            {t(`desk.conn_${connection}`)}
          </Tag>
          <label className="bb-wall-switch">
            <Switch checked={sound} onChange={setSound} size="small" /> {t('desk.wall.sound')}
          </label>
          <Button icon={fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={toggleFullscreen}>
            {fullscreen ? t('desk.wall.exitFullscreen') : t('desk.wall.fullscreen')}
          </Button>
        </div>
      </div>
      {wall.isError && <Alert type="error" showIcon role="alert" title={wall.error.message} style={{ marginBottom: 16 }} />}

      <section aria-labelledby="bb-wall-today" className="bb-wall-block">
        <h2 id="bb-wall-today" className="bb-sr-only">
          {t('desk.wall.now')}
        </h2>
        <div className="bb-wall-figures">
          <Figure label={t('desk.wall.queued')} value={queued} tone={queued ? 'warn' : undefined} testId="wall-queued" />
          <Figure label={t('desk.wall.owed')} value={w?.waiting.length ?? 0} />
          <Figure label={t('desk.wall.alerts')} value={alerts} tone={alerts ? 'bad' : 'good'} testId="wall-alerts" />
          <Figure label={t('desk.wall.agentsOnline')} value={`${online}/${w?.agents.length ?? 0}`} />
          <Figure label={t('desk.wall.todayRequests')} value={w?.today.requests ?? 0} />
          <Figure label={t('desk.wall.compliance')} value={pct(w?.today.compliance)} />
          <Figure label={t('desk.wall.resolution')} value={pct(w?.today.resolutionRate)} />
        </div>
      </section>

      <section aria-labelledby="bb-wall-waiting" className="bb-wall-block">
        <h2 id="bb-wall-waiting" className="bb-wall-h2">
          {t('desk.wall.waitingTitle')}
          {w && <span className="bb-desk-muted bb-wall-h2-note">{t('desk.wall.waitingNote', { alert: w.alertAfterSeconds, target: w.targetSeconds })}</span>}
        </h2>
        <Table<Waiting>
          rowKey="id"
          className="bb-wall-table"
          columns={waitingColumns}
          dataSource={w?.waiting ?? []}
          loading={wall.isPending}
          pagination={false}
          rowClassName={(x) => (level(x) ? `bb-wall-row-${level(x)}` : '')}
          locale={{ emptyText: <Empty description={t('desk.wall.noneWaiting')} /> }}
        />
      </section>

      <section aria-labelledby="bb-wall-groups" className="bb-wall-block">
        <h2 id="bb-wall-groups" className="bb-wall-h2">
          {t('desk.wall.groups')}
        </h2>
        {w && w.groups.length === 0 && <Empty description={t('desk.wall.noGroups')} />}
        <ul className="bb-wall-groups">
          {(w?.groups ?? []).map((g: Group) => (
            <li key={g.id} className={`bb-wall-group${g.queued ? ' bb-wall-group-busy' : ''}`}>
              <h3>
                {g.name}
                <Tag color={g.open ? 'success' : 'default'} style={{ marginInlineStart: 8 }}>
                  {g.open ? t('desk.wall.open') : t('desk.wall.closed')}
                </Tag>
              </h3>
              {g.department && <div className="bb-desk-muted">{g.department}</div>}
              <div className="bb-wall-group-main">
                <span className="bb-wall-group-value">{g.queued}</span> {t('desk.wall.inQueue')}
              </div>
              <dl className="bb-wall-dl">
                <dt>{t('desk.wall.longestWait')}</dt>
                <dd className={g.longestWaitSeconds !== null && w && g.longestWaitSeconds >= w.alertAfterSeconds ? 'bb-wall-bad-text' : undefined}>
                  {g.longestWaitSeconds === null ? '—' : formatDuration(g.longestWaitSeconds + drift)}
                </dd>
                <dt>{t('desk.wall.serving')}</dt>
                <dd>{g.serving}</dd>
                <dt>{t('desk.wall.tickets')}</dt>
                <dd>{g.tickets}</dd>
                <dt>{t('desk.wall.groupOnline')}</dt>
                <dd>{g.agentsOnline}</dd>
                <dt>{t('desk.wall.capacity')}</dt>
                <dd>{g.capacity}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="bb-wall-agents" className="bb-wall-block">
        <h2 id="bb-wall-agents" className="bb-wall-h2">
          {t('desk.wall.agents')}
        </h2>
        <Table<Agent>
          rowKey="id"
          className="bb-wall-table"
          columns={agentColumns}
          dataSource={w?.agents ?? []}
          loading={wall.isPending}
          pagination={false}
          size="middle"
          locale={{ emptyText: <Empty description={t('desk.wall.noAgents')} /> }}
        />
      </section>

      {reassign && (
        <TransferDialog
          conversation={reassign}
          excludeAgentId={reassign.agentId}
          onClose={() => setReassign(null)}
          onDone={() => {
            notification.success({ title: t('desk.transferred', { no: reassign.queueNo }), duration: 4 });
            setReassign(null);
          }}
        />
      )}
    </div>
  );
}
