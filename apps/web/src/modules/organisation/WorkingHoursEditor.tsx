import { Button, Form, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WorkingHours } from '@bangban/shared';

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  periods: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
};

/** Checks the periods like the server: each ends after it starts, in order, without overlap. */
export function workingHoursProblem(hours: WorkingHours | undefined, t: (key: 'org.periodOrder' | 'org.periodOverlap') => string): string | null {
  const periods = hours?.periods ?? [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i];
    if (!p?.start || !p.end) continue;
    if (p.end <= p.start) return t('org.periodOrder');
    const prev = periods[i - 1];
    if (prev?.end && p.start < prev.end) return t('org.periodOverlap');
  }
  return null;
}

// The form keeps "HH:MM" strings (the API's shape); the picker works on dayjs values.
const toPicker = (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(`2000-01-01T${value}`) : null });
const fromPicker = (value: Dayjs | null) => (value ? value.format('HH:mm') : '');

/** Form.List of HH:MM periods; lives inside a Form at `name = ['workingHours', 'periods']`. */
export function WorkingHoursEditor() {
  const { t } = useTranslation();
  return (
    <fieldset className="bb-fieldset">
      <legend>{t('org.workingHours')}</legend>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('org.workingHoursHelp')}
      </Typography.Paragraph>
      <Form.List
        name={['workingHours', 'periods']}
        rules={[
          {
            validator: (_, periods: WorkingHours['periods'] | undefined) => {
              const problem = workingHoursProblem({ periods: periods ?? [] }, t);
              return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                <Typography.Text strong style={{ display: 'inline-block', minWidth: 56, lineHeight: '32px' }}>
                  {t('org.period', { n: index + 1 })}
                </Typography.Text>
                <Form.Item
                  name={[field.name, 'start']}
                  label={t('org.start')}
                  getValueProps={toPicker}
                  normalize={fromPicker}
                  rules={[{ required: true, message: t('common.required', { field: t('org.start') }) }]}
                  style={{ marginBottom: 8 }}
                >
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'end']}
                  label={t('org.end')}
                  getValueProps={toPicker}
                  normalize={fromPicker}
                  rules={[{ required: true, message: t('common.required', { field: t('org.end') }) }]}
                  style={{ marginBottom: 8 }}
                >
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: 120 }} />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('org.removePeriod', { n: index + 1 })}
                  disabled={fields.length <= 1}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ start: '', end: '' })} disabled={fields.length >= 6}>
              {t('org.addPeriod')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

export function formatWorkingHours(hours: WorkingHours | null): string | null {
  if (!hours || hours.periods.length === 0) return null;
  return hours.periods.map((p) => `${p.start}–${p.end}`).join('，');
}
