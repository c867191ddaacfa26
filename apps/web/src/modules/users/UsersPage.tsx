import { useState } from 'react';
import { Alert, App, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES, type User } from '@bangban/shared';
import { Field, FilterSelect, SearchField } from '../../app/components/FilterBar.tsx';
import { PageHeader } from '../../app/components/ListPage.tsx';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCan } from '../identity/useMe.ts';
import { OrgUnitTreeSelect } from '../organisation/OrgUnitTreeSelect.tsx';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { UserFormModal } from './UserFormModal.tsx';
import { useUnlockUser, useUpdateUser, useUserList, type UserFilters } from './useUsers.ts';

function isLocked(u: User): boolean {
  return !!u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());
}

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('users.title'));
  const { modal, message } = App.useApp();
  const can = useCan();
  const org = useOrgUnits(can('org.read'));
  const [filters, setFilters] = useState<UserFilters>({ page: 1, pageSize: 20 });
  const [text, setText] = useState('');
  const list = useUserList(filters);
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const canUpdate = list.data?.can.update ?? false;
  const patch = (p: Partial<UserFilters>) => setFilters((f) => ({ ...f, page: 1, ...p }));

  const toggleDisabled = (u: User) => {
    const run = () =>
      update.mutateAsync({ id: u.id, body: { disabled: !u.disabled } }).then(
        () => void message.success(t(u.disabled ? 'users.enabledDone' : 'users.disabledDone', { name: u.displayName })),
        (e: Error) => void message.error(e.message),
      );
    if (u.disabled) void run();
    else
      modal.confirm({
        title: t('users.disableConfirm', { name: u.displayName }),
        content: t('users.disableHelp'),
        okText: t('users.disable'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: run,
      });
  };

  const doUnlock = (u: User) =>
    unlock.mutate(u.id, {
      onSuccess: () => void message.success(t('users.unlocked', { name: u.displayName })),
      onError: (e) => void message.error(e.message),
    });

  const columns: TableColumnsType<User> = [
    {
      key: 'name',
      title: t('users.displayName'),
      render: (_, u) => (
        <div>
          <strong>{u.displayName}</strong>
          <div>
            <Typography.Text type="secondary">{u.username}</Typography.Text>
          </div>
          <div className="bb-only-mobile">
            <Typography.Text type="secondary">
              {t(`roles.${u.role}`)} · {u.orgUnit.name}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { key: 'role', title: t('users.role'), render: (_, u) => t(`roles.${u.role}`), responsive: ['md'] },
    { key: 'org', title: t('users.orgUnit'), render: (_, u) => u.orgUnit.name, responsive: ['md'] },
    { key: 'phone', title: t('users.phone'), render: (_, u) => u.phone ?? '—', responsive: ['lg'] },
    {
      key: 'status',
      title: t('users.status'),
      render: (_, u) =>
        u.disabled ? (
          <Tag>{t('users.disabled')}</Tag>
        ) : isLocked(u) ? (
          <Tag color="red">{t('users.locked', { time: dayjs(u.lockedUntil).format('MM-DD HH:mm') })}</Tag>
        ) : (
          <Tag color="green">{t('users.active')}</Tag>
        ),
    },
    {
      key: 'last',
      title: t('users.lastLogin'),
      render: (_, u) => (u.lastLoginAt ? dayjs(u.lastLoginAt).format('YYYY-MM-DD HH:mm') : t('users.never')),
      responsive: ['lg'],
    },
    ...(canUpdate
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, u: User) => (
              <Space wrap size={0} aria-label={t('users.moreActions', { name: u.displayName })} role="group">
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(u)}>
                  {t('users.resetPassword')}
                </Button>
                {isLocked(u) && (
                  <Button type="link" size="small" onClick={() => doUnlock(u)}>
                    {t('users.unlock')}
                  </Button>
                )}
                <Button type="link" size="small" danger={!u.disabled} onClick={() => toggleDisabled(u)}>
                  {u.disabled ? t('users.enable') : t('users.disable')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="bb-page">
      <PageHeader title={t('users.title')}>
        {list.data?.can.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.create')}
          </Button>
        )}
      </PageHeader>
      <div className="bb-filters" role="search">
        <SearchField
          id="user-search"
          style={{ flex: '1 1 240px', maxWidth: 360 }}
          label={t('users.searchLabel')}
          placeholder={t('users.searchPlaceholder')}
          value={text}
          onChange={setText}
          onSearch={(q) => patch({ q })}
        />
        <FilterSelect
          id="user-role"
          label={t('users.role')}
          value={filters.role}
          onChange={(role) => patch({ role })}
          popupMatchSelectWidth={false}
          anyLabel={t('users.anyRole')}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        {org.data && (
          <Field id="user-org" label={t('users.orgUnit')}>
            <OrgUnitTreeSelect
              id="user-org"
              units={org.data.items}
              value={filters.orgUnitId}
              onChange={(v) => patch({ orgUnitId: v || undefined })}
              allowClear
              placeholder={t('users.anyOrg')}
            />
          </Field>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon role="alert" title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t('users.empty') }}
        scroll={{ x: 320 }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
        }}
      />
      {editing && <UserFormModal user={editing === 'new' ? null : editing} units={org.data?.items ?? []} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </div>
  );
}
