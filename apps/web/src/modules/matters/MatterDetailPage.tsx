import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useDeleteMatter, useMatter } from './useMatters.ts';

export function MatterDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const matter = useMatter(id);
  const remove = useDeleteMatter();
  usePageTitle(matter.data?.name ?? t('matters.detail'));
  const from = (location.state as { from?: string } | null)?.from;
  const backTo = from?.startsWith('/console/matters') ? from : '/console/matters';

  const text = (value: string | null | undefined) => value || <Typography.Text type="secondary">{t('common.notSet')}</Typography.Text>;
  const list = (values: string[]) => (values.length ? values.map((v) => <Tag key={v}>{v}</Tag>) : text(null));

  const back = (
    <Link to={backTo}>
      <ArrowLeftOutlined aria-hidden /> {t('matters.backToList')}
    </Link>
  );

  if (matter.isPending) return <Skeleton active />;
  if (matter.isError) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="error" showIcon role="alert" title={matter.error.message} style={{ marginTop: 16 }} />
      </div>
    );
  }
  const m = matter.data;

  const confirmDelete = () =>
    modal.confirm({
      title: t('common.deleteConfirm', { name: m.name }),
      content: t('common.deleteIrreversible'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(m.id).then(
          () => {
            void message.success(t('matters.deleted'));
            navigate(backTo, { replace: true });
          },
          (error: Error) => void message.error(error.message),
        ),
    });

  return (
    <div className="bb-page">
      {back}
      <div className="bb-page-header" style={{ marginTop: 12 }}>
        <div>
          <Typography.Title level={1} className="bb-page-title">
            {m.name}
          </Typography.Title>
          <Space wrap size={4}>
            <Tag color="blue">{m.type}</Tag>
            <Tag>{t(`audience.${m.audience}`)}</Tag>
            {m.topRank && (
              <Tag color="gold">
                {t('matters.top')} {t('matters.rank', { n: m.topRank })}
                {m.topBatch ? `（${m.topBatch}）` : ''}
              </Tag>
            )}
          </Space>
        </div>
        <Space wrap>
          {m.can.update && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/console/matters/${m.id}/edit`, { state: { from: backTo } })}>
              {t('common.edit')}
            </Button>
          )}
          {m.can.delete && (
            <Button danger icon={<DeleteOutlined />} onClick={confirmDelete}>
              {t('common.delete')}
            </Button>
          )}
        </Space>
      </div>

      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={<h2 className="bb-card-title">{t('matters.service')}</h2>}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'location', label: t('matters.location'), span: { xs: 1, md: 2 }, children: text(m.location) },
              { key: 'promised', label: t('matters.promisedTimeLimit'), children: text(m.promisedTimeLimit) },
              { key: 'legal', label: t('matters.legalTimeLimit'), children: text(m.legalTimeLimit) },
              { key: 'consult', label: t('matters.consultPhone'), children: text(m.consultPhone) },
              { key: 'complain', label: t('matters.complainPhone'), children: text(m.complainPhone) },
              {
                key: 'url',
                label: t('matters.url'),
                span: { xs: 1, md: 2 },
                children: m.url ? (
                  <a href={m.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
                    {m.url}
                  </a>
                ) : (
                  text(null)
                ),
              },
            ]}
          />
        </Card>
        <Card title={<h2 className="bb-card-title">{t('matters.basic')}</h2>}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'code', label: t('matters.code'), children: <span style={{ wordBreak: 'break-all' }}>{m.code}</span> },
              { key: 'type', label: t('matters.type'), children: m.type },
              { key: 'department', label: t('matters.department'), children: m.department.name },
              {
                key: 'lead',
                label: t('matters.leadUnit'),
                children: (
                  <span title={t('matters.leadUnitHelp')}>
                    {m.leadUnit.name}
                  </span>
                ),
              },
              { key: 'hall', label: t('matters.hall'), children: t(`hall.${m.hall}`) },
              { key: 'hallUnit', label: t('matters.hallUnit'), children: text(m.hallUnit?.name) },
              { key: 'area', label: t('matters.area'), children: text(m.area) },
              { key: 'audience', label: t('matters.audience'), children: t(`audience.${m.audience}`) },
              { key: 'objects', label: t('matters.serviceObjects'), span: { xs: 1, md: 2 }, children: list(m.serviceObjects) },
              { key: 'themes', label: t('matters.themes'), span: { xs: 1, md: 2 }, children: list(m.themes) },
            ]}
          />
        </Card>
        <Card title={<h2 className="bb-card-title">{t('matters.materials')}</h2>}>
          {m.materials.length ? (
            <ol style={{ margin: 0, paddingInlineStart: 24 }}>
              {m.materials.map((item, i) => (
                <li key={i} style={{ marginBottom: 4 }}>
                  {item}
                </li>
              ))}
            </ol>
          ) : (
            <Typography.Text type="secondary">{t('matters.noMaterials')}</Typography.Text>
          )}
        </Card>
        <Card title={<h2 className="bb-card-title">{t('matters.acceptStandard')}</h2>}>
          {m.acceptStandard ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.acceptStandard}</Typography.Paragraph>
          ) : (
            text(null)
          )}
        </Card>
        <Typography.Text type="secondary">
          {t('matters.createdAt')} {dayjs(m.createdAt).format('YYYY-MM-DD HH:mm')} · {t('matters.updatedAt')}{' '}
          {dayjs(m.updatedAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
      </Space>
    </div>
  );
}
