import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { NewPasswordFields } from '../../app/components/NewPasswordFields.tsx';
import { useChangePassword, type ChangePasswordInput } from './useMe.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  /** First sign-in or reset: the dialog cannot be dismissed; only a new password (or logging out) ends it. */
  forced?: boolean;
  username: string;
}

export function ChangePasswordModal({ open, onClose, forced = false, username }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordInput & { confirm: string }>();
  const change = useChangePassword();

  const submit = async () => {
    const values = await form.validateFields();
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          void message.success(t('password.changed'));
          form.resetFields();
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={forced ? t('password.forcedTitle') : t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      cancelButtonProps={forced ? { style: { display: 'none' } } : {}}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        if (forced) return;
        change.reset();
        form.resetFields();
        onClose();
      }}
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('password.forcedHelp')} style={{ marginBottom: 16 }} />}
      {change.error && <Alert type="error" showIcon role="alert" title={change.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} name="changePassword" layout="vertical" requiredMark={false}>
        <Form.Item
          label={t('password.current')}
          name="currentPassword"
          rules={[{ required: true, message: t('common.required', { field: t('password.current') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" username={username} oldField="currentPassword" />
      </Form>
    </Modal>
  );
}
