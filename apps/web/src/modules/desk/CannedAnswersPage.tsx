import { useId, useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CannedAnswer } from '@bangban/shared';
import { PageHeader } from '../../app/components/ListPage.tsx';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useCurrentUser } from '../identity/useMe.ts';
import { OrgUnitTreeSelect } from '../organisation/OrgUnitTreeSelect.tsx';
import { useOrgUnits } from '../organisation/useOrgUnits.ts';
import { useCannedAnswers, useDeleteCannedAnswer, useSaveCannedAnswer, type CannedAnswerInput } from './useDesk.ts';
import './desk.css';

/** Same rule as the server (CannedAnswerBody.shortcut). */
const SHORTCUT = /^[\p{L}\p{N}_-]{1,20}$/u;

interface FormValues {
  unitId: string;
  title: string;
  shortcut?: string;
  text: string;
}

function CannedAnswerDialog({ editing, onClose }: { editing: CannedAnswer | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const org = useOrgUnits();
  const save = useSaveCannedAnswer();
  const [form] = Form.useForm<FormValues>();
  const initialValues: Partial<FormValues> = editing
    ? { unitId: editing.unitId, title: editing.title, shortcut: editing.shortcut ?? '', text: editing.text }
    : { unitId: me.user.orgUnit.id };

  const submit = async () => {
    const v = await form.validateFields();
    const body: CannedAnswerInput = {
      unitId: v.unitId,
      title: v.title.trim(),
      text: v.text.trim(),
      shortcut: v.shortcut?.trim().replace(/^\//, '') || null,
    };
    save.mutate(
      { id: editing?.id, body },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={editing ? t('desk.cannedPage.editTitle', { title: editing.title }) : t('desk.cannedPage.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {save.error && <Alert type="error" showIcon role="alert" title={save.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} name="cannedAnswer" layout="vertical" initialValues={initialValues}>
        <Form.Item
          label={t('desk.cannedPage.unit')}
          name="unitId"
          extra={t('desk.cannedPage.unitHelp')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('desk.cannedPage.unit') }) }]}
        >
          <OrgUnitTreeSelect units={org.data?.items ?? []} loading={org.isPending} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label={t('desk.cannedPage.titleField')}
          name="title"
          rules={[{ required: true, whitespace: true, max: 50, message: t('common.required', { field: t('desk.cannedPage.titleField') }) }]}
        >
          <Input maxLength={50} showCount />
        </Form.Item>
        <Form.Item
          label={t('desk.cannedPage.shortcut')}
          name="shortcut"
          extra={t('desk.cannedPage.shortcutHelp')}
          rules={[
            {
              validator: (_, value: unknown) => {
                const s = typeof value === 'string' ? value.trim().replace(/^\//, '') : '';
                return !s || SHORTCUT.test(s) ? Promise.resolve() : Promise.reject(new Error(t('desk.cannedPage.shortcutInvalid')));
              },
            },
          ]}
        >
          <Input prefix="/" maxLength={21} />
        </Form.Item>
        <Form.Item
          label={t('desk.cannedPage.text')}
          name="text"
          extra={t('desk.cannedPage.textHelp')}
          rules={[{ required: true, whitespace: true, max: 2000, message: t('common.required', { field: t('desk.cannedPage.text') }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /console/canned — 常用语: answers agents insert with "/" + shortcut or from the picker, per unit. */
export function CannedAnswersPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.canned'));
  const { message, modal } = App.useApp();
  const searchId = useId();
  const list = useCannedAnswers();
  const remove = useDeleteCannedAnswer();
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<{ editing: CannedAnswer | null } | null>(null);

  const items = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = list.data?.items ?? [];
    return needle ? all.filter((c) => [c.title, c.text, c.shortcut ?? '', c.unit].some((s) => s.toLowerCase().includes(needle))) : all;
  }, [list.data, q]);

  const confirmDelete = (c: CannedAnswer) =>
    modal.confirm({
      title: t('common.deleteConfirm', { name: c.title }),
      content: t('common.deleteIrreversible'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove
          .mutateAsync(c.id)
          .then(() => void message.success(t('common.deleted')))
          .catch((e: Error) => void message.error(e.message)),
    });

  const columns: TableColumnsType<CannedAnswer> = [
    {
      key: 'title',
      title: t('desk.cannedPage.titleField'),
      render: (_, c) => (
        <div>
          <strong>{c.title}</strong>
          <div className="bb-only-mobile bb-desk-muted">
            {c.shortcut ? `/${c.shortcut} · ` : ''}
            {c.unit}
          </div>
        </div>
      ),
      width: 200,
    },
    { key: 'shortcut', title: t('desk.cannedPage.shortcut'), render: (_, c) => (c.shortcut ? <code>/{c.shortcut}</code> : '—'), width: 130, responsive: ['md'] },
    { key: 'text', title: t('desk.cannedPage.text'), render: (_, c) => <div className="bb-canned-text">{c.text}</div> },
    { key: 'unit', title: t('desk.cannedPage.unit'), dataIndex: 'unit', width: 180, responsive: ['md'] },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 170,
      render: (_, c) =>
        c.canEdit ? (
          <Space size={4} wrap>
            <Button size="small" icon={<EditOutlined />} onClick={() => setDialog({ editing: c })} aria-label={t('desk.cannedPage.editNamed', { title: c.title })}>
              {t('common.edit')}
            </Button>
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(c)} aria-label={t('desk.cannedPage.deleteNamed', { title: c.title })}>
              {t('common.delete')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('desk.cannedPage.readOnly')}</Typography.Text>
        ),
    },
  ];

  return (
    <div className="bb-page">
      <PageHeader title={t('nav.canned')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>
          {t('desk.cannedPage.create')}
        </Button>
      </PageHeader>
      <Typography.Paragraph type="secondary">{t('desk.cannedPage.intro')}</Typography.Paragraph>
      <div className="bb-filters" role="search">
        <div className="bb-field bb-field-wide">
          <label htmlFor={searchId}>{t('desk.cannedPage.search')}</label>
          <Input.Search id={searchId} allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('desk.cannedSearchPlaceholder')} />
        </div>
      </div>
      {list.isError && <Alert type="error" showIcon role="alert" title={list.error.message} style={{ marginBottom: 16 }} />}
      <div aria-live="polite" className="bb-sr-only">
        {list.data && !list.isFetching ? t('common.total', { total: items.length }) : ''}
      </div>
      <Table<CannedAnswer>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        size="middle"
        locale={{ emptyText: <Empty description={q ? t('desk.cannedNoMatch') : t('desk.cannedPage.empty')} /> }}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) } : false}
      />
      {dialog && <CannedAnswerDialog editing={dialog.editing} onClose={() => setDialog(null)} />}
    </div>
  );
}
