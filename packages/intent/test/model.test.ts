import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { classifyIntent, DEFAULT_MODEL_PATH, loadIntentModel, toDataLabel } from '../src/index.ts';

const model = loadIntentModel();

test('the shipped model file loads offline and is small enough to commit', () => {
  assert.ok(statSync(DEFAULT_MODEL_PATH).size < 5e6);
  assert.ok(model.model.pipeline.vectorizer.size > 1000);
  assert.ok(model.model.fallbackThreshold >= 0 && model.model.fallbackThreshold < 1);
  assert.equal(loadIntentModel(), model, 'loads are cached per path');
});

test('clear consultations are consultations, with no reply (they go to retrieval)', () => {
  for (const text of [
    '请问居住证到期了怎么续签？需要带什么材料？',
    '想咨询一下新生儿落户需要哪些材料，在哪里办理？',
    '请问公租房申请条件是什么，什么时候可以摇号？',
  ]) {
    const r = classifyIntent(text);
    assert.equal(r.intent, 'consult', text);
    assert.equal(r.reply, undefined);
    assert.equal(r.source, 'model');
  }
});

test('clear suggestions are suggestions and get the 12345 reply', () => {
  for (const text of [
    '建议在小区门口增设一个公交站，方便老年人出行。',
    '希望相关部门考虑在地铁站附近多建一些共享单车停放点，建议优化换乘。',
  ]) {
    const r = classifyIntent(text);
    assert.equal(r.intent, 'suggest', text);
    assert.match(r.reply ?? '', /12345/);
  }
});

test('clear complaints are complaints and get the 12345 reply', () => {
  for (const text of [
    '楼下饭店每天深夜油烟噪音严重扰民，多次反映没人管，请尽快处理！',
    '某某培训机构拒不退费，客服一直推诿，严重侵害消费者权益，请有关部门查处。',
  ]) {
    const r = classifyIntent(text);
    assert.equal(r.intent, 'complaint', text);
    assert.match(r.reply ?? '', /12345/);
    assert.ok(r.confidence > 0.5);
  }
});

test('rules run before the model: greetings, thanks, legal', () => {
  assert.equal(classifyIntent('你好').intent, 'greeting');
  assert.equal(classifyIntent('谢谢小申！').intent, 'thanks');
  const legal = classifyIntent('法院判决已经生效，对方拒不执行，我想申请强制执行');
  assert.equal(legal.intent, 'legal');
  assert.match(legal.reply ?? '', /12348/);
  const service = classifyIntent('律师事务所设立许可怎么办理，需要什么材料？');
  assert.equal(service.intent, 'consult');
  assert.equal(service.reply, undefined);
});

test('probabilities are a distribution and the fallback only ever turns answers into consult', () => {
  const text = '小区停车位紧张，晚上经常没有地方停车。';
  const r = classifyIntent(text, { fallbackThreshold: 0 });
  const p = r.probabilities;
  assert.ok(p);
  assert.ok(Math.abs(p.consult + p.suggest + p.complaint - 1) < 1e-9);
  const strict = classifyIntent(text, { fallbackThreshold: 0.999 });
  assert.equal(strict.intent, 'consult');
  assert.equal(strict.source, r.intent === 'consult' ? 'model' : 'fallback');
});

test('rule intents fold onto data labels for evaluation', () => {
  assert.equal(toDataLabel('legal'), 'complaint');
  assert.equal(toDataLabel('greeting'), 'consult');
  assert.equal(toDataLabel('thanks'), 'consult');
  assert.equal(toDataLabel('suggest'), 'suggest');
});

test('classification is fast (well under 1 ms per message)', () => {
  const text = '请问小区周边的垃圾站什么时候能搬走？每天气味很大，影响居民生活，希望尽快解决。';
  classifyIntent(text);
  const n = 300;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) classifyIntent(text + i);
  const perMessage = (performance.now() - t0) / n;
  // Generous bound for a shared CI core; typical figures are in the README.
  assert.ok(perMessage < 5, `${perMessage.toFixed(3)} ms per message`);
});
