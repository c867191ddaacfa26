import { performance } from 'node:perf_hooks';
import { cstDate } from '@bangban/calendar';
import type { Candidate, Decision } from '@bangban/retrieval';
import type { AssistantReply } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { sql } from 'kysely';
import type { AssistantSessionRow, AssistantTurnRow } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import { recordGap } from '../knowledge/gap.commands.ts';
import type { IndexedDoc } from '../knowledge/knowledge-index.ts';
import { classify, REPLY, SCOPE_INTENTS, SMALLTALK_INTENTS } from './assistant-replies.ts';
import { presentTurn, type StoredCandidate } from './assistant.presenter.ts';
import { askableSession, type SessionMatter } from './assistant-session.commands.ts';
import { entryAnswer, matterAnswer, type AnswerBlock } from './entry-answer.ts';
import { isOffDomain, recogniseUnclear, UNCLEAR_REPLY, type UnclearKind } from './off-topic.ts';

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'calendar' | 'knowledge'>;

/** What 小申 decided for one question, before it is stored. */
interface Composed {
  intent: string;
  outcome: AssistantTurnRow['outcome'];
  reply: string;
  answer: AnswerBlock | null;
  entryId: string | null;
  entryVersion: number | null;
  matterId: string | null;
  departmentId: string | null;
  confidence: number | null;
  candidates: StoredCandidate[];
}

const SUGGESTIONS = 3;

/**
 * One question: scope first (complaints, suggestions and legal cases go to their own channels and are never
 * answered from the KB), then retrieval in the context of the session's matter. Every turn is stored; a
 * question nobody can answer becomes a KB gap.
 */
export async function askAssistant(
  ctx: Ctx,
  token: string | undefined,
  sessionId: string,
  input: { question: string; entryId?: string | undefined },
): Promise<AssistantReply> {
  const started = performance.now();
  // One read for the citizen's token, the session and its page's matter; one statement for the turn; the gap beside it.
  const { session, matter } = await askableSession(ctx, token, sessionId);
  if (session.ended_at) throw new AppError('ASSISTANT_SESSION_ENDED');
  const composed = await compose(ctx, session, matter, input);
  const latencyMs = performance.now() - started;
  const [turn] = await Promise.all([
    storeTurn(ctx, session, input.question, composed, latencyMs),
    composed.outcome === 'none'
      ? recordGap(ctx, { question: input.question, source: 'no_match', matterId: matter?.id ?? null, departmentId: composed.departmentId, sessionId })
      : undefined,
  ]);
  return presentTurn(turn, composed.answer);
}

async function compose(ctx: Ctx, session: AssistantSessionRow, matter: SessionMatter | null, input: { question: string; entryId?: string | undefined }): Promise<Composed> {
  const base = { answer: null, entryId: null, entryVersion: null, matterId: matter?.id ?? null, departmentId: null, confidence: null, candidates: [] };
  // A clicked suggestion names its entry: answer it directly, without second-guessing the citizen's choice.
  const chosen = input.entryId ? ctx.knowledge.doc(input.entryId) : undefined;
  if (chosen && isLive(ctx, chosen)) {
    const answered = await answerFrom(ctx, session, chosen, 1, 'consult', []);
    if (answered) return answered;
  }

  // Emoji, keyboard mash or English: "没看懂" with examples; no gap, no retrieval guess, no 12345.
  const unclear = recogniseUnclear(input.question);
  if (unclear) return unclearTurn(base, unclear);
  const intent = classify(input.question);
  const classified = { ...base, intent: intent.intent, confidence: intent.confidence };
  if (SMALLTALK_INTENTS.has(intent.intent)) return { ...classified, outcome: 'smalltalk', reply: intent.reply ?? REPLY.greeting };
  const { decision, candidates, docs } = ctx.knowledge.search(input.question, { matterId: session.matter_id, limit: 5 });
  // The intent model's reply names the right channel (12345, or the courts and 12348 for legal cases).
  if (SCOPE_INTENTS.has(intent.intent) && isOutOfScope(intent, input.question, decision)) {
    return { ...classified, outcome: 'scope', reply: intent.reply ?? '' };
  }
  // Chatter about the weather or the stock market is no service question, whatever retrieval makes of its words.
  if (isOffDomain(input.question)) return unclearTurn(base, 'offtopic');
  const stored = keepCandidates(decision, candidates, docs, (id) => (id ? (ctx.org.get(id)?.name ?? null) : null));
  const top = candidates[0];

  // On a matter's page, "要带什么材料" means that matter's materials, unless the citizen clearly asked about
  // something else: the page's matter card answers what the knowledge base can't pin down.
  if (matter && asksAboutPageMatter(input.question, decision, docs, matter.id)) {
    const answered = await answerFrom(ctx, session, pageMatterDoc(matter), 1, intent.intent, stored);
    if (answered) return answered;
  }

  if (decision.kind === 'answer') {
    const doc = docs.get(decision.entryId);
    const answered = doc && (await answerFrom(ctx, session, doc, decision.confidence, intent.intent, stored));
    if (answered) return answered;
  }
  if (decision.kind === 'suggest' && stored.some((c) => c.suggested)) {
    return { ...base, intent: intent.intent, outcome: 'suggest', reply: REPLY.suggest, confidence: top?.confidence ?? null, candidates: stored };
  }
  // Nobody could answer: the gap goes to the department of the page's matter, else of the closest candidate.
  const departmentId = matter?.department_id ?? (top ? (docs.get(top.entryId)?.departmentId ?? null) : null);
  return { ...base, intent: intent.intent, outcome: 'none', reply: REPLY.none, departmentId, confidence: top?.confidence ?? null, candidates: stored };
}

/** Stored as small talk (not a question, never a gap); the intent names the kind, which the reply shows. */
function unclearTurn(base: Omit<Composed, 'intent' | 'outcome' | 'reply'>, kind: UnclearKind): Composed {
  return { ...base, intent: kind, outcome: 'smalltalk', reply: UNCLEAR_REPLY[kind] };
}

/**
 * The intent model learned from 12345 messages: long narratives. On a short chat question ("设所",
 * "国外驾照换国内驾照") its complaint or suggestion verdict is out of its depth, however sure it sounds.
 * Turning a citizen away costs more than answering, so the verdict stops retrieval only when a rule fired,
 * the citizen says outright they complain, or a long message is judged so and isn't simply asking something.
 */
export const SCOPE_SURE = 0.6;
export const SCOPE_LIKELY = 0.45;
export const SCOPE_QUESTION_SURE = 0.9;
export const SCOPE_LONG_MESSAGE = 15;
// Someone who says outright that they are complaining or reporting is, whatever the model's confidence.
const EXPLICIT_COMPLAINT = /^(我|我们)?(要|想|来)?(投诉|举报)(?!.*(电话|渠道|方式|怎么|如何|找谁|哪里))|(态度|不作为|推诿|刁难|乱收费).*(投诉|举报)/;
const ASKING = /[?？]|吗|怎么|怎样|如何|哪里|哪儿|什么|多少|多久|能否|可否|是否|需不需要|要不要/;

export function isOutOfScope(intent: { source: string; confidence: number }, question: string, decision: Decision): boolean {
  if (intent.source === 'rule' || EXPLICIT_COMPLAINT.test(question)) return true;
  if ([...question].length < SCOPE_LONG_MESSAGE) return false;
  if (ASKING.test(question)) return intent.confidence >= SCOPE_QUESTION_SURE && decision.kind !== 'answer';
  if (intent.confidence >= SCOPE_SURE) return true;
  return intent.confidence >= SCOPE_LIKELY && decision.kind !== 'answer';
}

// Questions about a matter's service facts: materials, time limits, place, phone, fees, conditions, process.
const MATTER_FACTS = /(材料|带什么|带哪些|准备什么|多久|几天|多长时间|时限|在哪|哪里办|哪儿办|地址|地点|电话|费用|收费|多少钱|条件|流程|步骤|怎么办理|如何办理|怎样办理|怎么申请|如何申请)/;
export const PAGE_MATTER_OVERRIDE_CONFIDENCE = 0.8;

// Filler around a fact question; what is left after removing it and the fact words names the subject.
const FILLER = /[\s\p{P}]|请问|你好|您好|我想|我要|想问|一下|这个|该|事项|业务|需要|要|需|办理|办|的|吗|呢|啊|哪些|什么|多少|能|可以|好|完|有|我/gu;

export function asksAboutPageMatter(question: string, decision: Decision, docs: Map<string, IndexedDoc>, matterId: string): boolean {
  if (!MATTER_FACTS.test(question)) return false;
  // "要带什么材料" names no subject: on a matter's page it can only mean that matter.
  if (question.replace(new RegExp(MATTER_FACTS.source, 'g'), '').replace(FILLER, '').length <= 1) return true;
  if (decision.kind !== 'answer') return true;
  const doc = docs.get(decision.entryId);
  // A confident answer that is about this matter, or confidently about another one, stands.
  return !(doc?.matterIds.includes(matterId) || decision.confidence >= PAGE_MATTER_OVERRIDE_CONFIDENCE);
}

function pageMatterDoc(matter: SessionMatter): IndexedDoc {
  return { kind: 'matter', id: matter.id, question: matter.name, departmentId: matter.department_id, matterIds: [matter.id], version: null, effectiveFrom: null, expiresOn: null };
}

/** Everything the engine weighed, flagged with what the citizen was offered, for replay and for KB operators. */
function keepCandidates(
  decision: Decision,
  candidates: Candidate[],
  docs: Map<string, IndexedDoc>,
  departmentName: (id: string | null) => string | null,
): StoredCandidate[] {
  const offered = decision.kind === 'suggest' ? decision.candidates.slice(0, SUGGESTIONS) : [];
  const offeredIds = new Set(offered.map((c) => c.entryId));
  // A suggestion beyond the candidate list's limit is kept too: the decision is what the citizen saw.
  const all = [...candidates, ...offered.filter((o) => !candidates.some((c) => c.entryId === o.entryId))];
  return all.map((c) => ({
    entryId: c.entryId,
    question: docs.get(c.entryId)?.question ?? '',
    department: departmentName(docs.get(c.entryId)?.departmentId ?? null),
    score: c.score,
    confidence: c.confidence,
    field: c.field,
    suggested: offeredIds.has(c.entryId),
  }));
}

async function answerFrom(
  ctx: Ctx,
  session: AssistantSessionRow,
  doc: IndexedDoc,
  confidence: number,
  intent: string,
  candidates: StoredCandidate[],
): Promise<Composed | null> {
  const common = { intent, outcome: 'answer' as const, departmentId: doc.departmentId, confidence, candidates };
  if (doc.kind === 'matter') {
    const answer = await matterAnswer(ctx, doc.id);
    return answer && { ...common, reply: REPLY.matter(answer.question), answer, entryId: null, entryVersion: null, matterId: doc.id };
  }
  const answer = doc.version === null ? null : await entryAnswer(ctx, doc.id, doc.version);
  if (!answer) return null;
  // The turn is about the page's matter when the entry covers it; otherwise about the entry's main matter.
  const matterId = session.matter_id && doc.matterIds.includes(session.matter_id) ? session.matter_id : (doc.matterIds[0] ?? session.matter_id);
  return { ...common, reply: REPLY.answer(answer.question), answer, entryId: doc.id, entryVersion: doc.version, matterId };
}

function isLive(ctx: Pick<AppContext, 'clock'>, doc: IndexedDoc): boolean {
  const today = cstDate(ctx.clock.now());
  return (!doc.effectiveFrom || doc.effectiveFrom <= today) && (!doc.expiresOn || doc.expiresOn >= today);
}

/** Two asks at once in one session (a double tap) compute the same next seq; the later one then tries again. */
const SEQ_ATTEMPTS = 5;

/**
 * One statement, so one round trip and no transaction to hold open: the session's activity and question count
 * and the turn with the session's next seq. Updating the session locks its row; an ask that ran at the same
 * time and took the seq first makes this one fail on unique (session_id, seq), and it is retried.
 */
async function storeTurn(ctx: Ctx, session: AssistantSessionRow, question: string, c: Composed, latencyMs: number): Promise<AssistantTurnRow> {
  const now = ctx.clock.now();
  // Small talk is not a question: the resolution rate's denominator counts sessions with a real question.
  const isQuestion = c.outcome !== 'smalltalk';
  // The row as written; only what the database chooses (id, seq) comes back from the insert.
  const written = {
    session_id: session.id,
    question,
    intent: c.intent,
    outcome: c.outcome,
    entry_id: c.entryId,
    entry_version: c.entryVersion,
    matter_id: c.matterId,
    department_id: c.departmentId,
    confidence: c.confidence,
    reply: c.reply,
    latency_ms: latencyMs,
    created_at: now,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const { id, seq } = await ctx.db
        .with('touched', (db) =>
          db
            .updateTable('assistant_sessions')
            .set((eb) => ({ last_activity_at: now, question_count: isQuestion ? eb('question_count', '+', 1) : eb.ref('question_count') }))
            .where('id', '=', session.id)
            .returning('id'),
        )
        .insertInto('assistant_turns')
        .values((eb) => ({
          ...written,
          session_id: eb.selectFrom('touched').select('touched.id'),
          seq: eb.selectFrom('assistant_turns').select(sql<number>`coalesce(max(seq), 0) + 1`.as('next')).where('session_id', '=', session.id),
          candidates: JSON.stringify(c.candidates),
        }))
        .returning(['assistant_turns.id', 'assistant_turns.seq'])
        .executeTakeFirstOrThrow();
      return { ...written, id, seq, candidates: c.candidates, feedback: null, feedback_at: null };
    } catch (err) {
      if (attempt >= SEQ_ATTEMPTS || !isSeqCollision(err)) throw err;
    }
  }
}

function isSeqCollision(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e.code === '23505' && (e.constraint ?? e.message ?? '').includes('assistant_turns_session_id_seq');
}
