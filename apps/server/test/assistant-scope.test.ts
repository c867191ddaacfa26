import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOutOfScope, SCOPE_LIKELY, SCOPE_QUESTION_SURE, SCOPE_SURE } from '../src/modules/assistant/ask.command.ts';

const none = { kind: 'none' } as const;
const answer = { kind: 'answer', entryId: 'e1', confidence: 0.9 } as const;
const model = (confidence: number) => ({ source: 'model', confidence });
const LONG_GRIEVANCE = '小区门口的道路长期坑洼不平，下雨天积水严重，希望有关部门尽快修缮';

describe('when a complaint or suggestion verdict turns a citizen away', () => {
  test('a rule hit always does', () => {
    assert.equal(isOutOfScope({ source: 'rule', confidence: 1 }, '我要起诉房东', answer), true);
  });

  test('a short chat question is answered however sure the model sounds', () => {
    assert.equal(isOutOfScope(model(0.95), '国外驾照换国内驾照', none), false);
    assert.equal(isOutOfScope(model(0.52), '设所', none), false);
    assert.equal(isOutOfScope(model(0.76), '社保卡丢了', answer), false);
  });

  test('a long narrative judged a grievance is turned away; a likely one only when nothing answers it', () => {
    assert.equal(isOutOfScope(model(SCOPE_SURE), LONG_GRIEVANCE, answer), true);
    assert.equal(isOutOfScope(model(SCOPE_LIKELY), LONG_GRIEVANCE, none), true);
    assert.equal(isOutOfScope(model(SCOPE_LIKELY), LONG_GRIEVANCE, answer), false);
    assert.equal(isOutOfScope(model(SCOPE_LIKELY - 0.01), LONG_GRIEVANCE, none), false);
  });

  test('a long message that asks something needs a near-certain verdict and no answer', () => {
    const asking = '外国驾照换中国驾照的时候需要重新考科目一吗？';
    assert.equal(isOutOfScope(model(0.85), asking, none), false);
    assert.equal(isOutOfScope(model(SCOPE_QUESTION_SURE), asking, none), true);
    assert.equal(isOutOfScope(model(SCOPE_QUESTION_SURE), asking, answer), false);
  });

  test('saying outright "我要投诉" is a complaint; asking how to complain is a question', () => {
    assert.equal(isOutOfScope(model(0.3), '我要投诉，办居住证的窗口工作人员态度恶劣', answer), true);
    assert.equal(isOutOfScope(model(0.3), '举报违建', answer), true);
    assert.equal(isOutOfScope(model(0.3), '投诉电话是多少', answer), false);
    assert.equal(isOutOfScope(model(0.3), '我要投诉怎么办', answer), false);
  });
});
