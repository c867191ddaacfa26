import { useMemo } from 'react';
import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORG_TAGS, type OrgKind, type OrgTag, type OrgUnit, type WorkingHours } from '@bangban/shared';
import { childKinds, defaultChildKind, descendantIds } from './orgTree.ts';
import { OrgUnitTreeSelect } from './OrgUnitTreeSelect.tsx';
import { useCreateOrgUnit, useUpdateOrgUnit } from './useOrgUnits.ts';
import { DEFAULT_WORKING_HOURS, WorkingHoursEditor } from './WorkingHoursEditor.tsx';

export type OrgFormTarget = { mode: 'create'; parent: OrgUnit } | { mode: 'edit'; unit: OrgUnit };

interface FormValues {
  parentId: string;
  kind: OrgKind;
  name: string;
  code?: string;
  tags: OrgTag[];
  workingHours?: WorkingHours;
  maxConcurrentChats?: number | null;
}

interface Props {
  target: OrgFormTarget;
  units: OrgUnit[];
  onClose: (saved?: OrgUnit) => void;
}

export function OrgUnitFormModal({ target, units, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateOrgUnit();
  const update = useUpdateOrgUnit();
  const mutation = target.mode === 'create' ? create : update;
  const kind = Form.useWatch('kind', form) ?? (target.mode === 'edit' ? target.unit.kind : undefined);
  const isGroup = kind === 'agent_group';

  const initialValues = useMemo<Partial<FormValues>>(() => {
    if (target.mode === 'create') {
      const k = defaultChildKind(target.parent.kind) ?? 'agent_group';
      return {
        parentId: target.parent.id,
        kind: k,
        tags: [],
        workingHours: k === 'agent_group' ? DEFAULT_WORKING_HOURS : undefined,
        maxConcurrentChats: k === 'agent_group' ? 5 : undefined,
      };
    }
    const u = target.unit;
    return {
      parentId: u.parentId ?? undefined,
      kind: u.kind,
      name: u.name,
      code: u.code ?? undefined,
      tags: u.tags,
      workingHours: u.workingHours ?? (u.kind === 'agent_group' ? DEFAULT_WORKING_HOURS : undefined),
      maxConcurrentChats: u.maxConcurrentChats,
    };
  }, [target]);

  const excludeIds = useMemo(
    () => (target.mode === 'edit' ? descendantIds(units, target.unit.id) : undefined),
    [target, units],
  );

  const kindOptions = (target.mode === 'create' ? childKinds(target.parent.kind) : [target.unit.kind]).map((k) => ({
    value: k,
    label: t(`orgKind.${k}`),
  }));

  const submit = async () => {
    const v = await form.validateFields();
    const hours = isGroup && v.workingHours?.periods?.length ? { periods: v.workingHours.periods } : undefined;
    const onSuccess = (unit: OrgUnit) => {
      void message.success(t('common.saved'));
      onClose(unit);
    };
    if (target.mode === 'create') {
      create.mutate(
        {
          parentId: target.parent.id,
          kind: v.kind,
          name: v.name.trim(),
          code: v.code?.trim() || undefined,
          tags: v.tags ?? [],
          workingHours: hours,
          maxConcurrentChats: isGroup ? (v.maxConcurrentChats ?? undefined) : undefined,
        },
        { onSuccess },
      );
    } else {
      const u = target.unit;
      update.mutate(
        {
          id: u.id,
          body: {
            parentId: v.parentId && v.parentId !== u.parentId ? v.parentId : undefined,
            name: v.name.trim(),
            code: v.code?.trim() || null,
            tags: v.tags ?? [],
            ...(isGroup ? { workingHours: hours ?? null, maxConcurrentChats: v.maxConcurrentChats ?? null } : {}),
          },
        },
        { onSuccess },
      );
    }
  };

  const title =
    target.mode === 'create' ? `${t('org.createUnit')}（${t('org.parent')}：${target.parent.name}）` : `${t('org.editUnit')}：${target.unit.name}`;

  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => onClose()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={640}
    >
      {mutation.error && <Alert type="error" showIcon role="alert" title={mutation.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} name="orgUnit" layout="vertical" initialValues={initialValues}>
        {target.mode === 'edit' && target.unit.parentId && (
          <Form.Item label={t('org.parent')} name="parentId" rules={[{ required: true }]}>
            <OrgUnitTreeSelect units={units} excludeIds={excludeIds} />
          </Form.Item>
        )}
        <Form.Item label={t('org.kind')} name="kind" rules={[{ required: true, message: t('common.requiredSelect', { field: t('org.kind') }) }]}>
          <Select
            options={kindOptions}
            disabled={target.mode === 'edit'}
            onChange={(k: OrgKind) => {
              if (k === 'agent_group' && !form.getFieldValue(['workingHours', 'periods'])?.length) {
                form.setFieldsValue({ workingHours: DEFAULT_WORKING_HOURS, maxConcurrentChats: 5 });
              }
            }}
          />
        </Form.Item>
        <Form.Item
          label={t('org.name')}
          name="name"
          rules={[{ required: true, whitespace: true, max: 100, message: t('common.required', { field: t('org.name') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('org.code')} name="code" extra={t('org.codeHelp')} rules={[{ max: 64 }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={t('org.tags')} name="tags" extra={t('org.tagsHelp')}>
          <Checkbox.Group options={ORG_TAGS.map((tag) => ({ value: tag, label: t(`orgTag.${tag}`) }))} />
        </Form.Item>
        {isGroup && (
          <>
            <WorkingHoursEditor />
            <Form.Item
              label={t('org.maxChats')}
              name="maxConcurrentChats"
              extra={t('org.maxChatsHelp')}
              rules={[{ required: true, message: t('common.required', { field: t('org.maxChats') }) }]}
            >
              <InputNumber min={1} max={50} precision={0} style={{ width: 140 }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
