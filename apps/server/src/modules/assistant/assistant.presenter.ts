import type { AssistantReply, Transcript } from '@bangban/shared';
import type { AssistantTurnRow } from '../../db/schema.ts';
import { scopeChannel } from './assistant-replies.ts';
import type { AnswerBlock } from './entry-answer.ts';
import { UNCLEAR_EXAMPLES, UNCLEAR_KINDS, type UnclearKind } from './off-topic.ts';

/** A retrieval candidate as kept on the turn: what 小申 weighed, for KB operators and for replaying suggestions. */
export interface StoredCandidate {
  entryId: string;
  question: string;
  /** Name of the owning department (absent on turns stored before it was kept). */
  department?: string | null;
  score: number;
  confidence: number;
  field: string;
  /** Shown to the citizen as "您是不是想问". */
  suggested: boolean;
}

export function storedCandidates(turn: Pick<AssistantTurnRow, 'candidates'>): StoredCandidate[] {
  return (turn.candidates as StoredCandidate[]) ?? [];
}

/**
 * "您是不是想问" choices. Two that read the same (the province's and the city's 律师事务所设立许可) would be
 * two identical buttons: those say whose they are.
 */
function presentSuggestions(offered: StoredCandidate[]): AssistantReply['suggestions'] {
  const seen = new Map<string, number>();
  for (const c of offered) seen.set(c.question, (seen.get(c.question) ?? 0) + 1);
  return offered.map((c) => ({
    entryId: c.entryId,
    question: c.question,
    ...((seen.get(c.question) ?? 0) > 1 && c.department ? { department: c.department } : {}),
  }));
}

/** One turn as the citizen sees it. The answer block is loaded by the caller (it lives in the KB tables). */
export function presentTurn(turn: AssistantTurnRow, answer: AnswerBlock | null): AssistantReply {
  const unclear = turn.outcome === 'smalltalk' && UNCLEAR_KINDS.has(turn.intent) ? (turn.intent as UnclearKind) : null;
  return {
    turnId: turn.id,
    seq: turn.seq,
    question: turn.question,
    outcome: turn.outcome,
    reply: turn.reply,
    answer,
    suggestions: presentSuggestions(storedCandidates(turn).filter((c) => c.suggested)),
    scope: turn.outcome === 'scope' ? { intent: turn.intent, channel: scopeChannel(turn.intent) } : null,
    unclear: unclear && { kind: unclear, examples: [...UNCLEAR_EXAMPLES] },
    // Someone who writes in English may need a person more than anyone.
    offerHuman: turn.outcome === 'none' || turn.feedback === 'not_solved' || unclear === 'english',
    askFeedback: turn.outcome === 'answer',
    createdAt: turn.created_at.toISOString(),
  };
}

export function presentTranscript(
  sessionId: string,
  matter: Transcript['matter'],
  turns: { row: AssistantTurnRow; answer: AnswerBlock | null }[],
  humanRequested: boolean,
  conversationId: string | null,
): Transcript {
  return {
    sessionId,
    matter,
    turns: turns.map(({ row, answer }) => ({ ...presentTurn(row, answer), feedback: row.feedback })),
    humanRequested,
    conversationId,
  };
}
