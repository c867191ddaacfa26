import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../src/lib/clock.ts';
import { startTestServer, unique } from './harness.ts';
import type { AppContext } from '../../src/context.ts';

export interface EntryInput {
  question: string;
  similar?: string[];
  answer: string;
  departmentId: string;
  matterIds?: string[];
  related?: string[];
}

/**
 * A published KB entry (version 1) straight in the tables, then indexed: a fast fixture for what 小申 reads.
 * The publish workflow itself is tested through its API in knowledge.test.ts.
 */
export async function publishEntry(ctx: AppContext, input: EntryInput): Promise<string> {
  const similar = JSON.stringify(input.similar ?? []);
  const matterIds = input.matterIds ?? [];
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('kb_entries')
      .values({ department_id: input.departmentId, sharing: 'district', source: 'manual', status: 'published', question: input.question, similar, answer: input.answer, published_version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('kb_entry_versions')
      .values({ entry_id: id, version: 1, question: input.question, similar, answer: input.answer, matter_ids: JSON.stringify(matterIds) })
      .execute();
    if (matterIds.length) await trx.insertInto('kb_entry_matters').values(matterIds.map((matter_id) => ({ entry_id: id, matter_id }))).execute();
    if (input.related?.length) await trx.insertInto('kb_entry_related').values(input.related.map((related_id) => ({ entry_id: id, related_id }))).execute();
    return id;
  });
  await ctx.knowledge.refreshEntry(id);
  return id;
}

/** A matter of the catalogue, indexed as a card: the fields 小申 shows a citizen. */
export async function createMatter(
  ctx: AppContext,
  input: { code: string; name: string; departmentId: string; leadUnitId?: string; location?: string; promisedTimeLimit?: string; materials?: string[]; consultPhone?: string },
): Promise<string> {
  const { id } = await ctx.db
    .insertInto('matters')
    .values({
      code: input.code,
      name: input.name,
      type: '公共服务',
      audience: 'personal',
      department_id: input.departmentId,
      hall: 'other',
      lead_unit_id: input.leadUnitId ?? input.departmentId,
      service_objects: '["自然人"]',
      themes: '[]',
      location: input.location ?? null,
      promised_time_limit: input.promisedTimeLimit ?? null,
      materials: JSON.stringify(input.materials ?? []),
      consult_phone: input.consultPhone ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.knowledge.refreshMatter(id);
  return id;
}

/**
 * The small district KB the assistant tests ask against: two matters (one led by the civil affairs bureau,
 * whose help group keeps its own hours) and four entries, two of them about 补贴 so that "补贴" is ambiguous.
 */
export async function seedAssistantKb(ctx: AppContext, units: { civil: string; other: string }, tag: string) {
  await ctx.db
    .insertInto('org_units')
    .values({ parent_id: units.civil, kind: 'agent_group', name: `民政帮办组${tag}`, tags: '[]', working_hours: JSON.stringify({ periods: [{ start: '08:30', end: '11:30' }, { start: '13:00', end: '17:00' }] }) })
    .execute();
  await ctx.org.reload();
  const disabilityCode = `CJ-${tag}`;
  const disability = await createMatter(ctx, { code: disabilityCode, name: '残疾人两项补贴申领', departmentId: units.civil, location: '居住地社区事务受理服务中心', promisedTimeLimit: '20个工作日', materials: ['身份证', '残疾人证'], consultPhone: '021-12345678' });
  const pension = await createMatter(ctx, { code: `YL-${tag}`, name: '城乡居民基本养老保险参保登记', departmentId: units.other });
  const residence = await publishEntry(ctx, { question: '居住证到期了怎么续签？', similar: ['居住证过期怎么办'], answer: '有效期满前30日内，持**身份证**到社区事务受理服务中心签注。', departmentId: units.other });
  const newborn = await publishEntry(ctx, {
    question: '新生儿怎么办理户口登记？',
    similar: ['宝宝出生后怎么上户口', '小孩落户要带什么材料'],
    answer: '出生一个月内，由父母持**出生医学证明**、户口簿到派出所办理。',
    departmentId: units.other,
    related: [residence],
  });
  const elderly = await publishEntry(ctx, { question: '高龄老人津贴怎么申请？', similar: ['老年人补贴在哪里领'], answer: '年满80周岁的老人，可到社区事务受理服务中心申请。', departmentId: units.civil });
  const care = await publishEntry(ctx, { question: '养老服务补贴怎么申请？', answer: '经评估符合条件的老人，可申请养老服务补贴。', departmentId: units.civil });
  const socialCard = await publishEntry(ctx, { question: '社保卡丢了怎么补办？', answer: '可到社保网点或通过一网通办申请补办社保卡。', departmentId: units.other });
  const medicalCard = await publishEntry(ctx, { question: '医保卡丢了怎么补办？', answer: '可到医保中心或通过一网通办申请补办医保卡。', departmentId: units.other });
  return { disabilityCode, ids: { disability, pension, residence, newborn, elderly, care, socialCard, medicalCard } };
}

/**
 * A question the engine itself finds ambiguous ("suggest"), from phrasings that are ambiguous in this KB. The
 * engine's thresholds are tuned separately, so tests ask it which phrasing is ambiguous today rather than pin one.
 */
export function ambiguousQuestion(ctx: AppContext, matterId: string | null = null): { question: string; suggested: string[] } {
  for (const question of ['补贴', '申请补贴', '补贴怎么申请', '卡丢了怎么补办', '补办', '卡丢了', '老人补贴']) {
    const { decision } = ctx.knowledge.search(question, { matterId, limit: 5 });
    if (decision.kind === 'suggest') return { question, suggested: decision.candidates.slice(0, 3).map((c) => c.entryId) };
  }
  throw new Error('no ambiguous phrasing in the test KB: the retrieval engine answers or refuses all of them');
}

/** In-process HTTP as a citizen with a device token (Bearer), the way the 小申 widget calls. */
export function citizenClient(app: FastifyInstance) {
  const call = async (token: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload && { payload }) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };
  return {
    call,
    newCitizen: async (): Promise<string> => (await app.inject({ method: 'POST', url: '/api/citizen/session' })).json().token,
    start: async (token: string, extra: object = {}) => {
      const res = await call(token, 'POST', '/api/assistant/sessions', { channel: 'widget', ...extra });
      if (res.status !== 201) throw new Error(`start session: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { sessionId: string; greeting: string; matter: { id: string } | null; humanHelp: Record<string, unknown> };
    },
    ask: (token: string, sessionId: string, question: string, entryId?: string) =>
      call(token, 'POST', `/api/assistant/sessions/${sessionId}/ask`, { question, ...(entryId && { entryId }) }),
  };
}

/** A test server with the org units and the small assistant knowledge base both 小申 test files ask against. */
export async function startAssistantServer(clock: Clock) {
  const s = await startTestServer({ clock });
  const units = await s.seedOrg();
  const { ids, disabilityCode } = await seedAssistantKb(s.ctx, units, unique(''));
  const c = citizenClient(s.app);
  const gapsFor = (question: string) => s.ctx.db.selectFrom('kb_gaps').selectAll().where('question', '=', question).execute();
  return { s, units, ids, disabilityCode, c, gapsFor };
}
