import { App, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgUnit, OrgUnitList } from '@bangban/shared';
import { childKinds, orgPath } from './orgTree.ts';
import { useDeleteOrgUnit } from './useOrgUnits.ts';
import { formatWorkingHours } from './WorkingHoursEditor.tsx';

interface Props {
  unit: OrgUnit;
  list: OrgUnitList;
  onAddChild: (parent: OrgUnit) => void;
  onEdit: (unit: OrgUnit) => void;
  onDeleted: () => void;
}

export function OrgUnitDetail({ unit, list, onAddChild, onEdit, onDeleted }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const remove = useDeleteOrgUnit();
  const path = orgPath(list.items, unit.id);
  const isGroup = unit.kind === 'agent_group';
  const inUse = unit.userCount > 0 || unit.matterCount > 0 || list.items.some((u) => u.parentId === unit.id);

  const confirmDelete = () => {
    modal.confirm({
      title: t('common.deleteConfirm', { name: unit.name }),
      content: t('common.deleteIrreversible'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(unit.id).then(
          () => {
            void message.success(t('common.deleted'));
            onDeleted();
          },
          (error: Error) => {
            void message.error(error.message);
          },
        ),
    });
  };

  return (
    <section aria-labelledby="org-detail-title">
      <Typography.Title level={2} id="org-detail-title" style={{ fontSize: 18, marginTop: 0 }}>
        {unit.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{path.join(' / ')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {list.can.create && childKinds(unit.kind).length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => onAddChild(unit)}>
            {t('org.addChild')}
          </Button>
        )}
        {list.can.update && (
          <Button icon={<EditOutlined />} onClick={() => onEdit(unit)}>
            {t('common.edit')}
          </Button>
        )}
        {list.can.delete && unit.parentId && (
          <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} title={inUse ? t('org.deleteInUse') : undefined}>
            {t('common.delete')}
          </Button>
        )}
      </Space>
      <Descriptions
        column={1}
        bordered
        size="small"
        items={[
          { key: 'kind', label: t('org.kind'), children: t(`orgKind.${unit.kind}`) },
          { key: 'code', label: t('org.code'), children: unit.code || t('common.notSet') },
          {
            key: 'tags',
            label: t('org.tags'),
            children: unit.tags.length ? unit.tags.map((tag) => <Tag key={tag}>{t(`orgTag.${tag}`)}</Tag>) : t('common.none'),
          },
          ...(isGroup
            ? [
                { key: 'hours', label: t('org.workingHours'), children: formatWorkingHours(unit.workingHours) ?? t('org.noHours') },
                { key: 'chats', label: t('org.maxChats'), children: unit.maxConcurrentChats ?? t('common.notSet') },
              ]
            : []),
          { key: 'users', label: t('org.userCount'), children: t('org.people', { n: unit.userCount }) },
          { key: 'matters', label: t('org.matterCount'), children: t('org.matters', { n: unit.matterCount }) },
        ]}
      />
    </section>
  );
}
