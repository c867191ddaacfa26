import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Bm25Baseline } from '../src/bm25-baseline.ts';
import { SMALL_KB } from './fixtures.ts';

test('the baseline finds an entry from its own question and ranks by score', () => {
  const b = new Bm25Baseline(SMALL_KB);
  assert.equal(b.size, SMALL_KB.length);
  const hits = b.search('住房公积金提取', 3);
  assert.equal(hits[0]?.entryId, 'fund');
  for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score);
});

test('the baseline returns nothing when no bigram is shared', () => {
  assert.deepEqual(new Bm25Baseline(SMALL_KB).search('火星探测'), []);
});
