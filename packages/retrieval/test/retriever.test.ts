import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRetriever, warmUpQueries } from '../src/retriever.ts';
import { Tokenizer } from '../src/tokenizer.ts';
import { SMALL_KB } from './fixtures.ts';

// One jieba instance for the whole file: loading its dictionary is the slow part.
const tokenizer = new Tokenizer();
const retriever = () => createRetriever(SMALL_KB, { tokenizer });
const top = (r: ReturnType<typeof retriever>, q: string, matter?: string) => r.search(q, { matter }).candidates[0]?.entryId;

test('abbreviation: 设所 finds 律师事务所设立许可', () => {
  assert.equal(top(retriever(), '设所'), 'law-firm');
});

test('synonyms: everyday words reach the official name', () => {
  const r = retriever();
  assert.equal(top(r, '驾照到期换证'), 'driver');
  assert.equal(top(r, '结婚怎么办'), 'marriage');
});

test('a typo still finds the entry through the other characters', () => {
  assert.equal(top(retriever(), '居民身分证申领'), 'id-card');
});

test('answer-only entries are found through their answer text', () => {
  const res = retriever().search('孩子出生登记要带出生医学证明吗');
  assert.equal(res.candidates[0]?.entryId, 'birth');
  assert.equal(res.candidates[0]?.field, 'answer');
});

test('three outcomes: answer, suggest, none', () => {
  const r = retriever();
  const clear = r.search('住房公积金提取');
  assert.equal(clear.decision.kind, 'answer');
  assert.equal(clear.decision.kind === 'answer' && clear.decision.entryId, 'fund');
  // 律所 (via the synonym 律师事务所) fits two entries equally well: offer both.
  const vague = r.search('律所');
  assert.equal(vague.decision.kind, 'suggest');
  if (vague.decision.kind === 'suggest') {
    assert.deepEqual(vague.decision.candidates.map((c) => c.entryId).sort(), ['law-change', 'law-firm']);
  }
  assert.equal(r.search('火星探测器发射窗口').decision.kind, 'none');
  assert.equal(r.search('').decision.kind, 'none');
});

test('confidence is calibrated into [0, 1] and falls with rank', () => {
  const { candidates } = retriever().search('律师事务所设立许可');
  assert.ok(candidates.length >= 2);
  for (const c of candidates) assert.ok(c.confidence >= 0 && c.confidence <= 1);
  assert.ok(candidates[0]!.confidence > candidates[1]!.confidence);
});

test('explanations name the matched field, text and terms', () => {
  const [c] = retriever().search('律师事务所设立').candidates;
  assert.equal(c?.field, 'question');
  assert.equal(c?.text, '律师事务所设立许可');
  assert.ok(c?.matchedTerms.includes('事务所'), c?.matchedTerms.join('/'));
  assert.ok(c?.matchedTerms.includes('设立'));
});

test('upsert adds and replaces, remove deletes, without a rebuild', () => {
  const r = retriever();
  const size = r.size;
  assert.notEqual(top(r, '不动产登记证明查询'), 'property');
  r.upsert({ id: 'property', question: '不动产登记证明查询', similar: ['房产证查询'], answer: '可在不动产登记中心窗口或网上查询。' });
  assert.equal(r.size, size + 1);
  assert.equal(top(r, '不动产登记证明查询'), 'property');
  assert.equal(top(r, '房产证查询'), 'property', 'similar questions are indexed');
  r.upsert({ id: 'property', question: '二手车交易登记', similar: [], answer: '二手车过户请到车管所办理。' });
  assert.equal(r.size, size + 1, 'replacing keeps one copy');
  assert.notEqual(top(r, '不动产登记证明查询'), 'property');
  assert.equal(top(r, '二手车交易登记'), 'property');
  assert.equal(r.remove('property'), true);
  assert.equal(r.remove('property'), false);
  assert.equal(r.size, size);
  assert.ok(!r.search('二手车交易登记').candidates.some((c) => c.entryId === 'property'));
});

test('many upserts and removals keep results consistent (compaction)', () => {
  const r = retriever();
  for (let i = 0; i < 400; i++) r.upsert({ id: `tmp-${i}`, question: `临时事项${i}号登记`, similar: [], answer: '临时答案' });
  for (let i = 0; i < 400; i++) r.remove(`tmp-${i}`);
  assert.equal(r.size, SMALL_KB.length);
  assert.equal(top(r, '设所'), 'law-firm');
  assert.equal(top(r, '住房公积金提取'), 'fund');
});

test('matter context prefers entries linked to the current matter', () => {
  const r = retriever();
  assert.equal(top(r, '需要准备哪些材料', 'm-fund'), 'materials-fund');
  assert.equal(top(r, '需要准备哪些材料', 'm-id'), 'materials-id');
});

test('limit caps the candidate list', () => {
  assert.ok(retriever().search('登记', { limit: 2 }).candidates.length <= 2);
});

test('warm-up searches pieces of the indexed texts and leaves every answer as it was', () => {
  const kb = SMALL_KB.map((entry) => ({ entry }));
  const pieces = warmUpQueries(kb, 40);
  assert.equal(pieces.length, 40);
  assert.deepEqual(warmUpQueries(kb, 40), pieces, 'deterministic');
  const texts = SMALL_KB.map((e) => `${e.question}${e.answer}`.replace(/\s+/g, ''));
  for (const p of pieces) assert.ok(texts.some((t) => t.includes(p)), `${p} comes from the KB`);
  assert.ok(new Set(pieces.map((p) => p.length)).size >= 4, 'short names and long pasted sentences');
  assert.deepEqual(warmUpQueries([], 10), []);

  const cold = retriever();
  const warm = retriever();
  warm.warmUp(100);
  for (const q of ['设所', '驾照到期换证', '孩子出生登记要带出生医学证明吗', '律所', '今天天气怎么样']) {
    assert.deepEqual(warm.search(q), cold.search(q), q);
  }
});

test('a lookup service (…进度查询) answers only a question that asks to look something up', () => {
  // Two real matter names of the Guangdong catalogue.
  const kb = [
    { id: 'progress', question: '普通护照加注办证进度查询', answer: '输入受理编号查询办证进度。' },
    { id: 'apply', question: '办理及加注普通护照', answer: '携带居民身份证到出入境窗口办理。' },
  ];
  const r = createRetriever(kb, { tokenizer });
  assert.equal(r.search('护照怎么办').candidates[0]?.entryId, 'apply');
  assert.equal(r.search('护照办证进度怎么查').candidates[0]?.entryId, 'progress');
  const neutral = createRetriever(kb, { tokenizer, ranking: { lookupPenalty: 0 } });
  assert.equal(neutral.search('护照怎么办').candidates[0]?.entryId, 'progress', 'without the penalty the lookup page wins');
});

test('everyday words for a loss and an expiry reach 挂失/遗失 and 期满 titles', () => {
  const kb = [
    { id: 'lost', question: '社会保障卡挂失补办', answer: '到社保经办机构或线上办理。' },
    { id: 'change', question: '社会保障卡信息变更', answer: '到社保经办机构办理。' },
    { id: 'renew', question: '机动车驾驶证有效期满换证', answer: '到车管所或线上办理。' },
    { id: 'military', question: '机动车驾驶证持军警驾驶证申领', answer: '到车管所办理。' },
  ];
  const r = createRetriever(kb, { tokenizer });
  assert.equal(r.search('社保卡丢了怎么办').candidates[0]?.entryId, 'lost');
  assert.equal(r.search('驾照到期了').candidates[0]?.entryId, 'renew');
});

test('a match through synonyms alone is offered, never answered: the citizen\'s own words must be in the entry', () => {
  const kb = [
    { id: 'guard', question: '保安员证核发(遗失补发保安员证)', answer: '保安员证遗失的，向发证机关申请补发。' },
    { id: 'firm', question: '律师事务所设立许可', answer: '设立律师事务所，向司法行政机关申请。' },
  ];
  const r = createRetriever(kb, { tokenizer });
  const lost = r.search('医保卡丢了怎么办');
  assert.equal(lost.candidates[0]?.entryId, 'guard', 'found only through 丢了 → 遗失');
  assert.equal(lost.candidates[0]?.ownWords, false);
  assert.notEqual(lost.decision.kind, 'answer');
  const abbreviation = r.search('设所');
  assert.equal(abbreviation.candidates[0]?.ownWords, true, 'an abbreviation keeps most of its characters');
  assert.equal(r.search('律师事务所设立').decision.kind, 'answer');
});

test('a catalogue card ranks below a written entry that matches nearly as well, and no card answers on a near tie', () => {
  // Real matter names of the Guangdong catalogue, beside a written entry about the same service.
  const kb = [
    { id: 'card', question: '办理往来港澳通行证', answer: '事项：办理往来港澳通行证', card: true },
    { id: 'entry', question: '往来港澳通行证怎么办理？', answer: '持居民身份证到出入境窗口办理。' },
  ];
  // Here the card's title is the closer phrasing (about 1.27× the entry's score).
  assert.equal(createRetriever(kb, { tokenizer, ranking: { cardWeight: 1 } }).search('港澳通行证怎么办').candidates[0]?.entryId, 'card');
  assert.equal(createRetriever(kb, { tokenizer, ranking: { cardWeight: 0.7 } }).search('港澳通行证怎么办').candidates[0]?.entryId, 'entry');

  const siblings = [
    { id: 'apply', question: '办理往来台湾通行证', answer: '事项：办理往来台湾通行证', card: true },
    { id: 'crew', question: '办理往来台湾通行证乘务签注', answer: '事项：办理往来台湾通行证乘务签注', card: true },
  ];
  // The two sibling cards are about 8% apart: within a 10% card tie, outside the ordinary one (the rival rule,
  // tested on its own below, is off here so that only the tie ratios decide).
  const options = { tokenizer, decision: { cardTieRatio: 0.1, rivalRatio: 0 } };
  const cards = createRetriever(siblings, options).search('台湾通行证怎么办理');
  assert.equal(cards.candidates[0]?.entryId, 'apply');
  assert.equal(cards.decision.kind, 'suggest');
  const entries = createRetriever(siblings.map(({ id, question, answer }) => ({ id, question, answer })), options).search('台湾通行证怎么办理');
  assert.equal(entries.decision.kind, 'answer', 'written entries keep the ordinary tie rule');
});

test('decide: a close runner-up the calibration trusts as much as the top is a rival — suggest both, never answer', async () => {
  const { decide } = await import('../src/confidence.ts');
  const { DEFAULT_DECISION } = await import('../src/config.ts');
  const cand = (entryId: string, score: number, confidence: number) => ({ entryId, score, confidence, field: 'question' as const, matchedTerms: [], ownWords: true });
  // 养犬登记在哪里办: the company-insurance entry leads on score, the dog entry is trusted more.
  const rivals = decide([cand('company-insurance', 1.54, 0.88), cand('dog', 1.5, 0.94)], DEFAULT_DECISION);
  assert.equal(rivals.kind, 'suggest');
  assert.deepEqual(rivals.kind === 'suggest' && rivals.candidates.map((c) => c.entryId), ['company-insurance', 'dog']);
  // The same runner-up far behind, or close but much less trusted, leaves the answer alone.
  assert.equal(decide([cand('company-insurance', 1.54, 0.88), cand('dog', 1.2, 0.94)], DEFAULT_DECISION).kind, 'answer');
  assert.equal(decide([cand('company-insurance', 1.54, 0.88), cand('dog', 1.5, 0.6)], DEFAULT_DECISION).kind, 'answer');
});
