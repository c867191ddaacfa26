import { Alert, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KbEntryDiff } from '@bangban/shared';
import './knowledge.css';

type Field = KbEntryDiff['fields'][number];

interface Props {
  diff: KbEntryDiff | undefined;
  loading?: boolean;
  error?: Error | null;
  /** Matter names by id: the diff of linked matters carries ids only. */
  matterNames?: Map<string, string>;
}

/** Added text in green, removed text in red and struck through; screen readers hear 新增 / 删除. */
export function DiffView({ diff, loading, error, matterNames }: Props) {
  const { t } = useTranslation();
  if (error) return <Alert type="error" showIcon role="alert" title={error.message} />;
  if (loading || !diff) return <Skeleton active paragraph={{ rows: 3 }} />;
  const changed = diff.fields.filter((f) => f.changed);
  const unchanged = diff.fields.filter((f) => !f.changed);

  const show = (field: Field, value: string) =>
    field.field === 'matters' ? value.split('\n').map((id) => matterNames?.get(id) ?? id).join('\n') : value;

  return (
    <div>
      {changed.length === 0 && <Typography.Paragraph type="secondary">{t('kb.diffNoChanges')}</Typography.Paragraph>}
      {changed.map((field) => (
        <section key={field.field} className="bb-diff-field" aria-label={t(`kbField.${field.field}`)}>
          <h4>{t(`kbField.${field.field}`)}</h4>
          <p className="bb-diff">
            {field.parts.map((part, i) => {
              const text = show(field, part.value);
              // List fields come as lines: keep a line break between unchanged and changed runs.
              const sep = field.field === 'similar' || field.field === 'matters' ? (i < field.parts.length - 1 ? '\n' : '') : '';
              if (part.added)
                return (
                  <ins key={i}>
                    <span className="bb-sr-only">{t('kb.diffAdded')}</span>
                    {text}
                    <span className="bb-sr-only">{t('kb.diffAddedEnd')}</span>
                    {sep}
                  </ins>
                );
              if (part.removed)
                return (
                  <del key={i}>
                    <span className="bb-sr-only">{t('kb.diffRemoved')}</span>
                    {text}
                    <span className="bb-sr-only">{t('kb.diffRemovedEnd')}</span>
                    {sep}
                  </del>
                );
              return (
                <span key={i}>
                  {text}
                  {sep}
                </span>
              );
            })}
          </p>
        </section>
      ))}
      {unchanged.length > 0 && (
        <Typography.Text type="secondary">
          {t('kb.diffUnchanged', { fields: unchanged.map((f) => t(`kbField.${f.field}`)).join('、') })}
        </Typography.Text>
      )}
    </div>
  );
}
