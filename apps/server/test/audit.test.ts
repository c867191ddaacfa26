import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, unique, type Caller, type TestServer } from './support/harness.ts';

let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let admin: Caller;

before(async () => {
  s = await startTestServer();
  units = await s.seedOrg();
  admin = await s.as('admin', units.district);
});
after(() => s.close());

describe('every staff write is audited: who, what, when, before/after', () => {
  test('creating and editing a user records both states, never the password', async () => {
    const username = unique('zhang');
    const created = await admin.post('/api/users', { username, displayName: '张三', role: 'agent', orgUnitId: units.group, password: 'Strong-pass-2026' });
    assert.equal(created.status, 201);
    await admin.patch(`/api/users/${created.body.id}`, { displayName: '张三丰', role: 'kb_operator' });
    const log = await admin.get(`/api/audit?subjectType=user&subjectId=${created.body.id}`);
    assert.equal(log.status, 200);
    const [update, create] = log.body.items;
    assert.equal(create.action, 'user.created');
    assert.equal(create.actor.id, admin.userId);
    assert.equal(create.actor.role, 'admin');
    assert.equal(update.action, 'user.updated');
    assert.equal(update.before.displayName, '张三');
    assert.equal(update.before.role, 'agent');
    assert.equal(update.after.displayName, '张三丰');
    assert.equal(update.after.role, 'kb_operator');
    assert.ok(!JSON.stringify(log.body).includes('argon2'), 'no password hash in the audit trail');
    assert.ok(Date.parse(update.occurredAt) >= Date.parse(create.occurredAt));
  });

  test('matter, organisation and calendar writes are in the trail with their subject', async () => {
    const org = await admin.post('/api/org-units', { parentId: units.civil, kind: 'agent_group', name: unique('审计组'), workingHours: { periods: [{ start: '09:00', end: '11:30' }] }, maxConcurrentChats: 4 });
    await admin.patch(`/api/org-units/${org.body.id}`, { maxConcurrentChats: 6 });
    const matter = await admin.post('/api/matters', { code: unique('A-'), name: '审计事项', type: '公共服务', audience: 'personal', departmentId: units.civil });
    await admin.patch(`/api/matters/${matter.body.id}`, { promisedTimeLimit: '3(工作日)' });
    await admin.put('/api/calendar/overrides/2026-06-01', { working: false, name: '演练' });

    const orgLog = (await admin.get(`/api/audit?subjectId=${org.body.id}`)).body.items;
    assert.deepEqual(orgLog.map((e: { action: string }) => e.action), ['org_unit.updated', 'org_unit.created']);
    assert.equal(orgLog[0].before.maxConcurrentChats, 4);
    assert.equal(orgLog[0].after.maxConcurrentChats, 6);
    const matterLog = (await admin.get(`/api/audit?subjectId=${matter.body.id}&action=matter.updated`)).body.items;
    assert.equal(matterLog.length, 1);
    assert.equal(matterLog[0].before.promisedTimeLimit, null);
    assert.equal(matterLog[0].after.promisedTimeLimit, '3(工作日)');
    const cal = (await admin.get('/api/audit?subjectType=calendar_day&subjectId=2026-06-01')).body.items;
    assert.equal(cal[0].after.working, false);
  });

  test('a write that fails leaves no audit entry (recorded inside the transaction)', async () => {
    const before = (await admin.get('/api/audit?action=org_unit.deleted')).body.total;
    const res = await admin.delete(`/api/org-units/${units.office}`);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'ORG_UNIT_IN_USE');
    assert.equal((await admin.get('/api/audit?action=org_unit.deleted')).body.total, before);
  });

  test('the admin searches by actor, action prefix, text and time', async () => {
    const other = await s.as('admin', units.district);
    await other.post('/api/org-units', { parentId: units.district, kind: 'department', name: unique('检索用部门') });
    const byActor = (await admin.get(`/api/audit?actorId=${other.userId}&action=org_unit`)).body;
    assert.equal(byActor.total, 1);
    const byText = (await admin.get(`/api/audit?q=${encodeURIComponent('检索用部门')}`)).body;
    assert.equal(byText.total, 1);
    const future = (await admin.get(`/api/audit?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).body;
    assert.equal(future.total, 0);
    const logins = (await admin.get(`/api/audit?action=auth.login_succeeded&actorId=${other.userId}`)).body;
    assert.equal(logins.total, 1, 'logins are in the trail too');
  });
});
