import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeMatterIssues, ImportRow } from '../src/modules/matters/matter-interchange.ts';
import { KbImportRow } from '../src/modules/knowledge/entry-interchange.ts';
import { describeIssues } from '../src/lib/interchange.ts';

// Issue 11 item 7: the reasons an import lists per line are Chinese; the only Latin letters allowed are the
// column's own name, in brackets after its Chinese label ("服务对象（audience）"), so the file can be fixed.
const withoutColumnNames = (reason: string) => reason.replace(/（[A-Za-z]+）/g, '');

test('import line reasons never carry zod\'s English (enum, format, type, custom checks)', () => {
  const base = { code: 'C1', name: '事项', department: '区民政局', type: '行政许可' };
  const bad: Record<string, unknown>[] = [
    { ...base, audience: 'nobody' },
    { ...base, materials: 'not a list' },
    { ...base, code: '' },
    { ...base, hall: '火星大厅' },
    { ...base, unknownColumn: 1 },
    { ...base, url: 123 },
  ];
  for (const row of bad) {
    const res = ImportRow.safeParse(row);
    assert.equal(res.success, false, JSON.stringify(row));
    const reason = describeMatterIssues(res.error!.issues);
    assert.match(reason, /\p{Script=Han}/u, reason);
    if (!('unknownColumn' in row)) assert.doesNotMatch(withoutColumnNames(reason), /[A-Za-z]/, reason);
  }
  const kb = KbImportRow.safeParse({ question: 42, similar: [1] });
  assert.equal(kb.success, false);
  const reason = describeIssues(kb.error!.issues, {});
  assert.match(reason, /\p{Script=Han}/u);
});
