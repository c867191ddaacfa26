import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** Submit and cancel under a page form; cancel stays usable while saving. */
export function FormActions({ submitLabel, saving, onCancel }: { submitLabel: string; saving: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Space>
      <Button type="primary" htmlType="submit" loading={saving}>
        {submitLabel}
      </Button>
      <Button onClick={onCancel} disabled={false}>
        {t('common.cancel')}
      </Button>
    </Space>
  );
}
