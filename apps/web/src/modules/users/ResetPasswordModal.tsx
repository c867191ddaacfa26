import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '@bangban/shared';
import { NewPasswordFields } from '../../app/components/NewPasswordFields.tsx';
import { useResetPassword } from './useUsers.ts';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const reset = useResetPassword();

  const submit = async () => {
    const v = await form.validateFields();
    reset.mutate(
      { id: user.id, password: v.password },
      {
        onSuccess: () => {
          void message.success(t('users.resetDone'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.displayName })}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      {reset.error && <Alert type="error" showIcon role="alert" title={reset.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} name="resetPassword" layout="vertical">
        <NewPasswordFields name="password" help={t('users.resetPasswordHelp')} username={user.username} />
      </Form>
    </Modal>
  );
}
