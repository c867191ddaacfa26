import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRules, detectLegal, detectSmallTalk } from '../src/rules.ts';
import { REPLIES, replyFor } from '../src/replies.ts';

test('greetings are recognised, including address words and punctuation', () => {
  for (const text of ['你好', '您好！', '在吗？', '小申你好', '有人吗', 'Hello', '下午好呀', '你好，在吗', '请问在吗']) {
    assert.equal(detectSmallTalk(text)?.intent, 'greeting', text);
  }
});

test('thanks and goodbye are recognised', () => {
  for (const text of ['谢谢', '谢谢你！', '非常感谢', '好的，谢谢', '辛苦了', '明白了，谢谢小申', 'thanks']) {
    assert.equal(detectSmallTalk(text)?.intent, 'thanks', text);
  }
  for (const text of ['再见', '拜拜~', '好的，再见']) assert.equal(detectSmallTalk(text)?.intent, 'goodbye', text);
});

test('a greeting followed by a real question is not small talk', () => {
  for (const text of ['你好，请问社保卡怎么补办', '您好，居住证到期了怎么续签？', '谢谢，那公积金提取需要什么材料', '在吗 我想办营业执照']) {
    assert.equal(detectSmallTalk(text), undefined, text);
  }
});

test('legal cases and lawsuits are detected', () => {
  for (const text of [
    '我要起诉开发商，该找谁',
    '法院判决已经生效了，对方一直不执行怎么办',
    '对一审判决不服，想上诉',
    '公司拖欠工资，我准备申请劳动仲裁',
    '收到了律师函，怎么处理',
    '我想打官司',
    '法院不予立案怎么办',
    '行政复议决定不服能不能再告',
  ]) {
    assert.equal(detectLegal(text)?.intent, 'legal', text);
  }
});

test('legal detection does not fire on service-matter consultations', () => {
  for (const text of [
    '律师事务所设立许可怎么办',
    '设立律师事务所需要什么材料',
    '律师执业证书到期怎么换证',
    '法律援助怎么申请',
    '我想起诉对方但是没钱，法律援助怎么申请',
    '公证处办理学历公证需要多久',
    '被告知需要补交材料，去哪里补交',
    '居民申诉渠道在哪里',
    '投诉物业不作为',
    '社保卡怎么补办',
  ]) {
    assert.equal(detectLegal(text), undefined, text);
  }
});

test('a long message mentioning a lawsuit once is left to the classifier', () => {
  const long =
    '小区东门外的道路常年积水，雨天根本无法通行，老人孩子出行非常不便，物业说不归他们管，居委会也一直没有答复，开发商甚至让我们自己去起诉。希望有关部门能尽快安排排水改造，把路面垫高，方便居民出行，谢谢领导。';
  assert.ok(long.length > 100);
  assert.equal(detectLegal(long), undefined);
  assert.equal(detectLegal('开发商拒不交房，我们已经起诉，法院也判决了，但开发商拒不执行判决。' + long)?.intent, 'legal');
});

test('rules give small talk precedence, then legal', () => {
  assert.equal(applyRules('谢谢')?.intent, 'thanks');
  assert.equal(applyRules('我要起诉')?.intent, 'legal');
  assert.equal(applyRules('营业执照怎么办理'), undefined);
});

test('every non-consult reply is non-empty plain Chinese and points somewhere', () => {
  for (const [intent, reply] of Object.entries(REPLIES)) {
    assert.ok(reply.length >= 10, intent);
    assert.match(reply, /^[\p{Script=Han}0-9A-Za-z，。！？、；：“”（）]+$/u, `${intent} reply has markup or odd characters`);
    assert.ok((reply.match(/\p{Script=Han}/gu) ?? []).length / reply.length > 0.7, intent);
  }
  assert.match(REPLIES.complaint, /12345/);
  assert.match(REPLIES.suggest, /12345/);
  assert.match(REPLIES.legal, /人民法院/);
  assert.match(REPLIES.legal, /12348/);
  assert.equal(replyFor('consult'), undefined);
});
