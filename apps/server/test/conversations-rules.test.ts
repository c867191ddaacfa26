import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WORKING_HOURS, GroupSchedule, WorkingCalendar } from '@bangban/calendar';
import { CONVERSATION_STATUSES, type ConversationStatus } from '@bangban/shared';
import { AppError } from '../src/lib/errors.ts';
import { CONVERSATION_TRANSITIONS, canTransition, transition } from '../src/modules/conversations/conversation-state.ts';
import { clockSeconds, firstResponseVerdict } from '../src/modules/conversations/first-response.ts';
import { routeToGroup } from '../src/modules/conversations/route-group.ts';
import type { OrgNode, OrgTree } from '../src/modules/organisation/org-tree.ts';

describe('conversation state machine', () => {
  test('the transition table, all of it', () => {
    const allowed = Object.fromEntries(Object.keys(CONVERSATION_TRANSITIONS).map((a) => [a, CONVERSATION_STATUSES.filter((s) => canTransition(s, a as keyof typeof CONVERSATION_TRANSITIONS))]));
    assert.deepEqual(allowed, { open: ['ticket'], assign: ['queued'], transfer: ['assigned'], requeue: ['assigned'], close: ['assigned'] });
    const to = Object.fromEntries(Object.entries(CONVERSATION_TRANSITIONS).map(([a, t]) => [a, t.to]));
    assert.deepEqual(to, { open: 'queued', assign: 'assigned', transfer: 'assigned', requeue: 'queued', close: 'closed' });
  });

  test('closed is final and a refused move says so in Chinese', () => {
    for (const action of Object.keys(CONVERSATION_TRANSITIONS) as (keyof typeof CONVERSATION_TRANSITIONS)[]) {
      assert.throws(() => transition('closed' as ConversationStatus, action), (e: unknown) => e instanceof AppError && e.code === 'CONVERSATION_BAD_TRANSITION');
    }
    try {
      transition('queued', 'close');
      assert.fail('closing a queued chat must be refused');
    } catch (e) {
      assert.equal((e as AppError).messageFor('zh-CN'), '“排队中”的会话不能结束。');
    }
  });
});

/** A tree with just what routing reads. */
function tree(nodes: Partial<OrgNode>[]): OrgTree {
  const all = nodes.map((n) => ({ parentId: null, code: null, tags: [], workingHours: null, maxConcurrentChats: null, kind: 'department', name: n.id, ...n }) as OrgNode);
  return { all: () => all, childrenOf: (id: string) => all.filter((n) => n.parentId === id), byTag: (tag: string) => all.filter((n) => n.tags.includes(tag as never)) } as unknown as OrgTree;
}

describe('routing a request to an agent group: one fallback chain', () => {
  const t = tree([
    { id: 'district', kind: 'district' },
    { id: 'office', parentId: 'district', tags: ['coordinator'] },
    { id: 'office-g', parentId: 'office', kind: 'agent_group' },
    { id: 'lead', parentId: 'district', kind: 'service_center' },
    { id: 'lead-g', parentId: 'lead', kind: 'agent_group' },
    { id: 'dept', parentId: 'district' },
    { id: 'dept-g', parentId: 'dept', kind: 'agent_group' },
    { id: 'bare', parentId: 'district' },
  ]);
  test('lead unit → owning department → 小申 answer department → coordinator → any group', () => {
    assert.deepEqual(routeToGroup(t, { leadUnitId: 'lead', departmentId: 'dept' }), { groupId: 'lead-g', via: 'lead' });
    assert.deepEqual(routeToGroup(t, { leadUnitId: 'bare', departmentId: 'dept' }), { groupId: 'dept-g', via: 'department' });
    assert.deepEqual(routeToGroup(t, { answerDepartmentId: 'dept' }), { groupId: 'dept-g', via: 'answer' });
    assert.deepEqual(routeToGroup(t, { leadUnitId: 'bare', departmentId: 'bare' }), { groupId: 'office-g', via: 'coordinator' });
    assert.deepEqual(routeToGroup(t, {}), { groupId: 'office-g', via: 'coordinator' });
    const noCoordinator = tree([{ id: 'd', kind: 'district' }, { id: 'x', parentId: 'd' }, { id: 'x-g', parentId: 'x', kind: 'agent_group' }]);
    assert.deepEqual(routeToGroup(noCoordinator, { leadUnitId: 'd' }), { groupId: 'x-g', via: 'any' });
    assert.equal(routeToGroup(tree([{ id: 'd', kind: 'district' }]), {}), null);
  });
});

describe('first response time, exactly as DOMAIN.md defines it', () => {
  const schedule = new GroupSchedule(new WorkingCalendar(), DEFAULT_WORKING_HOURS); // 09:00–12:00, 13:30–17:30
  const at = (iso: string) => new Date(iso);

  test('a request at 08:59:30 on a working day answered at 09:00:20 took 20 s (the clock starts at the opening)', () => {
    const c = { requested_at: at('2026-03-03T00:59:30Z'), sla_start_at: schedule.nextOpening(at('2026-03-03T00:59:30Z')), first_response_at: at('2026-03-03T01:00:20Z'), closed_at: null };
    assert.equal(c.sla_start_at.toISOString(), '2026-03-03T01:00:00.000Z');
    assert.deepEqual(firstResponseVerdict(schedule, c, c.first_response_at), { kind: 'answered', seconds: 20, within: true });
  });

  test('one on Friday 18:00 answered Monday 09:00:45 took 45 s', () => {
    const requested = at('2026-03-06T10:00:00Z');
    const c = { requested_at: requested, sla_start_at: schedule.nextOpening(requested), first_response_at: at('2026-03-09T01:00:45Z'), closed_at: null };
    assert.equal(c.sla_start_at.toISOString(), '2026-03-09T01:00:00.000Z');
    assert.deepEqual(firstResponseVerdict(schedule, c, at('2026-03-10T00:00:00Z')), { kind: 'answered', seconds: 45, within: true });
  });

  test('queued in working hours: plain elapsed time from queueing; 61 s misses the target', () => {
    const q = at('2026-03-03T02:00:00Z');
    const c = { requested_at: q, sla_start_at: q, first_response_at: at('2026-03-03T02:01:01Z'), closed_at: null };
    assert.deepEqual(firstResponseVerdict(schedule, c, c.first_response_at), { kind: 'answered', seconds: 61, within: false });
    assert.equal(clockSeconds(schedule, c, at('2026-03-03T02:00:59.999Z')), 59);
  });

  test('unanswered: pending within its minute, a miss after it or when closed without an agent message', () => {
    const q = at('2026-03-03T02:00:00Z');
    const c = { requested_at: q, sla_start_at: q, first_response_at: null, closed_at: null };
    assert.deepEqual(firstResponseVerdict(schedule, c, at('2026-03-03T02:01:00Z')), { kind: 'pending' });
    assert.deepEqual(firstResponseVerdict(schedule, c, at('2026-03-03T02:01:01Z')), { kind: 'breached' });
    assert.deepEqual(firstResponseVerdict(schedule, { ...c, closed_at: at('2026-03-03T02:00:30Z') }, at('2026-03-03T02:00:40Z')), { kind: 'breached' });
    const ticket = { requested_at: at('2026-03-06T10:00:00Z'), sla_start_at: at('2026-03-09T01:00:00Z'), first_response_at: null, closed_at: null };
    assert.deepEqual(firstResponseVerdict(schedule, ticket, at('2026-03-07T02:00:00Z')), { kind: 'pending' }, 'a ticket waits for its opening, the clock not yet running');
  });
});
