import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KbStatus } from '@bangban/shared';

const COLORS: Record<KbStatus, string> = { draft: 'default', in_review: 'processing', published: 'success', archived: 'warning' };

/** Status tag, plus the "有未发布修改" marker when a published entry has a newer working copy. */
export function KbStatusTag({ status, unpublished }: { status: KbStatus; unpublished?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
        {t(`kbStatus.${status}`)}
      </Tag>
      {unpublished && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('kb.unpublishedChanges')}
        </Tag>
      )}
    </Space>
  );
}
