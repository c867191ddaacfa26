import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tokenizer } from '../src/tokenizer.ts';

const tokenizer = new Tokenizer();

test('a user-dictionary word is kept whole once added', () => {
  const before = tokenizer.analyze('帮办专窗受理');
  assert.ok(!before.words.includes('帮办专窗'));
  assert.equal(tokenizer.addWords(['帮办专窗']), 1);
  assert.equal(tokenizer.addWords(['帮办专窗']), 0, 'known words are not loaded twice');
  const after = tokenizer.analyze('帮办专窗受理');
  assert.ok(after.words.includes('帮办专窗'), after.words.join('/'));
});

test('question filler is dropped, content words, pairs and characters remain', () => {
  const a = tokenizer.analyze('请问怎么办理居民身份证？');
  for (const filler of ['请问', '怎么']) assert.ok(!a.words.includes(filler), filler);
  assert.ok(a.words.includes('身份证'), a.words.join('/'));
  assert.ok(a.bigrams.includes('身份'));
  assert.ok(a.chars.includes('证'));
  assert.ok(!a.content.includes('请问'));
});

test('full-width latin and digits are folded, latin runs stay one unit', () => {
  const a = tokenizer.analyze('ＱＱ聊天记录公证');
  assert.ok(a.chars.includes('qq'), a.chars.join('/'));
  assert.ok(a.bigrams.includes('qq聊'));
});

test('a query made only of filler still yields terms', () => {
  const a = tokenizer.analyze('怎么办');
  assert.ok(a.bigrams.length + a.chars.length > 0);
});
