import { Form, Input, Typography } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { passwordProblems, type PasswordRule } from '@bangban/shared';
import { strongPasswordRule } from '../formRules.ts';

const RULES: PasswordRule[] = ['length', 'classes', 'username', 'same_as_old', 'common'];

/**
 * New password and its confirmation, for a form whose new-password field is `name`; the confirmation is
 * `confirm`. The policy's rules are listed under the field and ticked live as the user types (the common-password
 * list is the server's: its rule is shown, and checked on save). `oldField` names the current-password field.
 */
export function NewPasswordFields({ name, help, username, oldField }: { name: string; help?: string; username?: string; oldField?: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const value = (Form.useWatch(name, form) as string | undefined) ?? '';
  const old = (Form.useWatch(oldField ?? '__none__', form) as string | undefined) ?? undefined;
  const context = () => ({ ...(username && { username }), ...(oldField && { oldPassword: form.getFieldValue(oldField) as string | undefined }) });
  const broken = new Set(passwordProblems(value, { ...(username && { username }), ...(oldField && old !== undefined && { oldPassword: old }) }));
  const shown = RULES.filter((r) => (r === 'username' ? Boolean(username) : r === 'same_as_old' ? Boolean(oldField) : true));
  return (
    <>
      <Form.Item
        label={t('password.new')}
        name={name}
        extra={
          <div>
            {help && <div>{help}</div>}
            <ul className="bb-password-rules" aria-label={t('password.rulesTitle')} style={{ listStyle: 'none', padding: 0, margin: '4px 0 0' }}>
              {shown.map((r) => {
                const ok = value !== '' && r !== 'common' && !broken.has(r);
                return (
                  <li key={r} data-rule={r} data-ok={ok ? 'true' : 'false'}>
                    <Typography.Text type={ok ? 'success' : 'secondary'}>
                      {ok ? <CheckCircleFilled aria-hidden /> : <MinusCircleOutlined aria-hidden />} {t(`password.rules.${r}`)}
                    </Typography.Text>
                  </li>
                );
              })}
            </ul>
          </div>
        }
        rules={[
          { required: true, message: t('common.required', { field: t('password.new') }) },
          strongPasswordRule((problems) => t('password.weak', { rules: problems.map((p) => t(`password.rules.${p}`)).join(t('password.ruleJoin')) }), context),
        ]}
        dependencies={oldField ? [oldField] : []}
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
            validator: (_, v) => (!v || getFieldValue(name) === v ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
