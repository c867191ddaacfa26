import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { maskPersonalNumbers } from '../src/pii.ts';

test('an ID number is masked like maskIdNumber, with a trailing X in either case, spaced or not', () => {
  assert.equal(maskPersonalNumbers('我的身份证号31010419800101714X，电话'), '我的身份证号3101**********714X，电话');
  assert.equal(maskPersonalNumbers('身份证 31010419800101714x'), '身份证 3101**********714X');
  assert.equal(maskPersonalNumbers('号码 310104 19800101 714X 谢谢'), '号码 3101**********714X 谢谢');
  assert.equal(maskPersonalNumbers('3101-0419-8001-0171-4X'), '3101**********714X');
});

test('a 15-digit ID number (first generation) is masked', () => {
  assert.equal(maskPersonalNumbers('老身份证310104800101714'), '老身份证3101*******1714');
});

test('full-width digits are recognised', () => {
  assert.equal(maskPersonalNumbers('电话１３９１２３４５６７８'), '电话139****5678');
  assert.equal(maskPersonalNumbers('身份证３１０１０４１９８００１０１７１４Ｘ'), '身份证3101**********714X');
});

test('mobile numbers: plain, grouped, with +86 or 0086', () => {
  assert.equal(maskPersonalNumbers('请打13912345678联系我'), '请打139****5678联系我');
  assert.equal(maskPersonalNumbers('电话 139 1234 5678。'), '电话 139****5678。');
  assert.equal(maskPersonalNumbers('电话139-1234-5678'), '电话139****5678');
  assert.equal(maskPersonalNumbers('+86 139 1234 5678'), '+86 139****5678');
  assert.equal(maskPersonalNumbers('+8613912345678'), '+86 139****5678');
  assert.equal(maskPersonalNumbers('００８６１３９１２３４５６７８'), '0086 139****5678');
});

test('two numbers in one spaced run are both masked', () => {
  assert.equal(maskPersonalNumbers('13912345678 13812345678'), '139****5678 138****5678');
  assert.equal(maskPersonalNumbers('电话13912345678 身份证31010419800101714X'), '电话139****5678 身份证3101**********714X');
});

test('landlines with an area code are masked', () => {
  assert.equal(maskPersonalNumbers('家里电话021-62345678'), '家里电话021****5678');
  assert.equal(maskPersonalNumbers('0755 8888 6666'), '075*****6666');
});

test('a bank-card number passing the Luhn check is masked; a long run failing it is not', () => {
  assert.equal(maskPersonalNumbers('卡号6222 0212 3456 7894'), '卡号************7894');
  assert.equal(maskPersonalNumbers('订单号6222021234567890'), '订单号6222021234567890');
});

test('no false masks: postal codes, dates, amounts, short counts, order and matter codes', () => {
  for (const text of [
    '邮编200030',
    '2026年12月3日 09:30',
    '20261203',
    '缴费 1500.00 元，等了 20 分钟，3 次转接',
    '受理编号 202612030001234',
    '事项编码 11440100MB2C93184J3440113106004',
    '事项编码 1144010057996397273440113106001',
    'https://www.gdzwfw.gov.cn/gaio/apply.html#/11440000006939756B2440101007000',
    '统一社会信用代码 91310000MA1FL1234X',
    '12345',
    '',
  ]) {
    assert.equal(maskPersonalNumbers(text), text, text);
  }
  assert.equal(maskPersonalNumbers(null), null);
});

test('no matter code of the seeded catalogue is changed', () => {
  const lines = readFileSync(new URL('../../../apps/server/seed/matters-gd.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
  const codes = lines.map((l) => (JSON.parse(l) as { code: string }).code);
  assert.ok(codes.length > 2000);
  const changed = codes.filter((code) => maskPersonalNumbers(`事项 ${code} 的材料`) !== `事项 ${code} 的材料`);
  assert.deepEqual(changed, []);
});
