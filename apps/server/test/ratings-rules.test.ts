import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '@bangban/shared';
import { AppError } from '../src/lib/errors.ts';
import { canTransition, FINISHED, FOLLOW_UP_TRANSITIONS, transition, type FollowUpTransition } from '../src/modules/ratings/follow-up-state.ts';
import { maskNumbers } from '../src/modules/ratings/rating.presenter.ts';

describe('bad-rating follow-up state machine', () => {
  test('the transition table, all of it', () => {
    const allowed = Object.fromEntries(Object.keys(FOLLOW_UP_TRANSITIONS).map((a) => [a, FOLLOW_UP_STATUSES.filter((st) => canTransition(st, a as FollowUpTransition))]));
    assert.deepEqual(allowed, { call_back: ['open'], rectify: ['called_back'], close: ['rectified'], dismiss: ['open', 'called_back'], withdraw: ['open'] });
    const to = Object.fromEntries(Object.entries(FOLLOW_UP_TRANSITIONS).map(([a, t]) => [a, [t.to, t.event]]));
    assert.deepEqual(to, {
      call_back: ['called_back', 'rating.follow_up_called_back'],
      rectify: ['rectified', 'rating.follow_up_rectified'],
      close: ['closed', 'rating.follow_up_closed'],
      dismiss: ['dismissed', 'rating.follow_up_dismissed'],
      withdraw: ['withdrawn', 'rating.follow_up_withdrawn'],
    });
  });

  test('finished follow-ups are final, and a refused move says so in Chinese', () => {
    for (const status of FINISHED) {
      for (const action of Object.keys(FOLLOW_UP_TRANSITIONS) as FollowUpTransition[]) {
        assert.throws(() => transition(status as FollowUpStatus, action), (e: unknown) => e instanceof AppError && e.code === 'RATING_FOLLOW_UP_BAD_TRANSITION');
      }
    }
    try {
      transition('rectified', 'dismiss');
      assert.fail('a rectified follow-up cannot be dismissed');
    } catch (e) {
      assert.equal((e as AppError).messageFor('zh-CN'), '“已整改”的差评整改不能不予整改。');
    }
  });
});

describe('citizen free text shown to staff', () => {
  test('phone and ID numbers are blanked; ordinary numbers stay', () => {
    assert.equal(maskNumbers('请打13900139000或139-0013-9000'), '请打***********或*************');
    assert.equal(maskNumbers('身份证31010419800101123X'), '身份证******************');
    assert.equal(maskNumbers('等了 20 分钟，3 次转接'), '等了 20 分钟，3 次转接');
    assert.equal(maskNumbers(null), null);
  });
});
