import { Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { KbEntrySummary } from '@bangban/shared';
import { RowLink } from '../../app/components/ListPage.tsx';
import { KbStatusTag } from './KbStatusTag.tsx';

/** The KB list's columns; on phones the first one also shows status and department. */
export function kbColumns(t: TFunction): TableColumnsType<KbEntrySummary> {
  return [
    {
      key: 'question',
      title: t('kb.question'),
      render: (_, e) => (
        <div>
          <RowLink to={`/console/kb/${e.id}`}>{e.question || t('kb.noQuestion')}</RowLink>
          {e.demo && (
            <Tag color="gold" title={t('kb.demoNotice')} style={{ marginInlineStart: 8 }}>
              {t('kb.demoTag')}
            </Tag>
          )}
          {e.matters.length > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.matters.map((m) => m.name).join('、')}
              </Typography.Text>
            </div>
          )}
          <div className="bb-only-mobile" style={{ marginTop: 4 }}>
            <KbStatusTag status={e.status} unpublished={e.hasUnpublishedChanges} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.department.name}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('kb.status'),
      width: 190,
      render: (_, e) => <KbStatusTag status={e.status} unpublished={e.hasUnpublishedChanges} />,
      responsive: ['md'],
    },
    { key: 'department', title: t('kb.department'), render: (_, e) => e.department.name, responsive: ['md'] },
    {
      key: 'sharing',
      title: t('kb.sharing'),
      width: 110,
      render: (_, e) => <Tag>{t(`kbSharing.${e.sharing}`)}</Tag>,
      responsive: ['lg'],
    },
    {
      key: 'version',
      title: t('kb.publishedVersion'),
      width: 100,
      render: (_, e) => (e.publishedVersion ? t('kb.versionN', { n: e.publishedVersion }) : '—'),
      responsive: ['xl'],
    },
    {
      key: 'updated',
      title: t('kb.updatedAt'),
      width: 150,
      render: (_, e) => dayjs(e.updatedAt).format('YYYY-MM-DD HH:mm'),
      responsive: ['lg'],
    },
  ];
}
