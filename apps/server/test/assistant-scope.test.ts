import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOutOfScope, SCOPE_LIKELY, SCOPE_SURE } from '../src/modules/assistant/ask.command.ts';

const none = { kind: 'none' } as const;
const answer = { kind: 'answer', entryId: 'e1', confidence: 0.9 } as const;
const model = (confidence: number) => ({ source: 'model', confidence });

describe('when a complaint or suggestion verdict turns a citizen away', () => {
  test('a rule hit or a sure model always does', () => {
    assert.equal(isOutOfScope({ source: 'rule', confidence: 1 }, '我要起诉房东', answer), true);
    assert.equal(isOutOfScope(model(SCOPE_SURE), '这个政策不合理', answer), true);
  });

  test('a short question with an unsure verdict is answered, not turned away', () => {
    assert.equal(isOutOfScope(model(0.48), '设所', none), false);
    assert.equal(isOutOfScope(model(0.51), '如何补办社保卡', answer), false);
    assert.equal(isOutOfScope(model(0.55), '如何补办社保卡', none), false);
  });

  test('a long message with a likely verdict and no confident answer is turned away', () => {
    const long = '小区门口的道路长期坑洼不平，下雨天积水严重，希望有关部门尽快修缮';
    assert.equal(isOutOfScope(model(SCOPE_LIKELY), long, none), true);
    assert.equal(isOutOfScope(model(SCOPE_LIKELY), long, answer), false);
    assert.equal(isOutOfScope(model(SCOPE_LIKELY - 0.01), long, none), false);
  });

  test('saying outright "我要投诉" is a complaint; asking how to complain is a question', () => {
    assert.equal(isOutOfScope(model(0.3), '我要投诉，办居住证的窗口工作人员态度恶劣', answer), true);
    assert.equal(isOutOfScope(model(0.3), '举报违建', answer), true);
    assert.equal(isOutOfScope(model(0.3), '投诉电话是多少', answer), false);
    assert.equal(isOutOfScope(model(0.3), '我要投诉怎么办', answer), false);
  });
});
