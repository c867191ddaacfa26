import type { MatterCard } from '@bangban/shared';
import { useTranslation } from 'react-i18next';

/** Digits and dashes only, for a tel: link ("020-34121084" → "020-34121084"; text around it dropped). */
function telHref(phone: string): string | null {
  const match = phone.match(/\+?\d[\d-]{4,}\d/);
  return match ? `tel:${match[0]}` : null;
}

/** "1(工作日)" as "1 个工作日": the catalogue's notation is not how people read a time limit. */
function timeLimit(text: string | null): string | null {
  if (!text || text === '无') return null;
  return text.replace(/^(\d+)\s*[(（](工作日|自然日|天)[)）]$/, (_, n: string, unit: string) => `${n} 个${unit === '天' ? '自然日' : unit}`);
}

/** The catalogue writes "无" for "none listed". */
const listed = (materials: string[]) => materials.filter((m) => m.trim() && m.trim() !== '无');

/** The service facts of one matter, laid out for reading on a phone. */
export function MatterCardView({ card }: { card: MatterCard }) {
  const { t } = useTranslation();
  const tel = card.consultPhone ? telHref(card.consultPhone) : null;
  const titleId = `bb-matter-${card.id}`;
  const materials = listed(card.materials);
  const limit = timeLimit(card.promisedTimeLimit) ?? timeLimit(card.legalTimeLimit);
  return (
    <section className="bb-chat-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="bb-chat-card-title">
        {card.name}
      </h3>
      <dl className="bb-chat-card-facts">
        {card.department && (
          <div>
            <dt>{t('chat.card.department')}</dt>
            <dd>{card.department}</dd>
          </div>
        )}
        <div>
          <dt>{t('chat.card.location')}</dt>
          <dd>{card.location || t('chat.card.askByPhone')}</dd>
        </div>
        <div>
          <dt>{t('chat.card.promised')}</dt>
          <dd>{limit ?? t('chat.card.askByPhone')}</dd>
        </div>
        {card.consultPhone && (
          <div>
            <dt>{t('chat.card.phone')}</dt>
            <dd>{tel ? <a href={tel}>{card.consultPhone}</a> : card.consultPhone}</dd>
          </div>
        )}
      </dl>
      <h4 className="bb-chat-card-subtitle">{t('chat.card.materials')}</h4>
      {materials.length ? (
        <ol className="bb-chat-card-materials">
          {materials.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ol>
      ) : (
        <p className="bb-chat-card-empty">{t('chat.card.noMaterials')}</p>
      )}
      {card.url && (
        <a className="bb-chat-card-guide" href={card.url} target="_blank" rel="noopener noreferrer">
          {t('chat.card.guide')}
          <span className="bb-chat-sr-only">{t('chat.newWindow')}</span>
        </a>
      )}
    </section>
  );
}
