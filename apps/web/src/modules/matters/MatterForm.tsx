import { useMemo } from 'react';
import { AutoComplete, Card, Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { MATTER_AUDIENCES, MATTER_HALLS, type Matter, type MatterAudience, type MatterBody, type MatterHall } from '@bangban/shared';
import { FormActions } from '../../app/components/FormActions.tsx';

export interface MatterFormValues {
  code: string;
  name: string;
  type: string;
  audience: MatterAudience;
  departmentId: string;
  hall: MatterHall;
  hallUnitId?: string | null;
  topRank?: number | null;
  topBatch?: 2021 | 2022 | null;
  area?: string;
  serviceObjects: string[];
  themes: string[];
  location?: string;
  legalTimeLimit?: string;
  promisedTimeLimit?: string;
  consultPhone?: string;
  complainPhone?: string;
  materialsText?: string;
  acceptStandard?: string;
  url?: string;
}

export interface Option {
  value: string;
  label: string;
}

interface Props {
  matter?: Matter;
  departments: Option[];
  hallUnits: Option[];
  types: string[];
  saving: boolean;
  onSubmit: (body: MatterBody) => void;
  onCancel: () => void;
}

const blank = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);

export function toMatterBody(v: MatterFormValues): MatterBody {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    type: v.type.trim(),
    audience: v.audience,
    departmentId: v.departmentId,
    hall: v.hall,
    hallUnitId: v.hallUnitId || null,
    topRank: v.topRank ?? null,
    topBatch: v.topBatch ?? null,
    area: blank(v.area),
    serviceObjects: v.serviceObjects ?? [],
    themes: v.themes ?? [],
    location: blank(v.location),
    legalTimeLimit: blank(v.legalTimeLimit),
    promisedTimeLimit: blank(v.promisedTimeLimit),
    consultPhone: blank(v.consultPhone),
    complainPhone: blank(v.complainPhone),
    materials: (v.materialsText ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    acceptStandard: blank(v.acceptStandard),
    url: blank(v.url),
  };
}

function toFormValues(m: Matter | undefined): Partial<MatterFormValues> {
  if (!m) return { audience: 'personal', hall: 'other', serviceObjects: [], themes: [] };
  return {
    code: m.code,
    name: m.name,
    type: m.type,
    audience: m.audience,
    departmentId: m.department.id,
    hall: m.hall,
    hallUnitId: m.hallUnit?.id ?? null,
    topRank: m.topRank,
    topBatch: m.topBatch === 2021 || m.topBatch === 2022 ? m.topBatch : null,
    area: m.area ?? undefined,
    serviceObjects: m.serviceObjects,
    themes: m.themes,
    location: m.location ?? undefined,
    legalTimeLimit: m.legalTimeLimit ?? undefined,
    promisedTimeLimit: m.promisedTimeLimit ?? undefined,
    consultPhone: m.consultPhone ?? undefined,
    complainPhone: m.complainPhone ?? undefined,
    materialsText: m.materials.join('\n'),
    acceptStandard: m.acceptStandard ?? undefined,
    url: m.url ?? undefined,
  };
}

/** All service facts of a matter; used to create and to edit. */
export function MatterForm({ matter, departments, hallUnits, types, saving, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const initialValues = useMemo(() => toFormValues(matter), [matter]);
  const req = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Form<MatterFormValues>
      name="matter"
      layout="vertical"
      initialValues={initialValues}
      onFinish={(v) => onSubmit(toMatterBody(v))}
      scrollToFirstError={{ focus: true }}
      disabled={saving}
    >
      <Card title={<h2 className="bb-card-title">{t('matters.basic')}</h2>} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item label={t('matters.name')} name="name" rules={[req(t('matters.name')), { max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('matters.code')} name="code" rules={[req(t('matters.code')), { max: 64 }]}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('matters.type')} name="type" rules={[req(t('matters.type')), { max: 50 }]}>
              <AutoComplete options={types.map((x) => ({ value: x }))} showSearch={{ filterOption: true }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('matters.audience')} name="audience" rules={[{ required: true }]}>
              <Radio.Group options={MATTER_AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('matters.department')}
              name="departmentId"
              rules={[{ required: true, message: t('common.requiredSelect', { field: t('matters.department') }) }]}
            >
              <Select options={departments} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.hall')} name="hall" rules={[{ required: true }]}>
              <Select options={MATTER_HALLS.map((h) => ({ value: h, label: t(`hall.${h}`) }))} />
            </Form.Item>
          </Col>
          {hallUnits.length > 0 && (
            <Col xs={24} md={12}>
              <Form.Item label={t('matters.hallUnit')} name="hallUnitId">
                <Select options={hallUnits} allowClear showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.area')} name="area" rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('matters.topRank')} name="topRank">
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('matters.topBatch')} name="topBatch">
              <Select
                allowClear
                options={[
                  { value: 2021, label: '2021' },
                  { value: 2022, label: '2022' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.serviceObjects')} name="serviceObjects" extra={t('matters.tagsHelp')}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.themes')} name="themes" extra={t('matters.tagsHelp')}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={<h2 className="bb-card-title">{t('matters.service')}</h2>} style={{ marginBottom: 16 }}>
        <Form.Item label={t('matters.location')} name="location" rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.promisedTimeLimit')} name="promisedTimeLimit" rules={[{ max: 100 }]}>
              <Input maxLength={100} placeholder="7(工作日)" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.legalTimeLimit')} name="legalTimeLimit" rules={[{ max: 100 }]}>
              <Input maxLength={100} placeholder="20(工作日)" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.consultPhone')} name="consultPhone" rules={[{ max: 200 }]}>
              <Input maxLength={200} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('matters.complainPhone')} name="complainPhone" rules={[{ max: 200 }]}>
              <Input maxLength={200} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('matters.url')}
          name="url"
          rules={[{ type: 'url', message: t('matters.urlInvalid') }, { pattern: /^https?:\/\//i, message: t('matters.urlInvalid') }]}
        >
          <Input maxLength={1000} inputMode="url" />
        </Form.Item>
        <Form.Item label={t('matters.materials')} name="materialsText" extra={t('matters.materialsHelp')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
        </Form.Item>
        <Form.Item label={t('matters.acceptStandard')} name="acceptStandard" rules={[{ max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
        </Form.Item>
      </Card>
      <FormActions submitLabel={t('common.save')} saving={saving} onCancel={onCancel} />
    </Form>
  );
}
