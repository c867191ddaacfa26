import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STAFF_ROLES, type Permission, type StaffRole } from '@bangban/shared';
import { POLICY } from '../src/modules/identity/policy.ts';
import { startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';

let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
const callers = {} as Record<StaffRole, Caller>;
let matterOther: string;
let matterCivil: string;
let entryInReview: string;

before(async () => {
  s = await startTestServer();
  units = await s.seedOrg();
  const home: Record<StaffRole, string> = {
    admin: units.district,
    coordinator: units.office,
    agent: units.group,
    kb_operator: units.civil,
    leader: units.civil,
    center_staff: units.community,
    hotline: units.office,
  };
  for (const role of STAFF_ROLES) callers[role] = await s.as(role, home[role]);
  const mk = async (departmentId: string) =>
    (await callers.admin.post('/api/matters', { code: unique('P-'), name: unique('权限测试事项'), type: '公共服务', audience: 'both', departmentId })).body.id as string;
  matterOther = await mk(units.other);
  matterCivil = await mk(units.civil);
  const entry = await callers.kb_operator.post('/api/kb/entries', { question: '权限测试条目', answer: '答复', departmentId: units.civil });
  entryInReview = entry.body.id;
  await callers.kb_operator.post(`/api/kb/entries/${entryInReview}/submit`);
});
after(() => s.close());

// One request per permission: what a caller without it must be refused.
const probes: Record<Exclude<Permission, 'citizen.viewPii' | 'citizen.read'>, () => [string, string, unknown?]> = {
  'org.read': () => ['GET', '/api/org-units'],
  'org.write': () => ['POST', '/api/org-units', { parentId: units.district, kind: 'department', name: unique('部门') }],
  'matter.read': () => ['GET', '/api/matters'],
  'matter.write': () => ['PATCH', `/api/matters/${matterCivil}`, { location: '新地址' }],
  'matter.import': () => ['POST', '/api/matters/import', {}],
  'matter.export': () => ['GET', '/api/matters/export?q=权限测试'],
  'calendar.read': () => ['GET', '/api/calendar/days?from=2026-02-01&to=2026-02-28'],
  'calendar.write': () => ['PUT', '/api/calendar/overrides/2026-05-06', { working: false, name: '测试' }],
  'user.read': () => ['GET', '/api/users'],
  'user.write': () => ['POST', '/api/users', { username: unique('u'), displayName: '新人', role: 'agent', orgUnitId: units.group, password: 'Strong-pass-2026' }],
  'audit.read': () => ['GET', '/api/audit'],
  'kb.read': () => ['GET', '/api/kb/entries'],
  'kb.write': () => ['POST', '/api/kb/entries', { question: unique('条目'), answer: '答复口径', departmentId: units.civil }],
  'kb.review': () => ['POST', `/api/kb/entries/${entryInReview}/review`, { decision: 'approve' }],
  'kb.import': () => ['POST', '/api/kb/import', {}],
  'kb.export': () => ['GET', '/api/kb/export'],
  'kb.gaps': () => ['GET', '/api/kb/gaps'],
  'assistant.metrics': () => ['GET', '/api/assistant/metrics?from=2026-01-01&to=2026-01-31'],
  'conversation.read': () => ['GET', '/api/conversations'],
  'conversation.work': () => ['PUT', '/api/agent/status', { status: 'offline' }],
  'conversation.transfer': () => ['POST', `/api/conversations/${randomUUID()}/transfer`, { agentId: randomUUID(), reason: '权限测试' }],
  'conversation.metrics': () => ['GET', '/api/conversations/metrics?from=2026-01-01&to=2026-01-31'],
  'conversation.supervise': () => ['GET', '/api/conversations/wallboard'],
  'canned.manage': () => ['POST', '/api/canned-answers', { unitId: units.civil, title: unique('常用语'), text: '您好，请问有什么可以帮您？' }],
  'rating.read': () => ['GET', '/api/ratings'],
  'rating.followUp': () => ['POST', `/api/ratings/${randomUUID()}/follow-up`, { action: 'call_back', note: '权限测试回访' }],
  'rating.dismiss': () => ['POST', `/api/ratings/${randomUUID()}/follow-up`, { action: 'dismiss', note: '权限测试' }],
  'rating.metrics': () => ['GET', '/api/ratings/metrics?from=2026-01-01&to=2026-01-31'],
};

describe('the policy table is enforced on every route', () => {
  for (const role of STAFF_ROLES) {
    test(`${role}: allowed exactly what the table grants`, async () => {
      for (const [permission, probe] of Object.entries(probes)) {
        const [method, url, payload] = probe();
        const res = await callers[role].req(method as 'GET', url, payload);
        const allowed = POLICY[permission as Permission].includes(role);
        if (allowed) {
          assert.notEqual(res.status, 403, `${role} should be allowed ${permission}: ${JSON.stringify(res.body)}`);
          assert.ok(res.status < 500, `${permission}: ${res.status}`);
        } else {
          assert.equal(res.status, 403, `${role} must be refused ${permission}`);
          assert.equal(res.body.error.code, 'FORBIDDEN');
          assert.equal(res.body.error.message, '您没有权限进行此操作。');
        }
      }
    });
  }

  test('without a session every staff route answers 401', async () => {
    for (const url of ['/api/me', '/api/org-units', '/api/matters', '/api/users', '/api/audit', '/api/calendar/years']) {
      const res = await s.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.json().error.code, 'AUTH_REQUIRED');
    }
  });

  test('/api/me lists the permissions the UI may show, from the same table', async () => {
    for (const role of STAFF_ROLES) {
      const me = (await callers[role].get('/api/me')).body;
      const expected = Object.entries(POLICY).filter(([, roles]) => roles.includes(role)).map(([p]) => p);
      assert.deepEqual([...me.permissions].sort(), expected.sort(), role);
    }
  });
});

describe('lookups are scoped to the caller\u2019s organisation', () => {
  test('a KB operator edits their own department\u2019s matters, not another\u2019s; responses say which', async () => {
    const kb = callers.kb_operator;
    assert.equal((await kb.patch(`/api/matters/${matterCivil}`, { location: '民政局一楼' })).status, 200);
    const denied = await kb.patch(`/api/matters/${matterOther}`, { location: '别处' });
    assert.equal(denied.status, 403);
    assert.equal((await kb.get(`/api/matters/${matterCivil}`)).body.can.update, true);
    assert.equal((await kb.get(`/api/matters/${matterOther}`)).body.can.update, false);
    assert.equal((await kb.get(`/api/matters/${matterCivil}`)).body.can.delete, false);
    assert.equal((await kb.patch(`/api/matters/${matterCivil}`, { departmentId: units.other })).status, 403, 'moving a matter away is the admin\u2019s call');
  });

  test('the admin\u2019s user lookups cover the district; the audit log of a scoped role would be its own units', async () => {
    const list = await callers.admin.get('/api/users?pageSize=200');
    assert.ok(list.body.items.some((u: { role: string }) => u.role === 'agent'));
    assert.equal(list.body.can.create, true);
  });

  test('an agent can read the organisation tree but the response says it may not change it', async () => {
    const res = await callers.agent.get('/api/org-units');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.can, { create: false, update: false, delete: false });
  });
});
