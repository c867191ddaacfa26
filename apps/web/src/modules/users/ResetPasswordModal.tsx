import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '@bangban/shared';
import { strongPasswordRule } from '../../app/formRules.ts';
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
        <Form.Item
          label={t('password.new')}
          name="password"
          extra={t('users.initialPasswordHelp')}
          rules={[{ required: true, message: t('common.required', { field: t('password.new') }) }, strongPasswordRule(t('password.weak'))]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('password.confirm')}
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: t('common.required', { field: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
