import { Card, Progress, Space, Tag, Typography } from 'antd';
import { FileSearchOutlined, ReadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HitTestResult } from '@bangban/shared';
import { Highlight } from './Highlight.tsx';

type Candidate = HitTestResult['candidates'][number];
const MATTER_PREFIX = 'matter:';

/** One ranked candidate: an entry links to its page, a matter (kind `matter`) is shown as a matter card. */
export function HitCandidate({ rank, candidate: c, chosen }: { rank: number; candidate: Candidate; chosen: boolean }) {
  const { t } = useTranslation();
  const matter = c.kind === 'matter';
  const href = matter ? `/console/matters/${c.entryId.slice(MATTER_PREFIX.length)}` : `/console/kb/${c.entryId}`;
  const showText = c.text && c.text !== c.question;
  const confidence = Math.round(c.confidence * 100);

  return (
    <li>
      <Card size="small" style={chosen ? { borderColor: '#52c41a', boxShadow: '0 0 0 1px #52c41a' } : undefined}>
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          <Space wrap size={6}>
            <Tag>{t('hitTest.rank', { n: rank })}</Tag>
            {matter ? (
              <Tag icon={<FileSearchOutlined />} color="purple">
                {t('hitTest.kindMatter')}
              </Tag>
            ) : (
              <Tag icon={<ReadOutlined />} color="blue">
                {t('hitTest.kindEntry')}
              </Tag>
            )}
            {chosen && <Tag color="success">{t('hitTest.chosen')}</Tag>}
            {!c.ownWords && <Tag color="warning">{t('hitTest.synonymOnly')}</Tag>}
          </Space>
          <Link to={href} style={{ fontSize: 15, fontWeight: 600 }} data-testid="hit-candidate-link">
            <Highlight text={c.question || '—'} terms={c.matchedTerms} />
          </Link>
          {showText && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 3 }}>
              {t(`hitTest.field_${c.field}`, { defaultValue: c.field })}：<Highlight text={c.text ?? ''} terms={c.matchedTerms} />
            </Typography.Paragraph>
          )}
          <Space wrap size={[16, 4]} style={{ fontSize: 13 }}>
            <span>
              {t('hitTest.score')} <strong>{c.score.toFixed(3)}</strong>
            </span>
            <span>
              {t('hitTest.field')} <strong>{t(`hitTest.field_${c.field}`, { defaultValue: c.field })}</strong>
            </span>
            <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
              <span id={`conf-${rank}`}>{t('hitTest.confidence')}</span>
              <Progress
                percent={confidence}
                size="small"
                aria-labelledby={`conf-${rank}`}
                status={chosen ? 'success' : 'normal'}
                style={{ width: 160, margin: 0 }}
              />
            </span>
            {c.department && <span>{c.department}</span>}
          </Space>
          {c.matchedTerms.length > 0 && (
            <div style={{ fontSize: 13 }}>
              {t('hitTest.matchedTerms')}{' '}
              {c.matchedTerms.map((w) => (
                <Tag key={w} color="gold">
                  {w}
                </Tag>
              ))}
            </div>
          )}
        </Space>
      </Card>
    </li>
  );
}
