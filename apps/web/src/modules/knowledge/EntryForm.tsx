import { useEffect, useMemo } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { KB_SHARING, type KbEntry, type KbEntryBody } from '@bangban/shared';
import { FormActions } from '../../app/components/FormActions.tsx';
import { MarkdownView } from './MarkdownView.tsx';
import { RemoteSelect, type Option } from './RemoteSelect.tsx';

interface Values {
  question: string;
  similar: string[];
  answer: string;
  departmentId?: string;
  sharing: KbEntryBody['sharing'];
  matterIds: string[];
  relatedIds: string[];
  effectiveFrom?: Dayjs | null;
  expiresOn?: Dayjs | null;
}

interface Props {
  entry?: KbEntry;
  /** Shown for a new entry only: an entry stays with the department that wrote it. */
  departments: Option[];
  defaultDepartmentId?: string;
  saving: boolean;
  onSubmit: (body: KbEntryBody) => void;
  onCancel: () => void;
}

const day = (v: string | null | undefined) => (v ? dayjs(v) : null);

function toBody(v: Values, withDepartment: boolean): KbEntryBody {
  return {
    question: v.question.trim(),
    similar: (v.similar ?? []).map((s) => (s ?? '').trim()).filter(Boolean),
    answer: v.answer.trim(),
    ...(withDepartment && v.departmentId ? { departmentId: v.departmentId } : {}),
    sharing: v.sharing,
    matterIds: v.matterIds ?? [],
    relatedIds: v.relatedIds ?? [],
    effectiveFrom: v.effectiveFrom ? v.effectiveFrom.format('YYYY-MM-DD') : null,
    expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : null,
  };
}

/** Standard question, similar questions, the answer in Markdown with a live preview, links, sharing and dates. */
export function EntryForm({ entry, departments, defaultDepartmentId, saving, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const answer = Form.useWatch('answer', form) ?? '';
  const initialValues = useMemo<Partial<Values>>(
    () =>
      entry
        ? {
            question: entry.question,
            similar: entry.similar,
            answer: entry.answer,
            sharing: entry.sharing,
            matterIds: entry.matters.map((m) => m.id),
            relatedIds: entry.related.map((r) => r.id),
            effectiveFrom: day(entry.effectiveFrom),
            expiresOn: day(entry.expiresOn),
          }
        : { similar: [], sharing: 'district', matterIds: [], relatedIds: [], departmentId: defaultDepartmentId },
    [entry, defaultDepartmentId],
  );
  // Departments load after the form mounts: fill in the user's own department once it is known.
  useEffect(() => {
    if (!entry && defaultDepartmentId && !form.getFieldValue('departmentId')) form.setFieldValue('departmentId', defaultDepartmentId);
  }, [entry, defaultDepartmentId, form]);
  const req = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Form<Values>
      form={form}
      name="kb-entry"
      layout="vertical"
      initialValues={initialValues}
      onFinish={(v) => onSubmit(toBody(v, !entry))}
      scrollToFirstError={{ focus: true }}
      disabled={saving}
    >
      <Card title={<h2 className="bb-card-title">{t('kb.questionSection')}</h2>} style={{ marginBottom: 16 }}>
        <Form.Item label={t('kb.question')} name="question" rules={[req(t('kb.question')), { max: 300 }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.List name="similar">
          {(fields, { add, remove }) => (
            <fieldset className="bb-fieldset">
              <legend>{t('kb.similar')}</legend>
              {fields.map((field, i) => (
                <div key={field.key} className="bb-kb-similar">
                  <Form.Item name={field.name} noStyle rules={[{ max: 300 }]}>
                    <Input maxLength={300} aria-label={t('kb.similarN', { n: i + 1 })} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('kb.removeSimilar', { n: i + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                {t('kb.addSimilar')}
              </Button>
            </fieldset>
          )}
        </Form.List>
      </Card>
      <Card title={<h2 className="bb-card-title">{t('kb.answer')}</h2>} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item label={t('kb.answerMarkdown')} name="answer" rules={[req(t('kb.answer')), { max: 20000 }]} extra={t('kb.markdownHelp')}>
              <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} maxLength={20000} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <div className="bb-field" style={{ marginBottom: 16 }}>
              <span id="kb-preview-label">{t('kb.preview')}</span>
              <section className="bb-md-preview" aria-labelledby="kb-preview-label" aria-live="off" tabIndex={0}>
                {answer.trim() ? <MarkdownView source={answer} /> : <span className="ant-typography ant-typography-secondary">{t('kb.previewEmpty')}</span>}
              </section>
            </div>
          </Col>
        </Row>
      </Card>
      <Card title={<h2 className="bb-card-title">{t('kb.linksSection')}</h2>} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {!entry && departments.length > 0 && (
            <Col xs={24} md={12}>
              <Form.Item label={t('kb.department')} name="departmentId">
                <Select options={departments} showSearch={{ optionFilterProp: 'label' }} placeholder={t('kbImport.ownDepartment')} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item label={t('kb.sharing')} name="sharing" rules={[{ required: true }]}>
              <Radio.Group options={KB_SHARING.map((s) => ({ value: s, label: t(`kbSharing.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('kb.matters')} name="matterIds">
              <RemoteSelect kind="matter" mode="multiple" known={entry?.matters.map((m) => ({ value: m.id, label: m.name }))} placeholder={t('kb.searchMatter')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('kb.related')} name="relatedIds">
              <RemoteSelect
                kind="entry"
                mode="multiple"
                excludeId={entry?.id}
                known={entry?.related.map((r) => ({ value: r.id, label: r.question }))}
                placeholder={t('kb.searchEntry')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('kb.effectiveFrom')} name="effectiveFrom">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('kb.expiresOn')}
              name="expiresOn"
              dependencies={['effectiveFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null | undefined) => {
                    const from = getFieldValue('effectiveFrom') as Dayjs | null | undefined;
                    return v && from && v.isBefore(from, 'day') ? Promise.reject(new Error(t('kb.datesInvalid'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <FormActions submitLabel={t('kb.saveDraft')} saving={saving} onCancel={onCancel} />
    </Form>
  );
}
