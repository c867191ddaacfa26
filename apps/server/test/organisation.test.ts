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

describe('organisation tree', () => {
  test('district → department → service centre → agent group, with hours and capacity on groups', async () => {
    const dept = await admin.post('/api/org-units', { parentId: units.district, kind: 'department', name: unique('区人社局'), code: unique('RS') });
    assert.equal(dept.status, 201);
    const hall = await admin.post('/api/org-units', { parentId: dept.body.id, kind: 'service_center', name: unique('人社服务大厅') });
    const group = await admin.post('/api/org-units', {
      parentId: hall.body.id,
      kind: 'agent_group',
      name: unique('社保帮办组'),
      workingHours: { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] },
      maxConcurrentChats: 6,
    });
    assert.equal(group.status, 201);
    assert.equal(group.body.maxConcurrentChats, 6);
    const list = (await admin.get('/api/org-units')).body.items;
    const g = list.find((u: { id: string }) => u.id === group.body.id);
    assert.equal(g.parentId, hall.body.id);
    assert.deepEqual(g.workingHours.periods[1], { start: '13:30', end: '17:30' });
  });

  test('the tree\u2019s shape is enforced', async () => {
    const res = await admin.post('/api/org-units', { parentId: units.group, kind: 'department', name: '放错位置' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'ORG_PARENT_INVALID');
    assert.equal(res.body.error.message, '业务主管部门不能设在帮办小组之下。');
    const cycle = await admin.patch(`/api/org-units/${units.center}`, { parentId: units.center });
    assert.equal(cycle.body.error.code, 'ORG_PARENT_INVALID');
    const second = await admin.post('/api/org-units', { parentId: units.district, kind: 'district', name: '又一个区' });
    assert.equal(second.status, 400);
  });

  test('overlapping or reversed working hours are refused with the reason', async () => {
    const res = await admin.post('/api/org-units', {
      parentId: units.civil,
      kind: 'agent_group',
      name: unique('错误时段组'),
      workingHours: { periods: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '10:00' }] },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'CALENDAR_BAD_HOURS');
    assert.match(res.body.error.message, /^工作时段设置有误/);
    const bad = await admin.post('/api/org-units', { parentId: units.civil, kind: 'agent_group', name: 'x', workingHours: { periods: [{ start: '9点', end: '12:00' }] } });
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });

  test('unit codes are unique; a unit in use cannot be deleted; an empty one can', async () => {
    const code = unique('CODE');
    await admin.post('/api/org-units', { parentId: units.district, kind: 'department', name: unique('甲'), code });
    const dup = await admin.post('/api/org-units', { parentId: units.district, kind: 'department', name: unique('乙'), code });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'ORG_CODE_TAKEN');
    await s.createUser('agent', units.group);
    assert.equal((await admin.delete(`/api/org-units/${units.group}`)).body.error.code, 'ORG_UNIT_IN_USE');
    const empty = await admin.post('/api/org-units', { parentId: units.district, kind: 'department', name: unique('空部门') });
    assert.equal((await admin.delete(`/api/org-units/${empty.body.id}`)).status, 204);
    assert.equal((await admin.get('/api/org-units')).body.items.some((u: { id: string }) => u.id === empty.body.id), false);
  });

  test('unknown fields are rejected, not ignored', async () => {
    const res = await admin.post('/api/org-units', { parentId: units.district, kind: 'department', name: unique('丙'), colour: 'red' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  });
});
