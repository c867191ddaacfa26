import { useId, useMemo, useState } from 'react';
import { Alert, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';
import { useAgentDirectory, useTransfer, type TransferTarget } from './useDesk.ts';

type Kind = 'agent' | 'group' | 'department';

interface Props {
  conversation: { id: string; queueNo: number; groupId: string; group: string };
  /** The agent handing the chat over is not offered to themselves. */
  excludeAgentId?: string | null;
  onClose: () => void;
  onDone: () => void;
}

/** 转接 / 改派: to one agent (assigned at once), or to a group or department (queued there, at the front). */
export function TransferDialog({ conversation, excludeAgentId, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const ids = { kind: useId(), target: useId(), reason: useId() };
  const [kind, setKind] = useState<Kind>('agent');
  const [target, setTarget] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<'target' | 'reason' | null>(null);
  const agents = useAgentDirectory();
  const org = useOrgUnits();
  const transfer = useTransfer();

  const options = useMemo(() => {
    if (kind === 'agent') {
      return (agents.data?.items ?? [])
        .filter((a) => a.id !== excludeAgentId)
        .map((a) => {
          const full = a.load >= a.maxChats;
          const unavailable = a.status === 'away' || a.status === 'offline';
          return {
            value: a.id,
            disabled: full || unavailable,
            label: `${a.name} · ${a.group} · ${t(`desk.status_${a.status}`)} · ${t('desk.loadOf', { load: a.load, max: a.maxChats })}${full ? ` · ${t('desk.full')}` : ''}`,
          };
        });
    }
    const units = org.data?.items ?? [];
    const names = new Map(units.map((u) => [u.id, u.name]));
    const wanted = kind === 'group' ? 'agent_group' : 'department';
    return units
      .filter((u) => u.kind === wanted && u.id !== conversation.groupId)
      .map((u) => ({ value: u.id, disabled: false, label: kind === 'group' && u.parentId ? `${u.name}（${names.get(u.parentId) ?? ''}）` : u.name }));
  }, [kind, agents.data, org.data, excludeAgentId, conversation.groupId, t]);

  const submit = () => {
    if (!target) return setInvalid('target');
    if (!reason.trim()) return setInvalid('reason');
    const body: TransferTarget = kind === 'agent' ? { agentId: target } : kind === 'group' ? { groupId: target } : { departmentId: target };
    transfer.mutate({ id: conversation.id, target: body, reason: reason.trim() }, { onSuccess: onDone });
  };

  const loading = kind === 'agent' ? agents.isPending : org.isPending;
  const loadError = kind === 'agent' ? agents.error : org.error;

  return (
    <Modal
      open
      title={t('desk.transferTitle', { no: conversation.queueNo })}
      okText={t('desk.transferConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: transfer.isPending }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('desk.transferIntro', { group: conversation.group })}</Typography.Paragraph>
      <div className="bb-field" style={{ marginBottom: 12 }} role="group" aria-labelledby={ids.kind}>
        <span id={ids.kind}>{t('desk.transferTo')}</span>
        <Radio.Group
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setTarget(undefined);
            setInvalid(null);
          }}
          optionType="button"
          options={[
            { value: 'agent', label: t('desk.toAgent') },
            { value: 'group', label: t('desk.toGroup') },
            { value: 'department', label: t('desk.toDepartment') },
          ]}
        />
      </div>
      <div className="bb-field" style={{ marginBottom: 12 }}>
        <label htmlFor={ids.target}>{t(`desk.pick_${kind}`)}</label>
        <Select
          id={ids.target}
          value={target}
          onChange={(v: string) => {
            setTarget(v);
            setInvalid(null);
          }}
          options={options}
          loading={loading}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t(`desk.pick_${kind}`)}
          status={invalid === 'target' ? 'error' : undefined}
          aria-invalid={invalid === 'target'}
          notFoundContent={t('desk.noTargets')}
          style={{ width: '100%' }}
        />
        {kind === 'agent' && <Typography.Text type="secondary">{t('desk.agentHint')}</Typography.Text>}
        {kind !== 'agent' && <Typography.Text type="secondary">{t('desk.queueHint')}</Typography.Text>}
      </div>
      <div className="bb-field">
        <label htmlFor={ids.reason}>{t('desk.transferReason')}</label>
        <Input.TextArea
          id={ids.reason}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setInvalid(null);
          }}
          maxLength={200}
          showCount
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('desk.transferReasonPlaceholder')}
          status={invalid === 'reason' ? 'error' : undefined}
          aria-invalid={invalid === 'reason'}
        />
      </div>
      {invalid && (
        <Typography.Text type="danger" role="alert">
          {invalid === 'target' ? t(`desk.pickMissing_${kind}`) : t('desk.reasonMissing')}
        </Typography.Text>
      )}
      {loadError && <Alert type="error" showIcon role="alert" title={loadError.message} style={{ marginTop: 12 }} />}
      {transfer.error && <Alert type="error" showIcon role="alert" title={transfer.error.message} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
