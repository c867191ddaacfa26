import { useState } from 'react';
import { Alert, Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { HitCandidate } from './HitCandidate.tsx';
import { RemoteSelect } from './RemoteSelect.tsx';
import { useHitTest } from './useKnowledge.ts';

const DECISION_COLORS = { answer: 'success', suggest: 'processing', none: 'warning' } as const;

/** /console/kb/hit-test — ask as a citizen would, see what 小申 would do and why. */
export function HitTestPage() {
  const { t } = useTranslation();
  usePageTitle(t('hitTest.title'));
  const [query, setQuery] = useState('');
  const [matterId, setMatterId] = useState<string | undefined>();
  const [empty, setEmpty] = useState(false);
  const test = useHitTest();
  const r = test.data;

  const run = () => {
    if (!query.trim()) {
      setEmpty(true);
      return;
    }
    test.mutate({ query: query.trim(), matterId });
  };
  const chosenId = r?.decision === 'answer' ? (r.answerEntryId ?? r.candidates[0]?.entryId) : undefined;

  return (
    <div className="bb-page" style={{ maxWidth: 1000 }}>
      <Typography.Title level={1} className="bb-page-title">
        {t('hitTest.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('hitTest.intro')}</Typography.Paragraph>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
        className="bb-filters"
        role="search"
      >
        <div className="bb-field bb-field-wide">
          <label htmlFor="hit-query">{t('hitTest.question')}</label>
          <Input
            id="hit-query"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setEmpty(false);
            }}
            maxLength={500}
            placeholder={t('hitTest.placeholder')}
            aria-invalid={empty}
          />
        </div>
        <div className="bb-field">
          <label htmlFor="hit-matter">{t('hitTest.matter')}</label>
          <RemoteSelect
            id="hit-matter"
            kind="matter"
            value={matterId}
            onChange={(v) => setMatterId(typeof v === 'string' ? v : undefined)}
            allowClear
            placeholder={t('hitTest.noMatter')}
            style={{ minWidth: 220 }}
          />
        </div>
        <Button type="primary" htmlType="submit" loading={test.isPending}>
          {t('hitTest.run')}
        </Button>
      </form>
      {empty && (
        <Typography.Text type="danger" role="alert">
          {t('hitTest.empty')}
        </Typography.Text>
      )}
      {test.error && <Alert type="error" showIcon role="alert" title={test.error.message} />}
      <div aria-live="polite">
        {r && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card>
              <Space orientation="vertical" size={8}>
                <div>
                  {t('hitTest.decision')}{' '}
                  <Tag color={DECISION_COLORS[r.decision]} style={{ fontSize: 14, padding: '2px 8px' }} data-testid="hit-decision">
                    {t(`hitTest.decision_${r.decision}`)}
                  </Tag>
                </div>
                <div>
                  {t('hitTest.intent')} <strong>{t(`hitTest.intent_${r.intent.intent}`, { defaultValue: r.intent.intent })}</strong>
                  <Typography.Text type="secondary">
                    {' '}
                    （{t('hitTest.confidence')} {Math.round(r.intent.confidence * 100)}%）
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary">{t('hitTest.took', { ms: r.tookMs.toFixed(1) })}</Typography.Text>
              </Space>
            </Card>
            {r.candidates.length ? (
              <section aria-labelledby="hit-candidates">
                <Typography.Title level={2} style={{ fontSize: 16 }} id="hit-candidates">
                  {t('hitTest.candidates')}
                </Typography.Title>
                <ol className="bb-hit-list">
                  {r.candidates.map((c, i) => (
                    <HitCandidate key={c.entryId} rank={i + 1} candidate={c} chosen={c.entryId === chosenId} />
                  ))}
                </ol>
              </section>
            ) : (
              <Empty description={t('hitTest.noCandidates')} />
            )}
          </Space>
        )}
      </div>
    </div>
  );
}
