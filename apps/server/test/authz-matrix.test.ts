import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STAFF_ROLES, type Permission, type StaffRole } from '@bangban/shared';
import { fixedClock } from '../src/lib/clock.ts';
import { POLICY } from '../src/modules/identity/policy.ts';
import { PASSWORD, startTestServer, unique, type TestServer } from './support/harness.ts';
import { citizenClient } from './support/kb-factory.ts';
import { createDesk, TUESDAY_10 } from './support/live-help.ts';

// The authorization matrix, derived from the policy table: every operation of the OpenAPI document has an entry
// below (a new route without one fails), and every cell — each staff role, an anonymous caller and a citizen's
// device token — is checked over HTTP against POLICY. Requests are built so that a caller who passes the check
// gets something other than a refusal (a valid body on a missing id: 404, a taken name: 409…), so "allowed" and
// "refused" cannot be confused. Then cross-department and cross-citizen probes on every id-taking endpoint.
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;

type Access =
  | { kind: 'public' }
  /** Any signed-in staff member, hotline included (their own account). */
  | { kind: 'staff' }
  /** Staff holding one of the permissions. */
  | { kind: 'perm'; perms: Permission[] }
  /** A citizen's device token only. */
  | { kind: 'citizen' }
  /** The citizen (Bearer) or staff holding the permission (cookie); `null`: any staff member. */
  | { kind: 'shared'; perm: Permission | null };

const pub: Access = { kind: 'public' };
const staff: Access = { kind: 'staff' };
const citizen: Access = { kind: 'citizen' };
const perm = (...perms: Permission[]): Access => ({ kind: 'perm', perms });
const shared = (p: Permission | null): Access => ({ kind: 'shared', perm: p });

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Operation {
  access: Access;
  /** The URL (filled in) and body; built per call so that names stay unique. */
  request: () => { url: string; body?: object };
  /** Log out ends the caller's session: such a cell runs on a session of its own. */
  ownSession?: true;
}

const id = () => randomUUID();
const period = 'from=2026-01-01&to=2026-01-31';
const strong = 'Strong-pass-2026';

/** Every operation of the API, as "METHOD /openapi/{path}". */
const OPERATIONS: Record<string, Operation> = {
  'GET /healthz': { access: pub, request: () => ({ url: '/healthz' }) },
  'POST /api/auth/login': { access: pub, request: () => ({ url: '/api/auth/login', body: { username: unique('nobody'), password: 'Wrong-pass-2026' } }) },
  'POST /api/auth/logout': { access: staff, request: () => ({ url: '/api/auth/logout' }), ownSession: true },
  'GET /api/me': { access: staff, request: () => ({ url: '/api/me' }) },
  'POST /api/me/password': { access: staff, request: () => ({ url: '/api/me/password', body: { currentPassword: 'Wrong-pass-2026', newPassword: 'Another-pass-2027' } }) },
  'POST /api/citizen/session': { access: pub, request: () => ({ url: '/api/citizen/session' }) },
  'GET /api/citizen/me': { access: citizen, request: () => ({ url: '/api/citizen/me' }) },
  'GET /api/citizen/sso/providers': { access: pub, request: () => ({ url: '/api/citizen/sso/providers' }) },
  'POST /api/citizen/sso/{provider}/start': { access: citizen, request: () => ({ url: '/api/citizen/sso/nope/start' }) },
  'GET /api/citizen/sso/{provider}/callback': { access: pub, request: () => ({ url: '/api/citizen/sso/demo/callback?state=stale&code=x' }) },
  'GET /api/citizens/{id}': { access: perm('citizen.read'), request: () => ({ url: `/api/citizens/${id()}` }) },

  'GET /api/users': { access: perm('user.read'), request: () => ({ url: '/api/users' }) },
  'POST /api/users': { access: perm('user.write'), request: () => ({ url: '/api/users', body: { username: takenUsername, displayName: '重名', role: 'agent', orgUnitId: units.group, password: strong } }) },
  'PATCH /api/users/{id}': { access: perm('user.write'), request: () => ({ url: `/api/users/${id()}`, body: { displayName: '改名' } }) },
  'POST /api/users/{id}/reset-password': { access: perm('user.write'), request: () => ({ url: `/api/users/${id()}/reset-password`, body: { password: strong } }) },
  'POST /api/users/{id}/unlock': { access: perm('user.write'), request: () => ({ url: `/api/users/${id()}/unlock` }) },

  'GET /api/org-units': { access: perm('org.read'), request: () => ({ url: '/api/org-units' }) },
  'POST /api/org-units': { access: perm('org.write'), request: () => ({ url: '/api/org-units', body: { parentId: id(), kind: 'department', name: unique('部门') } }) },
  'PATCH /api/org-units/{id}': { access: perm('org.write'), request: () => ({ url: `/api/org-units/${id()}`, body: { name: unique('部门') } }) },
  'DELETE /api/org-units/{id}': { access: perm('org.write'), request: () => ({ url: `/api/org-units/${id()}` }) },

  'GET /api/matters': { access: perm('matter.read'), request: () => ({ url: '/api/matters' }) },
  'POST /api/matters': { access: perm('matter.write'), request: () => ({ url: '/api/matters', body: { code: takenMatterCode, name: unique('事项'), type: '公共服务', audience: 'both', departmentId: units.civil } }) },
  'GET /api/matters/facets': { access: perm('matter.read'), request: () => ({ url: '/api/matters/facets' }) },
  'GET /api/matters/export': { access: perm('matter.export'), request: () => ({ url: '/api/matters/export?q=权限矩阵' }) },
  'GET /api/matters/{id}': { access: perm('matter.read'), request: () => ({ url: `/api/matters/${id()}` }) },
  'PATCH /api/matters/{id}': { access: perm('matter.write'), request: () => ({ url: `/api/matters/${id()}`, body: { location: '新地址' } }) },
  'DELETE /api/matters/{id}': { access: perm('matter.write'), request: () => ({ url: `/api/matters/${id()}` }) },
  'POST /api/matters/import': { access: perm('matter.import'), request: () => ({ url: '/api/matters/import', body: {} }) },

  'GET /api/calendar/days': { access: perm('calendar.read'), request: () => ({ url: '/api/calendar/days?from=2026-02-01&to=2026-02-28' }) },
  'GET /api/calendar/years': { access: perm('calendar.read'), request: () => ({ url: '/api/calendar/years' }) },
  'POST /api/calendar/years': { access: perm('calendar.write'), request: () => ({ url: '/api/calendar/years', body: { year: 2099 } }) },
  'GET /api/calendar/overrides': { access: perm('calendar.read'), request: () => ({ url: '/api/calendar/overrides' }) },
  'PUT /api/calendar/overrides/{date}': { access: perm('calendar.write'), request: () => ({ url: '/api/calendar/overrides/1999-05-06', body: { working: false, name: '矩阵' } }) },
  'DELETE /api/calendar/overrides/{date}': { access: perm('calendar.write'), request: () => ({ url: '/api/calendar/overrides/1999-05-07' }) },
  'GET /api/calendar/status': { access: perm('calendar.read'), request: () => ({ url: '/api/calendar/status' }) },
  // Inverted dates: an allowed caller gets CALENDAR_BAD_ARGUMENT and nothing is written.
  'POST /api/calendar/notices/preview': { access: perm('calendar.write'), request: () => ({ url: '/api/calendar/notices/preview', body: { year: 2098, holidays: [{ name: '矩阵', from: '2098-10-07', to: '2098-10-01' }] } }) },
  'POST /api/calendar/notices': { access: perm('calendar.write'), request: () => ({ url: '/api/calendar/notices', body: { year: 2098, holidays: [{ name: '矩阵', from: '2098-10-07', to: '2098-10-01' }] } }) },
  'GET /api/calendar/schedule-check': { access: perm('calendar.read'), request: () => ({ url: `/api/calendar/schedule-check?groupId=${units.group}` }) },
  'GET /api/audit': { access: perm('audit.read'), request: () => ({ url: '/api/audit' }) },

  'GET /api/kb/entries': { access: perm('kb.read'), request: () => ({ url: '/api/kb/entries' }) },
  'POST /api/kb/entries': { access: perm('kb.write'), request: () => ({ url: '/api/kb/entries', body: { question: unique('矩阵条目'), answer: '答复口径', departmentId: units.civil } }) },
  'GET /api/kb/entries/{id}': { access: perm('kb.read'), request: () => ({ url: `/api/kb/entries/${id()}` }) },
  'PATCH /api/kb/entries/{id}': { access: perm('kb.write'), request: () => ({ url: `/api/kb/entries/${id()}`, body: { answer: '新口径' } }) },
  'POST /api/kb/entries/{id}/submit': { access: perm('kb.write'), request: () => ({ url: `/api/kb/entries/${id()}/submit` }) },
  'POST /api/kb/entries/{id}/review': { access: perm('kb.review'), request: () => ({ url: `/api/kb/entries/${id()}/review`, body: { decision: 'approve' } }) },
  'POST /api/kb/entries/{id}/archive': { access: perm('kb.review'), request: () => ({ url: `/api/kb/entries/${id()}/archive` }) },
  'POST /api/kb/entries/{id}/reopen': { access: perm('kb.review'), request: () => ({ url: `/api/kb/entries/${id()}/reopen` }) },
  'POST /api/kb/entries/{id}/rollback': { access: perm('kb.review'), request: () => ({ url: `/api/kb/entries/${id()}/rollback`, body: { version: 1 } }) },
  'GET /api/kb/entries/{id}/versions': { access: perm('kb.read'), request: () => ({ url: `/api/kb/entries/${id()}/versions` }) },
  'GET /api/kb/entries/{id}/diff': { access: perm('kb.read'), request: () => ({ url: `/api/kb/entries/${id()}/diff?from=1` }) },
  'POST /api/kb/import': { access: perm('kb.import'), request: () => ({ url: '/api/kb/import', body: {} }) },
  'GET /api/kb/export': { access: perm('kb.export'), request: () => ({ url: '/api/kb/export' }) },
  'POST /api/kb/hit-test': { access: perm('kb.read'), request: () => ({ url: '/api/kb/hit-test', body: { query: '权限矩阵' } }) },
  'GET /api/kb/gaps': { access: perm('kb.gaps'), request: () => ({ url: '/api/kb/gaps' }) },
  'POST /api/kb/gaps/{id}/answer': { access: perm('kb.gaps'), request: () => ({ url: `/api/kb/gaps/${id()}/answer`, body: { entryId: id() } }) },
  'POST /api/kb/gaps/{id}/dismiss': { access: perm('kb.gaps'), request: () => ({ url: `/api/kb/gaps/${id()}/dismiss`, body: { reason: '矩阵测试' } }) },
  'POST /api/kb/gaps/{id}/draft': { access: perm('kb.write'), request: () => ({ url: `/api/kb/gaps/${id()}/draft` }) },

  'POST /api/assistant/sessions': { access: citizen, request: () => ({ url: '/api/assistant/sessions', body: { channel: 'widget' } }) },
  'POST /api/assistant/sessions/{id}/ask': { access: citizen, request: () => ({ url: `/api/assistant/sessions/${id()}/ask`, body: { question: '权限矩阵' } }) },
  'POST /api/assistant/turns/{id}/feedback': { access: citizen, request: () => ({ url: `/api/assistant/turns/${id()}/feedback`, body: { feedback: 'solved' } }) },
  'POST /api/assistant/sessions/{id}/end': { access: citizen, request: () => ({ url: `/api/assistant/sessions/${id()}/end` }) },
  'GET /api/assistant/sessions/{id}': { access: citizen, request: () => ({ url: `/api/assistant/sessions/${id()}` }) },
  'GET /api/assistant/matters/card': { access: pub, request: () => ({ url: '/api/assistant/matters/card?code=NO-SUCH-CODE' }) },
  'GET /api/assistant/matters/{id}/card': { access: pub, request: () => ({ url: `/api/assistant/matters/${id()}/card` }) },
  'GET /api/assistant/human-help': { access: pub, request: () => ({ url: '/api/assistant/human-help' }) },
  'GET /api/assistant/metrics': { access: perm('assistant.metrics'), request: () => ({ url: `/api/assistant/metrics?${period}` }) },

  'POST /api/conversations': { access: citizen, request: () => ({ url: '/api/conversations', body: { matterId: id() } }) },
  'GET /api/conversations/preview': { access: citizen, request: () => ({ url: `/api/conversations/preview?matterId=${id()}` }) },
  'GET /api/conversations': { access: perm('conversation.read'), request: () => ({ url: '/api/conversations' }) },
  'GET /api/conversations/metrics': { access: perm('conversation.metrics'), request: () => ({ url: `/api/conversations/metrics?${period}` }) },
  'GET /api/conversations/mine': { access: citizen, request: () => ({ url: '/api/conversations/mine' }) },
  'GET /api/conversations/wallboard': { access: perm('conversation.supervise'), request: () => ({ url: '/api/conversations/wallboard' }) },
  'GET /api/agents': { access: perm('conversation.transfer'), request: () => ({ url: '/api/agents' }) },
  'GET /api/conversations/{id}/context': { access: perm('conversation.read'), request: () => ({ url: `/api/conversations/${id()}/context` }) },
  'GET /api/conversations/{id}/suggestions': { access: perm('conversation.read'), request: () => ({ url: `/api/conversations/${id()}/suggestions` }) },
  'GET /api/conversations/{id}/notes': { access: perm('conversation.read'), request: () => ({ url: `/api/conversations/${id()}/notes` }) },
  'POST /api/conversations/{id}/notes': { access: perm('conversation.read'), request: () => ({ url: `/api/conversations/${id()}/notes`, body: { text: '矩阵备注' } }) },
  'POST /api/conversations/{id}/propose-entry': { access: perm('conversation.work'), request: () => ({ url: `/api/conversations/${id()}/propose-entry`, body: { question: '矩阵问题', answer: '矩阵答复' } }) },
  'GET /api/conversations/{id}': { access: shared('conversation.read'), request: () => ({ url: `/api/conversations/${id()}` }) },
  'POST /api/conversations/{id}/messages': { access: shared('conversation.work'), request: () => ({ url: `/api/conversations/${id()}/messages`, body: { clientId: id(), text: '矩阵消息' } }) },
  'GET /api/conversations/{id}/messages': { access: shared('conversation.read'), request: () => ({ url: `/api/conversations/${id()}/messages` }) },
  'POST /api/conversations/{id}/claim': { access: perm('conversation.work'), request: () => ({ url: `/api/conversations/${id()}/claim` }) },
  'POST /api/conversations/{id}/transfer': { access: perm('conversation.transfer'), request: () => ({ url: `/api/conversations/${id()}/transfer`, body: { agentId: id(), reason: '矩阵转接' } }) },
  'POST /api/conversations/{id}/close': { access: perm('conversation.work'), request: () => ({ url: `/api/conversations/${id()}/close`, body: { outcome: 'resolved' } }) },
  'PUT /api/conversations/{id}/contact': { access: citizen, request: () => ({ url: `/api/conversations/${id()}/contact`, body: { contact: '13800000000' } }) },
  'POST /api/conversations/{id}/contest': { access: citizen, request: () => ({ url: `/api/conversations/${id()}/contest`, body: { reason: '矩阵异议' } }) },
  'GET /api/agent/status': { access: perm('conversation.work'), request: () => ({ url: '/api/agent/status' }) },
  'PUT /api/agent/status': { access: perm('conversation.work'), request: () => ({ url: '/api/agent/status', body: { status: 'offline' } }) },

  // 常用语: read by those who use them (agents) and those who manage them.
  'GET /api/canned-answers': { access: perm('conversation.work', 'canned.manage'), request: () => ({ url: '/api/canned-answers' }) },
  'POST /api/canned-answers': { access: perm('canned.manage'), request: () => ({ url: '/api/canned-answers', body: { unitId: id(), title: unique('常用语'), text: '您好' } }) },
  'PUT /api/canned-answers/{id}': { access: perm('canned.manage'), request: () => ({ url: `/api/canned-answers/${id()}`, body: { unitId: units.civil, title: unique('常用语'), text: '您好' } }) },
  'DELETE /api/canned-answers/{id}': { access: perm('canned.manage'), request: () => ({ url: `/api/canned-answers/${id()}` }) },

  // Attachments: the chat's citizen or any staff member; who may read one is decided per attachment (404).
  'POST /api/attachments': { access: shared(null), request: () => ({ url: '/api/attachments', body: {} }) },
  'GET /api/attachments/limits': { access: pub, request: () => ({ url: '/api/attachments/limits' }) },
  'GET /api/attachments/{id}': { access: shared(null), request: () => ({ url: `/api/attachments/${id()}` }) },

  'POST /api/conversations/{id}/rating': { access: citizen, request: () => ({ url: `/api/conversations/${id()}/rating`, body: { overall: 5 } }) },
  'PUT /api/conversations/{id}/rating': { access: citizen, request: () => ({ url: `/api/conversations/${id()}/rating`, body: { overall: 5 } }) },
  'GET /api/conversations/{id}/rating': { access: citizen, request: () => ({ url: `/api/conversations/${id()}/rating` }) },
  'GET /api/ratings': { access: perm('rating.read'), request: () => ({ url: '/api/ratings' }) },
  'GET /api/ratings/metrics': { access: perm('rating.metrics'), request: () => ({ url: `/api/ratings/metrics?${period}` }) },
  'GET /api/ratings/{id}': { access: perm('rating.read'), request: () => ({ url: `/api/ratings/${id()}` }) },
  'POST /api/ratings/{id}/follow-up': { access: perm('rating.followUp'), request: () => ({ url: `/api/ratings/${id()}/follow-up`, body: { action: 'call_back', note: '矩阵回访' } }) },
};

type CallerName = StaffRole | 'anonymous' | 'citizen';
const CALLERS: readonly CallerName[] = [...STAFF_ROLES, 'anonymous', 'citizen'];

function expectedAllowed(access: Access, caller: CallerName): boolean {
  const role = caller === 'anonymous' || caller === 'citizen' ? null : caller;
  switch (access.kind) {
    case 'public':
      return true;
    case 'staff':
      return role !== null;
    case 'perm':
      return role !== null && access.perms.some((p) => POLICY[p].includes(role));
    case 'citizen':
      return caller === 'citizen';
    case 'shared':
      return caller === 'citizen' || (role !== null && (access.perm === null || POLICY[access.perm].includes(role)));
  }
}

/** The refusals of the authorization layer; anything else below 500 means the caller got past it. */
function refused(status: number, code: string | undefined): boolean {
  return (status === 403 && code === 'FORBIDDEN') || (status === 401 && (code === 'AUTH_REQUIRED' || code === 'CITIZEN_TOKEN_INVALID'));
}

let takenUsername: string;
let takenMatterCode: string;
const homes = {} as Record<StaffRole, string>;
const usernames = {} as Record<StaffRole, string>;
const cookies = {} as Record<StaffRole, string>;
let citizenToken: string;

async function call(caller: CallerName, method: Method, url: string, body?: object, session?: string) {
  const headers: Record<string, string> = {};
  if (caller === 'citizen') headers.authorization = `Bearer ${citizenToken}`;
  else if (caller !== 'anonymous') headers.cookie = session ?? cookies[caller];
  const res = await s.app.inject({ method, url, headers, ...(body !== undefined && { payload: body }) });
  let code: string | undefined;
  try {
    code = res.json()?.error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.statusCode, code, body: res.body };
}

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  Object.assign(homes, { admin: units.district, coordinator: units.office, agent: units.group, kb_operator: units.civil, leader: units.civil, center_staff: units.community, hotline: units.office });
  for (const role of STAFF_ROLES) {
    const user = await s.createUser(role, homes[role]);
    usernames[role] = user.username;
    cookies[role] = await s.login(user.username);
  }
  takenUsername = usernames.agent;
  takenMatterCode = unique('AZ-');
  assert.equal((await call('admin', 'POST', '/api/matters', { code: takenMatterCode, name: unique('事项'), type: '公共服务', audience: 'both', departmentId: units.civil })).status, 201);
  citizenToken = await citizenClient(s.app).newCitizen();
});
after(() => s.close());

describe('the role × endpoint matrix, derived from POLICY', () => {
  test('every operation of the OpenAPI document has an entry, and every entry is an operation', async () => {
    await s.app.ready();
    const doc = s.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    assert.deepEqual(documented.filter((op) => !OPERATIONS[op]), [], 'operations without an entry in OPERATIONS: give each its access rule');
    assert.deepEqual(Object.keys(OPERATIONS).filter((op) => !documented.includes(op)), [], 'entries for operations that no longer exist');
  });

  test('each cell: allowed exactly when the policy table says so', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const [op, spec] of Object.entries(OPERATIONS)) {
      const method = op.split(' ')[0] as Method;
      for (const caller of CALLERS) {
        const { url, body } = spec.request();
        const session = spec.ownSession && caller !== 'anonymous' && caller !== 'citizen' ? await s.login(usernames[caller]) : undefined;
        const res = await call(caller, method, url, body, session);
        cells++;
        const expected = expectedAllowed(spec.access, caller);
        const actual = !refused(res.status, res.code);
        if (res.status >= 500) mismatches.push(`${op} as ${caller}: ${res.status} ${res.body.slice(0, 200)}`);
        else if (expected !== actual) mismatches.push(`${op} as ${caller}: expected ${expected ? 'allowed' : 'refused'}, got ${res.status} ${res.code ?? res.body.slice(0, 120)}`);
        else if (!expected && caller !== 'anonymous' && caller !== 'citizen' && spec.access.kind !== 'citizen' && res.status !== 403) {
          mismatches.push(`${op} as ${caller}: a signed-in staff member without the permission must get FORBIDDEN, got ${res.status} ${res.code}`);
        }
      }
    }
    console.log(`authz matrix: ${Object.keys(OPERATIONS).length} operations × ${CALLERS.length} callers = ${cells} cells, ${mismatches.length} mismatches`);
    assert.deepEqual(mismatches, []);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Cross-department and cross-citizen probes: department A's staff on department B's resources, citizen 甲 on 乙's.

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function upload(token: string): Promise<string> {
  const boundary = `----bb${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await s.app.inject({ method: 'POST', url: '/api/attachments', payload, headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

type Who = { cookie: string } | { token: string };
async function as(who: Who, method: Method, url: string, body?: object) {
  const headers = 'cookie' in who ? { cookie: who.cookie } : { authorization: `Bearer ${who.token}` };
  const res = await s.app.inject({ method, url, headers, ...(body !== undefined && { payload: body }) });
  let code: string | undefined;
  try {
    code = res.json()?.error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.statusCode, code, body: res.body };
}

describe('cross-department and cross-citizen probes', () => {
  const SECRET = unique('乙的秘密');
  let fx: Awaited<ReturnType<typeof fixtures>>;

  async function staffOf(role: StaffRole, unit: string): Promise<Who> {
    const user = await s.createUser(role, unit);
    return { cookie: await s.login(user.username, PASSWORD) };
  }

  async function fixtures() {
    const c = citizenClient(s.app);
    const a = await createDesk(s, units.district);
    const b = await createDesk(s, units.district);
    const [agentA, agentB] = [await staffOf('agent', a.group), await staffOf('agent', b.group)];
    for (const agent of [agentA, agentB]) assert.equal((await as(agent, 'PUT', '/api/agent/status', { status: 'online' })).status, 200);
    const [leaderA, leaderB, kbA, kbB] = [await staffOf('leader', a.department), await staffOf('leader', b.department), await staffOf('kb_operator', a.department), await staffOf('kb_operator', b.department)];
    const centreElsewhere = await staffOf('center_staff', units.community);
    const jia = await c.newCitizen();
    const yi = await c.newCitizen();
    const yiId = JSON.parse((await as({ token: yi }, 'GET', '/api/citizen/me')).body).citizenId as string;
    // 乙's first chat in B: served, closed, badly rated (a follow-up in B).
    const rated = JSON.parse((await as({ token: yi }, 'POST', '/api/conversations', { matterId: b.matter, question: SECRET })).body).id as string;
    assert.equal((await as(agentB, 'POST', `/api/conversations/${rated}/close`, { outcome: 'resolved' })).status, 200);
    assert.equal((await as({ token: yi }, 'POST', `/api/conversations/${rated}/rating`, { overall: 1, reason: 'slow', comment: SECRET })).status, 201);
    const rating = (await s.ctx.db.selectFrom('ratings').select('id').where('conversation_id', '=', rated).executeTakeFirstOrThrow()).id;
    // 乙's open chat in B with 小申's turns, a message with an attachment, and a note.
    const session = await c.start(yi, { matterId: b.matter });
    await c.ask(yi, session.sessionId, SECRET);
    const turn = (await s.ctx.db.selectFrom('assistant_turns').select('id').where('session_id', '=', session.sessionId).executeTakeFirstOrThrow()).id;
    const open = JSON.parse((await as({ token: yi }, 'POST', '/api/conversations', { assistantSessionId: session.sessionId, matterId: b.matter })).body);
    assert.equal(open.status, 'assigned');
    const attachment = await upload(yi);
    assert.equal((await as({ token: yi }, 'POST', `/api/conversations/${open.id}/messages`, { clientId: randomUUID(), text: SECRET, attachmentId: attachment })).status, 201);
    assert.equal((await as(agentB, 'POST', `/api/conversations/${open.id}/notes`, { text: SECRET })).status, 201);
    // B's KB entry (department only), canned answer and gap; B's matter from createDesk.
    const entry = JSON.parse((await as(kbB, 'POST', '/api/kb/entries', { question: SECRET, answer: SECRET, departmentId: b.department, sharing: 'department' })).body).id as string;
    const canned = JSON.parse((await as(leaderB, 'POST', '/api/canned-answers', { unitId: b.department, title: SECRET, text: SECRET })).body).id as string;
    // 小申 could not answer 乙's question: the gap is B's (else one is made for B).
    const asked = await s.ctx.db.selectFrom('kb_gaps').select(['id', 'department_id']).where('question', '=', SECRET).executeTakeFirst();
    const gap =
      asked?.department_id === b.department
        ? asked.id
        : (
            await s.ctx.db
              .insertInto('kb_gaps')
              .values({ question: `${SECRET}？`, normalized: `${SECRET}？`, matter_id: b.matter, department_id: b.department, source: 'no_match', status: 'open', first_session_id: null, last_seen_at: clock.now(), due_at: null, answered_entry_id: null, answered_at: null, closed_by: null, dismiss_reason: null })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
    // 甲's own chat in A, for the citizen probes that attach 乙's things to 甲's chat.
    const jiaChat = JSON.parse((await as({ token: jia }, 'POST', '/api/conversations', { matterId: a.matter })).body).id as string;
    return { a, b, agentA, agentB, leaderA, leaderB, kbA, kbB, centreElsewhere, jia, yi, yiId, rated, rating, session: session.sessionId, turn, open: open.id as string, attachment, entry, canned, gap, jiaChat };
  }

  before(async () => {
    fx = await fixtures();
  });

  test('department A\u2019s staff on department B\u2019s resources: OUT_OF_SCOPE / not found, or FORBIDDEN; nothing of B leaks', async () => {
    const { b, agentA, leaderA, kbA, centreElsewhere, open, rated, rating, attachment, entry, canned, gap, yiId } = fx;
    const probes: [string, Who, Method, string, object?][] = [
      // Live help: the conversation, its messages, notes, attachment, and every action on it.
      ['agent A: conversation', agentA, 'GET', `/api/conversations/${open}`],
      ['agent A: messages', agentA, 'GET', `/api/conversations/${open}/messages`],
      ['agent A: post a message', agentA, 'POST', `/api/conversations/${open}/messages`, { clientId: randomUUID(), text: '越权' }],
      ['agent A: context', agentA, 'GET', `/api/conversations/${open}/context`],
      ['agent A: suggestions', agentA, 'GET', `/api/conversations/${open}/suggestions`],
      ['agent A: notes', agentA, 'GET', `/api/conversations/${open}/notes`],
      ['agent A: add a note', agentA, 'POST', `/api/conversations/${open}/notes`, { text: '越权' }],
      ['agent A: propose entry', agentA, 'POST', `/api/conversations/${open}/propose-entry`, { question: '越权问题', answer: '越权答复' }],
      ['agent A: claim', agentA, 'POST', `/api/conversations/${open}/claim`],
      ['agent A: transfer', agentA, 'POST', `/api/conversations/${open}/transfer`, { groupId: fx.a.group, reason: '越权' }],
      ['agent A: close', agentA, 'POST', `/api/conversations/${open}/close`, { outcome: 'resolved' }],
      ['agent A: attachment', agentA, 'GET', `/api/attachments/${attachment}`],
      ['agent A: citizen 乙', agentA, 'GET', `/api/citizens/${yiId}`],
      ['agent A: rating', agentA, 'GET', `/api/ratings/${rating}`],
      ['leader A: conversation', leaderA, 'GET', `/api/conversations/${open}`],
      ['leader A: messages', leaderA, 'GET', `/api/conversations/${open}/messages`],
      ['leader A: closed conversation', leaderA, 'GET', `/api/conversations/${rated}`],
      ['leader A: notes', leaderA, 'GET', `/api/conversations/${open}/notes`],
      ['leader A: attachment', leaderA, 'GET', `/api/attachments/${attachment}`],
      ['leader A: rating', leaderA, 'GET', `/api/ratings/${rating}`],
      ['leader A: rating follow-up', leaderA, 'POST', `/api/ratings/${rating}/follow-up`, { action: 'call_back', note: '越权回访' }],
      ['leader A: edit B\u2019s canned answer', leaderA, 'PUT', `/api/canned-answers/${canned}`, { unitId: b.department, title: '越权', text: '越权' }],
      ['leader A: move B\u2019s canned answer to A', leaderA, 'PUT', `/api/canned-answers/${canned}`, { unitId: fx.a.department, title: '越权', text: '越权' }],
      ['leader A: delete B\u2019s canned answer', leaderA, 'DELETE', `/api/canned-answers/${canned}`],
      ['leader A: create a canned answer for B', leaderA, 'POST', '/api/canned-answers', { unitId: b.department, title: '越权', text: '越权' }],
      ['leader A: citizen 乙', leaderA, 'GET', `/api/citizens/${yiId}`],
      ['leader A: dismiss B\u2019s gap', leaderA, 'POST', `/api/kb/gaps/${gap}/dismiss`, { reason: '越权' }],
      ['leader A: B\u2019s conversation figures', leaderA, 'GET', `/api/conversations/metrics?${period}&departmentId=${b.department}`],
      // Knowledge: B's department-only entry, B's matter, B's gap.
      ['kb A: entry', kbA, 'GET', `/api/kb/entries/${entry}`],
      ['kb A: entry versions', kbA, 'GET', `/api/kb/entries/${entry}/versions`],
      ['kb A: entry diff', kbA, 'GET', `/api/kb/entries/${entry}/diff?from=1`],
      ['kb A: patch entry', kbA, 'PATCH', `/api/kb/entries/${entry}`, { answer: '越权' }],
      ['kb A: submit entry', kbA, 'POST', `/api/kb/entries/${entry}/submit`],
      ['kb A: review entry', kbA, 'POST', `/api/kb/entries/${entry}/review`, { decision: 'approve' }],
      ['kb A: archive entry', kbA, 'POST', `/api/kb/entries/${entry}/archive`],
      ['kb A: rollback entry', kbA, 'POST', `/api/kb/entries/${entry}/rollback`, { version: 1 }],
      ['kb A: create an entry for B', kbA, 'POST', '/api/kb/entries', { question: '越权条目', answer: '越权', departmentId: b.department }],
      ['kb A: patch B\u2019s matter', kbA, 'PATCH', `/api/matters/${b.matter}`, { location: '越权地址' }],
      ['kb A: move B\u2019s matter to A', kbA, 'PATCH', `/api/matters/${b.matter}`, { departmentId: fx.a.department }],
      ['kb A: delete B\u2019s matter', kbA, 'DELETE', `/api/matters/${b.matter}`],
      ['kb A: answer B\u2019s gap', kbA, 'POST', `/api/kb/gaps/${gap}/answer`, { entryId: entry }],
      ['kb A: dismiss B\u2019s gap', kbA, 'POST', `/api/kb/gaps/${gap}/dismiss`, { reason: '越权' }],
      ['kb A: draft from B\u2019s gap', kbA, 'POST', `/api/kb/gaps/${gap}/draft`],
      ['centre staff elsewhere: citizen 乙', centreElsewhere, 'GET', `/api/citizens/${yiId}`],
    ];
    const leaks: string[] = [];
    for (const [what, who, method, url, body] of probes) {
      const res = await as(who, method, url, body);
      const refusedHere = (res.status === 404 && (res.code === 'OUT_OF_SCOPE' || /NOT_FOUND$/.test(res.code ?? ''))) || (res.status === 403 && res.code === 'FORBIDDEN');
      if (!refusedHere || res.body.includes(SECRET)) leaks.push(`${what}: ${res.status} ${res.body.slice(0, 160)}`);
    }
    // Lists in A's scope hold nothing of B.
    for (const [what, who, url] of [
      ['agent A: conversation list', agentA, '/api/conversations'],
      ['leader A: conversation list', leaderA, '/api/conversations'],
      ['leader A: wallboard', leaderA, '/api/conversations/wallboard'],
      ['leader A: ratings', leaderA, '/api/ratings'],
      ['leader A: canned answers', leaderA, '/api/canned-answers'],
      ['kb A: entries', kbA, '/api/kb/entries?q=' + encodeURIComponent(SECRET)],
      ['kb A: gaps', kbA, '/api/kb/gaps'],
      ['leader A: gaps', leaderA, '/api/kb/gaps'],
      ['kb A: export', kbA, '/api/kb/export'],
    ] as const) {
      const res = await as(who, 'GET', url);
      if (res.status !== 200 || res.body.includes(SECRET) || res.body.includes(open)) leaks.push(`${what}: ${res.status} ${res.body.includes(SECRET) ? 'contains B\u2019s data' : res.body.slice(0, 120)}`);
    }
    console.log(`cross-department probes: ${probes.length + 9}, leaks: ${leaks.length}`);
    assert.deepEqual(leaks, []);
    // Nothing of B was changed by the refused writes.
    const db = s.ctx.db;
    assert.equal((await db.selectFrom('canned_answers').select(['title', 'org_unit_id']).where('id', '=', canned).executeTakeFirstOrThrow()).org_unit_id, b.department);
    const stored = await db.selectFrom('kb_entries').select(['department_id', 'answer', 'status']).where('id', '=', entry).executeTakeFirstOrThrow();
    assert.deepEqual([stored.department_id, stored.answer, stored.status], [b.department, SECRET, 'draft']);
    const matter = await db.selectFrom('matters').select(['department_id', 'location']).where('id', '=', b.matter).executeTakeFirstOrThrow();
    assert.equal(matter.department_id, b.department);
    assert.notEqual(matter.location, '越权地址');
    assert.equal((await db.selectFrom('kb_gaps').select('status').where('id', '=', gap).executeTakeFirstOrThrow()).status, 'open');
    const conv = await db.selectFrom('conversations').select(['status', 'group_id']).where('id', '=', open).executeTakeFirstOrThrow();
    assert.deepEqual([conv.status, conv.group_id], ['assigned', b.group]);
    assert.equal((await db.selectFrom('conversation_notes').select('id').where('conversation_id', '=', open).execute()).length, 1);
    // Positive controls: the same reads by B's own staff succeed, so the refusals above are about scope.
    assert.equal((await as(fx.agentB, 'GET', `/api/conversations/${open}/messages`)).status, 200);
    assert.equal((await as(fx.kbB, 'GET', `/api/kb/entries/${entry}`)).status, 200);
    assert.equal((await as(fx.leaderB, 'GET', `/api/ratings/${rating}`)).status, 200);
    assert.equal((await as(fx.agentB, 'GET', `/api/attachments/${attachment}`)).status, 200);
  });

  test('citizen 甲 on citizen 乙\u2019s resources: 404 every time', async () => {
    const jia: Who = { token: fx.jia };
    const { open, rated, session, turn, attachment, jiaChat } = fx;
    const probes: [string, Method, string, object?][] = [
      ['conversation', 'GET', `/api/conversations/${open}`],
      ['messages', 'GET', `/api/conversations/${open}/messages`],
      ['post a message', 'POST', `/api/conversations/${open}/messages`, { clientId: randomUUID(), text: '冒充' }],
      ['contact', 'PUT', `/api/conversations/${open}/contact`, { contact: '13800000000' }],
      ['contest', 'POST', `/api/conversations/${rated}/contest`, { reason: '冒充异议' }],
      ['rating', 'GET', `/api/conversations/${rated}/rating`],
      ['rate', 'POST', `/api/conversations/${rated}/rating`, { overall: 5 }],
      ['revise rating', 'PUT', `/api/conversations/${rated}/rating`, { overall: 5 }],
      ['attachment', 'GET', `/api/attachments/${attachment}`],
      ['attach 乙\u2019s file to 甲\u2019s message', 'POST', `/api/conversations/${jiaChat}/messages`, { clientId: randomUUID(), attachmentId: attachment }],
      ['transcript', 'GET', `/api/assistant/sessions/${session}`],
      ['ask in 乙\u2019s session', 'POST', `/api/assistant/sessions/${session}/ask`, { question: '冒充提问' }],
      ['end 乙\u2019s session', 'POST', `/api/assistant/sessions/${session}/end`],
      ['feedback on 乙\u2019s turn', 'POST', `/api/assistant/turns/${turn}/feedback`, { feedback: 'solved' }],
      ['hand off with 乙\u2019s session', 'POST', '/api/conversations', { assistantSessionId: session }],
    ];
    const leaks: string[] = [];
    for (const [what, method, url, body] of probes) {
      const res = await as(jia, method, url, body);
      if (res.status !== 404 || res.body.includes(SECRET)) leaks.push(`${what}: ${res.status} ${res.body.slice(0, 160)}`);
    }
    const mine = await as(jia, 'GET', '/api/conversations/mine');
    if (mine.body.includes(open) || mine.body.includes(rated)) leaks.push('甲\u2019s list holds 乙\u2019s chats');
    console.log(`cross-citizen probes: ${probes.length + 1}, leaks: ${leaks.length}`);
    assert.deepEqual(leaks, []);
    // Positive control: 乙 reads the same things.
    assert.equal((await as({ token: fx.yi }, 'GET', `/api/conversations/${open}/messages`)).status, 200);
    assert.equal((await as({ token: fx.yi }, 'GET', `/api/conversations/${rated}/rating`)).status, 200);
    assert.equal((await as({ token: fx.yi }, 'GET', `/api/attachments/${attachment}`)).status, 200);
  });
});
