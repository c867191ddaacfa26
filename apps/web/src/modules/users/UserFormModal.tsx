import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES, type OrgUnit, type StaffRole, type User } from '@bangban/shared';
import { strongPasswordRule } from '../../app/formRules.ts';
import { OrgUnitTreeSelect } from '../organisation/OrgUnitTreeSelect.tsx';
import { useCreateUser, useUpdateUser } from './useUsers.ts';

interface FormValues {
  username: string;
  displayName: string;
  role: StaffRole;
  orgUnitId: string;
  phone?: string;
  password: string;
  disabled: boolean;
}

interface Props {
  user: User | null;
  units: OrgUnit[];
  onClose: () => void;
}

/** Create (user = null) or edit a staff account. */
export function UserFormModal({ user, units, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const orgOptions = units.length ? units : user ? [{ ...user.orgUnit, parentId: null } as unknown as OrgUnit] : [];

  const submit = async () => {
    const v = await form.validateFields();
    const done = () => {
      void message.success(user ? t('common.saved') : t('users.created'));
      onClose();
    };
    if (user) {
      update.mutate(
        {
          id: user.id,
          body: {
            displayName: v.displayName.trim(),
            role: v.role,
            orgUnitId: v.orgUnitId,
            phone: v.phone?.trim() || null,
            disabled: v.disabled,
          },
        },
        { onSuccess: done },
      );
    } else {
      create.mutate(
        {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          orgUnitId: v.orgUnitId,
          phone: v.phone?.trim() || undefined,
          password: v.password,
        },
        { onSuccess: done },
      );
    }
  };

  return (
    <Modal
      open
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={560}
    >
      {mutation.error && <Alert type="error" showIcon role="alert" title={mutation.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        name="user"
        layout="vertical"
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                role: user.role,
                orgUnitId: user.orgUnit.id,
                phone: user.phone ?? undefined,
                disabled: user.disabled,
              }
            : { disabled: false }
        }
      >
        <Form.Item
          label={t('users.username')}
          name="username"
          extra={user ? undefined : t('users.usernameHelp')}
          rules={
            user
              ? []
              : [
                  { required: true, message: t('common.required', { field: t('users.username') }) },
                  { pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: t('users.usernameInvalid') },
                ]
          }
        >
          <Input disabled={!!user} autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item
          label={t('users.displayName')}
          name="displayName"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('users.displayName') }) }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={t('users.role')} name="role" rules={[{ required: true, message: t('common.requiredSelect', { field: t('users.role') }) }]}>
          <Select options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('users.orgUnit')}
          name="orgUnitId"
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('users.orgUnit') }) }]}
        >
          <OrgUnitTreeSelect units={orgOptions} />
        </Form.Item>
        <Form.Item label={t('users.phone')} name="phone" rules={[{ max: 32 }]}>
          <Input inputMode="tel" maxLength={32} autoComplete="off" />
        </Form.Item>
        {!user && (
          <Form.Item
            label={t('users.initialPassword')}
            name="password"
            extra={t('users.initialPasswordHelp')}
            rules={[
              { required: true, message: t('common.required', { field: t('users.initialPassword') }) },
              strongPasswordRule(
                (problems) => t('password.weak', { rules: problems.map((p) => t(`password.rules.${p}`)).join(t('password.ruleJoin')) }),
                () => ({ username: form.getFieldValue('username') as string | undefined }),
              ),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {user && (
          <Form.Item label={t('users.disableAccount')} name="disabled" valuePropName="checked" extra={t('users.disableHelp')}>
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
