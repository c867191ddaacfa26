import { useState } from 'react';
import { Alert, App, Button, Descriptions, Input, Modal, Radio, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CalendarOverride } from '@bangban/shared';
import type { GridDay } from './MonthGrid.tsx';
import { useDeleteOverride, useSetOverride } from './useCalendar.ts';

interface Props {
  day: GridDay;
  override: CalendarOverride | undefined;
  canUpdate: boolean;
  onClose: () => void;
}

/** Shows a day's status and lets an admin set it to working / day off (with a name), or drop the change. */
export function DayOverrideModal({ day, override, canUpdate, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [working, setWorking] = useState(override?.working ?? !day.working);
  const [name, setName] = useState(override?.name ?? (day.kind === 'holiday' ? (day.name ?? '') : ''));
  const set = useSetOverride();
  const remove = useDeleteOverride();
  const error = set.error ?? remove.error;
  const dateLabel = dayjs(day.date).format(i18n.language === 'en' ? 'dddd, D MMM YYYY' : 'YYYY年M月D日 dddd');

  const save = () =>
    set.mutate(
      { date: day.date, working, name: name.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t('calendar.overrideSaved', { date: day.date }));
          onClose();
        },
      },
    );
  const drop = () =>
    remove.mutate(day.date, {
      onSuccess: () => {
        void message.success(t('calendar.overrideRemoved', { date: day.date }));
        onClose();
      },
    });

  return (
    <Modal
      open
      title={t('calendar.dayTitle', { date: dateLabel })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        canUpdate ? (
          <Space wrap>
            {override && (
              <Button danger onClick={drop} loading={remove.isPending}>
                {t('calendar.removeOverride')}
              </Button>
            )}
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={save} loading={set.isPending}>
              {t('calendar.saveOverride')}
            </Button>
          </Space>
        ) : (
          <Button onClick={onClose}>{t('common.close')}</Button>
        )
      }
    >
      {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 12 }} />}
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          {
            key: 'state',
            label: t('calendar.currentState'),
            children: `${t(`calendar.${day.kind}`)}${day.name ? `（${day.name}）` : ''} · ${day.working ? t('calendar.working') : t('calendar.rest')}`,
          },
          { key: 'source', label: t('calendar.legend'), children: t(`calendar.source_${day.source}`) },
          ...(override
            ? [
                {
                  key: 'by',
                  label: t('calendar.updatedBy'),
                  children: `${override.updatedBy ?? t('audit.system')} · ${dayjs(override.updatedAt).format('YYYY-MM-DD HH:mm')}`,
                },
              ]
            : []),
        ]}
        style={{ marginBottom: 16 }}
      />
      {canUpdate ? (
        <>
          <fieldset className="bb-fieldset">
            <legend>{t('calendar.dayType')}</legend>
            <Radio.Group
              value={working}
              onChange={(e) => setWorking(e.target.value as boolean)}
              options={[
                { value: true, label: t('calendar.setWorking') },
                { value: false, label: t('calendar.setHoliday') },
              ]}
            />
          </fieldset>
          <div className="bb-field">
            <label htmlFor="override-name">{t('calendar.dayName')}</label>
            <Input
              id="override-name"
              value={name}
              maxLength={50}
              placeholder={t('calendar.dayNamePlaceholder')}
              onChange={(e) => setName(e.target.value)}
              onPressEnter={save}
            />
          </div>
        </>
      ) : (
        <Typography.Text type="secondary">{t('calendar.readOnly')}</Typography.Text>
      )}
    </Modal>
  );
}
