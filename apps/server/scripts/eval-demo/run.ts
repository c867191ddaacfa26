// The demo district's everyday questions (apps/server/seed/everyday-questions.jsonl) asked of 小申 over HTTP,
// one fresh session per question, exactly as the citizen widget asks. Used by `npm run eval:demo` and by
// test/demo-district-answers.test.ts; both seed the demo district first (seedDemoDistrict, as `npm start`).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AssistantReply } from '@bangban/shared';
import type { AppContext } from '../../src/context.ts';

export const QUESTIONS_FILE = new URL('../../seed/everyday-questions.jsonl', import.meta.url);
/** A later batch written blind from the topic list alone, after the first two batches had been used for tuning. */
export const FRESH_QUESTIONS_FILE = new URL('../../seed/everyday-questions-fresh.jsonl', import.meta.url);

/** Expectations that name no topic: what 小申 should do instead of answering from a topic's entry. */
export const NON_TOPIC = ['offtopic', 'nonsense', 'english', 'complaint', 'human'] as const;
type NonTopic = (typeof NON_TOPIC)[number];

export interface EverydayQuestion {
  q: string;
  expect: string;
  batch: 'dev' | 'heldout' | 'fresh';
}

export function loadQuestions(): EverydayQuestion[] {
  return [QUESTIONS_FILE, FRESH_QUESTIONS_FILE]
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EverydayQuestion);
}

/** Platform entries (seed/kb-platform.jsonl) that rightly answer someone asking for a person or the hours. */
const HUMAN_ENTRIES = new Set(['demo-human', 'demo-help-hours', 'demo-offline']);
const COMPLAINT_ENTRY = 'demo-12345';

export interface Asked {
  question: EverydayQuestion;
  outcome: AssistantReply['outcome'];
  /** What 小申 did, in one word: `answer:<external id>`, `suggest:<first suggestion's external id>`, `unclear:<kind>`, … */
  got: string;
  right: boolean;
  /** 小申 answered (not merely suggested) with an entry other than the expected one. */
  confidentWrong: boolean;
}

export interface Tally {
  questions: number;
  right_first: number;
  confident_wrong: number;
  right_first_rate: number;
  confident_wrong_rate: number;
}

export interface DemoEvalResult {
  asked: Asked[];
  overall: Tally;
  dev: Tally;
  heldout: Tally;
  fresh: Tally;
  /** heldout + fresh: every question the KB's author never saw. */
  blind: Tally;
}

/** Judges one reply against its expectation. `externalId` maps an entry's id (as the reply names it) to its KB id. */
export function judge(question: EverydayQuestion, reply: AssistantReply, externalId: (id: string) => string): Asked {
  const answered = reply.outcome === 'answer' && reply.answer ? externalId(reply.answer.entryId) : null;
  const firstSuggestion = reply.outcome === 'suggest' && reply.suggestions[0] ? externalId(reply.suggestions[0].entryId) : null;
  const unclear = reply.unclear?.kind ?? null;
  const got = answered
    ? `answer:${answered.startsWith('matter:') ? `matter “${reply.answer?.question ?? ''}”` : answered}`
    : firstSuggestion
      ? `suggest:${firstSuggestion.startsWith('matter:') ? `matter “${reply.suggestions[0]?.question ?? ''}”` : firstSuggestion}`
      : unclear
        ? `unclear:${unclear}`
        : reply.outcome === 'scope'
          ? `scope:${reply.scope?.intent ?? ''}`
          : reply.outcome;
  const expect = question.expect;
  let right: boolean;
  let confidentWrong: boolean;
  if ((NON_TOPIC as readonly string[]).includes(expect)) {
    const kind = expect as NonTopic;
    const offered = answered ?? firstSuggestion;
    right =
      kind === 'complaint'
        ? reply.outcome === 'scope' || offered === COMPLAINT_ENTRY
        : kind === 'human'
          ? offered !== null && HUMAN_ENTRIES.has(offered)
          : unclear === kind || (kind === 'offtopic' && unclear === 'nonsense') || (kind === 'nonsense' && unclear === 'offtopic');
    // Answering a non-service question from some entry is the confident mistake; for complaints and
    // requests for a person, so is any entry but the channel's own.
    confidentWrong =
      answered !== null && !(kind === 'complaint' && answered === COMPLAINT_ENTRY) && !(kind === 'human' && HUMAN_ENTRIES.has(answered));
  } else {
    const wanted = `demo-${expect}`;
    right = answered === wanted || (answered === null && firstSuggestion === wanted);
    confidentWrong = answered !== null && answered !== wanted;
  }
  return { question, outcome: reply.outcome, got, right, confidentWrong };
}

function tally(rows: Asked[]): Tally {
  const right = rows.filter((r) => r.right).length;
  const wrong = rows.filter((r) => r.confidentWrong).length;
  const rate = (n: number) => (rows.length ? Math.round((n / rows.length) * 1000) / 1000 : 0);
  return { questions: rows.length, right_first: right, confident_wrong: wrong, right_first_rate: rate(right), confident_wrong_rate: rate(wrong) };
}

/** Per-citizen limits (assistant.routes.ts): a new citizen every few questions keeps the eval under them. */
const QUESTIONS_PER_CITIZEN = 12;

/** Asks every question through POST /api/assistant/sessions/:id/ask, each in its own session. */
export async function runDemoEval(app: FastifyInstance, ctx: Pick<AppContext, 'db'>, questions = loadQuestions()): Promise<DemoEvalResult> {
  const entries = await ctx.db.selectFrom('kb_entries').select(['id', 'external_id']).execute();
  const byId = new Map(entries.map((e) => [e.id, e.external_id ?? e.id]));
  const externalId = (id: string) => byId.get(id) ?? id;
  const asked: Asked[] = [];
  let token = '';
  for (const [i, question] of questions.entries()) {
    if (i % QUESTIONS_PER_CITIZEN === 0) {
      const res = await app.inject({ method: 'POST', url: '/api/citizen/session', remoteAddress: `10.9.${Math.floor(i / 250)}.${i % 250}` });
      token = res.json<{ token: string }>().token;
    }
    const headers = { authorization: `Bearer ${token}` };
    const started = await app.inject({ method: 'POST', url: '/api/assistant/sessions', headers, payload: { channel: 'widget' } });
    if (started.statusCode !== 201) throw new Error(`session: ${started.statusCode} ${started.body}`);
    const { sessionId } = started.json<{ sessionId: string }>();
    const res = await app.inject({ method: 'POST', url: `/api/assistant/sessions/${sessionId}/ask`, headers, payload: { question: question.q } });
    if (res.statusCode !== 200) throw new Error(`ask “${question.q}”: ${res.statusCode} ${res.body}`);
    asked.push(judge(question, res.json<AssistantReply>(), externalId));
  }
  return {
    asked,
    overall: tally(asked),
    dev: tally(asked.filter((a) => a.question.batch === 'dev')),
    heldout: tally(asked.filter((a) => a.question.batch === 'heldout')),
    fresh: tally(asked.filter((a) => a.question.batch === 'fresh')),
    blind: tally(asked.filter((a) => a.question.batch !== 'dev')),
  };
}
