import { useEffect, useId, useState } from 'react';
import { Alert, App, Button, InputNumber, Popover, Select, Space, Tag } from 'antd';
import { BellOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { AGENT_STATUSES, type AgentStatus } from '@bangban/shared';
import type { ConnectionState } from '../../app/realtime.ts';
import { useNotifyPermission } from './alerts.ts';
import { useAgentStatus, useSetAgentStatus } from './useDesk.ts';

export const STATUS_COLORS: Record<AgentStatus, string> = { online: 'success', busy: 'warning', away: 'default', offline: 'default' };
const CONNECTION_COLORS: Record<ConnectionState, string> = { open: 'success', connecting: 'processing', reconnecting: 'warning', closed: 'error' };

export const SHORTCUTS = [
  ['Alt + ↑ / ↓', 'shortcutPrevNext'],
  ['Alt + 1 … 9', 'shortcutJump'],
  ['Enter / Ctrl + Enter', 'shortcutSend'],
  ['Shift + Enter', 'shortcutNewline'],
  ['/', 'shortcutCanned'],
  ['Alt + K', 'shortcutSuggestions'],
  ['Alt + R', 'shortcutReply'],
  ['Alt + T', 'shortcutTransfer'],
  ['Alt + E', 'shortcutEnd'],
  ['Esc', 'shortcutEsc'],
] as const;

function ShortcutHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      title={t('desk.shortcuts')}
      content={
        <table className="bb-desk-shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, label]) => (
              <tr key={label}>
                <th scope="row">
                  <kbd>{keys}</kbd>
                </th>
                <td>{t(`desk.${label}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Button icon={<QuestionCircleOutlined />} aria-expanded={open}>
        {t('desk.shortcuts')}
      </Button>
    </Popover>
  );
}

function StatusLabel({ status, text }: { status: AgentStatus; text: string }) {
  return (
    <span>
      <span className={`bb-desk-dot bb-desk-dot-${status}`} aria-hidden="true" /> {text}
    </span>
  );
}

/** The top bar: my status and limit, the live connection, desktop notifications, shortcut help. */
export function AgentStatusBar({ connection, assignedCount }: { connection: ConnectionState; assignedCount: number }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const ids = { status: useId(), max: useId() };
  const status = useAgentStatus();
  const setStatus = useSetAgentStatus();
  const [permission, requestPermission] = useNotifyPermission();
  const view = status.data;
  const [maxChats, setMaxChats] = useState<number | null>(null);
  useEffect(() => {
    if (view) setMaxChats(view.maxChats);
  }, [view]);

  const apply = (next: AgentStatus, max?: number) =>
    setStatus.mutate(
      { status: next, ...(max && { maxChats: max }) },
      {
        onSuccess: (v) => {
          if (v.requeued > 0) void message.info(t('desk.requeued', { n: v.requeued }));
          else void message.success(t('desk.statusSaved', { status: t(`desk.status_${v.status}`) }));
        },
        onError: (e) => void message.error(e.message),
      },
    );

  const changeStatus = (next: AgentStatus) => {
    if ((next === 'away' || next === 'offline') && assignedCount > 0) {
      modal.confirm({
        title: t('desk.leaveTitle', { status: t(`desk.status_${next}`) }),
        content: t('desk.leaveText', { n: assignedCount }),
        okText: t('desk.leaveConfirm'),
        cancelText: t('common.cancel'),
        onOk: () => apply(next),
      });
      return;
    }
    apply(next);
  };

  const commitMax = () => {
    if (!view || !maxChats || maxChats === view.maxChats) return;
    apply(view.status, maxChats);
  };

  return (
    <div className="bb-desk-bar" role="region" aria-label={t('desk.statusRegion')}>
      <div className="bb-desk-bar-field">
        <label htmlFor={ids.status}>{t('desk.myStatus')}</label>
        <Select<AgentStatus>
          id={ids.status}
          value={view?.status}
          loading={status.isPending || setStatus.isPending}
          disabled={!view || setStatus.isPending}
          onChange={changeStatus}
          style={{ width: 120 }}
          // String labels: the listbox options are then named 在线/忙碌… for screen readers (not by their value).
          options={AGENT_STATUSES.map((s) => ({ value: s, label: t(`desk.status_${s}`) }))}
          optionRender={(o) => <StatusLabel status={o.value as AgentStatus} text={String(o.label)} />}
          labelRender={(o) => <StatusLabel status={o.value as AgentStatus} text={String(o.label)} />}
        />
      </div>
      <div className="bb-desk-bar-field">
        <label htmlFor={ids.max}>{t('desk.maxChats')}</label>
        <InputNumber
          id={ids.max}
          min={1}
          max={50}
          precision={0}
          value={maxChats}
          onChange={(v) => setMaxChats(typeof v === 'number' ? v : null)}
          onBlur={commitMax}
          onPressEnter={commitMax}
          disabled={!view || setStatus.isPending}
          style={{ width: 80 }}
        />
      </div>
      {view && (
        <span className="bb-desk-load" aria-live="polite">
          {t('desk.loadNow', { load: view.load, max: view.maxChats })}
        </span>
      )}
      <Tag color={CONNECTION_COLORS[connection]} className="bb-desk-conn" role="status">
        {t(`desk.conn_${connection}`)}
      </Tag>
      <div className="bb-desk-bar-spacer" />
      <Space wrap size={8}>
        {permission === 'default' && (
          <Button icon={<BellOutlined />} onClick={() => void requestPermission()}>
            {t('desk.enableNotifications')}
          </Button>
        )}
        {permission === 'denied' && <span className="bb-desk-muted">{t('desk.notificationsBlocked')}</span>}
        <ShortcutHelp />
      </Space>
      {view?.dropped && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          className="bb-desk-bar-error"
          title={t(view.dropped.requeued > 0 ? 'desk.droppedNotice' : 'desk.droppedNoticeNone', {
            duration: view.dropped.graceSeconds % 60 === 0 ? t('desk.droppedMinutes', { n: view.dropped.graceSeconds / 60 }) : t('desk.droppedSeconds', { n: view.dropped.graceSeconds }),
          })}
          action={
            <Button size="small" type="primary" onClick={() => apply('online')} loading={setStatus.isPending}>
              {t('desk.droppedGoOnline')}
            </Button>
          }
        />
      )}
      {status.isError && <Alert type="error" showIcon role="alert" title={status.error.message} className="bb-desk-bar-error" />}
    </div>
  );
}
