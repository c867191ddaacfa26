import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EVENT_TYPES } from '../src/lib/events.ts';
import {
  AUDIT_ACTION_LABELS_EN,
  AUDIT_ACTION_LABELS_ZH,
  AUDIT_SUBJECT_LABELS_EN,
  AUDIT_SUBJECT_LABELS_ZH,
  auditActionLabel,
  auditSubjectLabel,
} from '../../web/src/modules/audit/auditLabels.ts';

// Issue 11 item 7: the audit page shows every action and subject in Chinese. The codes come from the server's
// one registry of event names (every audit row is written from an event, lib/events.ts) and from the subject
// types its commands write; a new one without a label fails here.

const LATIN = /[A-Za-z]/;
const HAN = /\p{Script=Han}/u;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

test('every audit action the server can write has a Chinese label (no Latin letters) and an English one', () => {
  for (const code of EVENT_TYPES) {
    const zh = AUDIT_ACTION_LABELS_ZH[code];
    assert.ok(zh && HAN.test(zh) && !LATIN.test(zh), `no Chinese label for ${code}`);
    assert.ok(AUDIT_ACTION_LABELS_EN[code], `no English label for ${code}`);
    assert.equal(auditActionLabel(code, 'zh-CN'), zh);
  }
  assert.deepEqual(Object.keys(AUDIT_ACTION_LABELS_ZH).sort(), [...EVENT_TYPES].sort(), 'labels for codes the server never writes');
});

test('every subject type the server writes has a Chinese label', () => {
  const root = new URL('../src/', import.meta.url).pathname;
  const written = new Set(sources(root).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/subjectType: '([a-z_]+)'/g)].map((m) => m[1]!)));
  assert.ok(written.size >= 5, `found ${[...written].join(', ')}`);
  for (const code of written) {
    const zh = AUDIT_SUBJECT_LABELS_ZH[code];
    assert.ok(zh && HAN.test(zh) && !LATIN.test(zh), `no Chinese label for subject ${code}`);
    assert.ok(AUDIT_SUBJECT_LABELS_EN[code], `no English label for subject ${code}`);
  }
});

test('an unknown code still reads as Chinese, naming the code', () => {
  assert.equal(auditActionLabel('new.thing', 'zh-CN'), '其他操作（new.thing）');
  assert.equal(auditSubjectLabel('widget', 'zh-CN'), '其他（widget）');
  assert.equal(auditActionLabel('new.thing', 'en'), 'Other action (new.thing)');
  assert.equal(auditActionLabel('toString', 'zh-CN'), '其他操作（toString）');
});
