import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// After hours the citizen's 转人工 becomes a 留言 (ticket): the page says when it will be answered, and a
// citizen who left no phone number in the dialog can still leave one, so staff can call back.
const CLOCK_START = '2026-12-01T19:00:00+08:00'; // a Tuesday evening: the groups are closed
const MATTER_CODE = '11440100007483172Q344010602900703';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer({ TEST_CLOCK_START: CLOCK_START });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('live help after hours, on a phone', () => {
  test('转人工 in the evening → 留言 with the time of the answer → a phone number left afterwards', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const citizen = await context.newPage();
    await citizen.goto(`${server.url}/chat?matter=${MATTER_CODE}`);
    await citizen.getByText('您正在看的是').waitFor({ timeout: 20_000 });
    await citizen.getByRole('button', { name: '转人工' }).first().click();
    const dialog = citizen.getByRole('dialog', { name: '转人工帮办' });
    // Before confirming: what will happen, in plain words (the clock started Tuesday 19:00).
    await dialog.getByText('明天（周三）上午 9:00 有人接待，您的留言会在那时处理。', { exact: false }).waitFor({ timeout: 15_000 });
    await dialog.getByLabel('想问的问题（选填）').fill('晚上能换境外驾照吗？');
    await dialog.getByRole('button', { name: '确认转人工' }).click();

    const status = citizen.getByRole('region', { name: /人工帮办状态/ });
    await status.getByText('工作人员会在 12月2日').waitFor({ timeout: 20_000 });
    // The question typed in the dialog is the citizen's own first message.
    await citizen.getByRole('log', { name: '与工作人员的对话' }).getByText('晚上能换境外驾照吗？').waitFor({ timeout: 15_000 });
    const phone = status.getByLabel('想让工作人员上班后打电话给您？可以留下电话：');
    await phone.fill('12');
    await status.getByRole('button', { name: '保存电话' }).click();
    await status.getByText('电话号码好像不对，请检查一下。').waitFor();
    await phone.fill('13900139000');
    await status.getByRole('button', { name: '保存电话' }).click();
    await status.getByText('已记下您的联系电话，工作人员上班后可以打给您。').waitFor({ timeout: 15_000 });
    assert.equal(await phone.count(), 0, 'the form is gone once the number is kept');
    const sideways = await citizen.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(sideways <= 0, `no sideways scrolling at 360 px (${sideways} px)`);
    await context.close();
  });
});
