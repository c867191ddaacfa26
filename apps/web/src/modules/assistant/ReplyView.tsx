import { useEffect, useRef } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Feedback } from './assistantApi.ts';
import { AnswerMarkdown } from './AnswerMarkdown.tsx';
import { ReadAloudButton, readableText } from './ElderControls.tsx';
import { FeedbackBar } from './FeedbackBar.tsx';
import { MatterCardView } from './MatterCardView.tsx';
import type { AskRequest, Turn } from './useAssistantChat.ts';
import { speak } from './speech.ts';
import { useElderMode } from './useElderMode.ts';

interface Props {
  turn: Turn;
  ack: string | undefined;
  busy: boolean;
  onAsk: (request: AskRequest) => void;
  onFeedback: (turnId: string, feedback: Feedback) => Promise<unknown>;
  onHuman: () => void;
  /** Just arrived while 自动朗读 is on (长辈版): read it aloud once shown. */
  autoRead?: boolean;
}

/** A matter found by name: its card says it all, the same facts as Markdown would repeat it. */
const isMatterAnswer = (entryId: string) => entryId.startsWith('matter:');

/** Hotline numbers named in an out-of-scope reply, offered as tap-to-call buttons. */
function hotlines(text: string): string[] {
  return [...new Set(text.match(/\b123(45|48)\b/g) ?? [])];
}

/** 小申's reply to one question, by outcome. */
export function ReplyView({ turn, ack, busy, onAsk, onFeedback, onHuman, autoRead = false }: Props) {
  const { t } = useTranslation();
  const [elder] = useElderMode();
  const answer = turn.answer;
  const speakable = useRef<HTMLDivElement>(null);
  const speechKey = `turn:${turn.turnId}`;
  useEffect(() => {
    if (autoRead && speakable.current) speak(speechKey, readableText(speakable.current));
  }, [autoRead, speechKey]);
  return (
    <div className="bb-chat-row bb-chat-row-bot" data-turn-id={turn.turnId}>
      <div className="bb-chat-bubble bb-chat-bubble-bot">
        <span className="bb-chat-sr-only">{t('chat.xiaoshenSays')}</span>
        <div ref={speakable} className="bb-chat-speakable">
          {turn.outcome === 'none' && <p className="bb-chat-none-title">{t('chat.noneTitle')}</p>}
          <p>{turn.reply}</p>
          {answer && !isMatterAnswer(answer.entryId) && <AnswerMarkdown text={answer.answer} />}
          {answer?.matterCards.map((card) => <MatterCardView key={card.id} card={card} />)}
        </div>
        {answer?.demo && <p className="bb-chat-demo-note">{t('chat.demoNotice')}</p>}
        {elder && <ReadAloudButton speechKey={speechKey} source={speakable} />}

        {turn.outcome === 'suggest' && turn.suggestions.length > 0 && (
          <ul className="bb-chat-choices" aria-label={t('chat.suggestTitle')}>
            {turn.suggestions.map((s) => (
              <li key={s.entryId}>
                <Button className="bb-chat-choice" block disabled={busy} onClick={() => onAsk({ question: s.question, entryId: s.entryId })}>
                  {s.question}
                  {s.department && <span className="bb-chat-choice-dept">（{s.department}）</span>}
                </Button>
              </li>
            ))}
          </ul>
        )}

        {turn.unclear && (
          <div className="bb-chat-chips" role="group" aria-label={t('chat.examplesTitle')}>
            {turn.unclear.examples.map((q) => (
              <Button key={q} className="bb-chat-chip" disabled={busy} onClick={() => onAsk({ question: q })}>
                {q}
              </Button>
            ))}
          </div>
        )}

        {turn.outcome === 'scope' && (
          <div className="bb-chat-actions">
            {hotlines(`${turn.reply} ${turn.scope?.channel ?? ''}`).map((n) => (
              <Button key={n} className="bb-chat-btn" href={`tel:${n}`}>
                {t('chat.call', { number: n })}
              </Button>
            ))}
          </div>
        )}

        {(turn.outcome === 'none' || turn.unclear?.kind === 'english') && (
          <Button className="bb-chat-btn bb-chat-human-offer" type="primary" size="large" onClick={onHuman}>
            {t('chat.human')}
          </Button>
        )}

        {answer && answer.related.length > 0 && (
          <div className="bb-chat-related">
            <p className="bb-chat-related-title">{t('chat.related')}</p>
            <div className="bb-chat-chips">
              {answer.related.map((r) => (
                <Button key={r.entryId} className="bb-chat-chip" disabled={busy} onClick={() => onAsk({ question: r.question, entryId: r.entryId })}>
                  {r.question}
                </Button>
              ))}
            </div>
          </div>
        )}
      </div>
      {turn.askFeedback && <FeedbackBar turnId={turn.turnId} value={turn.feedback} ack={ack} onFeedback={onFeedback} onHuman={onHuman} />}
    </div>
  );
}
