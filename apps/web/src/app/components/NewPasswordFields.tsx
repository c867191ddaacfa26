import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { strongPasswordRule } from '../formRules.ts';

/** New password (strong) and its confirmation, for a form whose new-password field is `name`; the confirmation is `confirm`. */
export function NewPasswordFields({ name, help }: { name: string; help: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        label={t('password.new')}
        name={name}
        extra={help}
        rules={[{ required: true, message: t('common.required', { field: t('password.new') }) }, strongPasswordRule(t('password.weak'))]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirm"
        dependencies={[name]}
        rules={[
          { required: true, message: t('common.required', { field: t('password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue(name) === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
