import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// The demo matter page embeds the widget for a top-10 matter of the demo catalogue.
const MATTER_NAME = '机动车驾驶证持境外驾驶证申领';
// How a citizen says it: not the official name.
const EVERYDAY_QUESTION = '境外驾照怎么换';
// The server's clock is real: after 转人工 the citizen either queues (working hours) or leaves a message that
// says when work next starts (or that the next year's holidays are not entered yet). Stable parts of each wording.
const HUMAN_ACK = /您的求助已经记下/;
const WHEN = /现在是上班时间|下次上班时间|上班时间是/;

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  return context.newPage();
}

describe('小申 for citizens in Chromium', () => {
  test('on a matter page: widget → everyday question → matter card → 没解决 → 转人工 → told what happens next', async () => {
    const page = await phone();
    await page.goto(`${server.url}/demo/matter-page.html`);
    const launcher = page.getByRole('button', { name: '打开小申智能客服' });
    await launcher.waitFor({ timeout: 15_000 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the demo page fits a phone');

    // The host page keeps its own styles: the widget adds none to it, and the host's `button` rule does not reach it.
    assert.equal(await page.locator('head style, head link[rel=stylesheet]').count(), 1);
    assert.equal(await launcher.evaluate((b) => getComputedStyle(b).fontSize), '18px');
    const box = (await launcher.boundingBox())!;
    assert.ok(box.height >= 44 && box.width < 200, `launcher is ${box.width}×${box.height}`);

    await launcher.click();
    const chat = page.frameLocator('iframe[title="小申智能客服对话"]');
    await chat.getByText('您正在看的是').waitFor({ timeout: 15_000 });
    const panel = page.getByRole('dialog', { name: '小申智能客服' });
    const panelBox = (await panel.boundingBox())!;
    assert.equal(Math.round(panelBox.width), 360, 'the panel takes the whole phone screen');

    await chat.getByLabel('输入您的问题').fill(EVERYDAY_QUESTION);
    await chat.getByRole('button', { name: '发送' }).click();
    const card = chat.locator('.bb-chat-row-bot').filter({ hasText: '解决了吗？' }).last().getByRole('region', { name: new RegExp(MATTER_NAME) });
    await card.waitFor({ timeout: 15_000 });
    assert.match(await card.innerText(), /所需材料[\s\S]*非中文驾驶证的中文翻译文本/);
    assert.match(await card.innerText(), /办理地点/);
    assert.equal(await card.getByRole('link', { name: '020-12345' }).getAttribute('href'), 'tel:020-12345');
    const guide = card.getByRole('link', { name: /办事指南/ });
    assert.equal(await guide.getAttribute('target'), '_blank');
    assert.equal(await guide.getAttribute('rel'), 'noopener noreferrer');
    // The text box is emptied once the answer is in.
    assert.equal(await chat.getByLabel('输入您的问题').inputValue(), '');

    await chat.getByRole('button', { name: '没解决' }).click();
    await chat.getByText('抱歉没能帮到您').waitFor();
    await chat.locator('.bb-chat-ack').getByRole('button', { name: '转人工' }).click();
    const dialog = chat.getByRole('dialog', { name: '转人工帮办' });
    await dialog.getByLabel('联系电话（选填）').fill('13800138000');
    await dialog.getByRole('button', { name: '确认转人工' }).click();
    // In working hours with nobody online it waits in the queue; outside, it is a message (留言) with a time.
    const status = chat.getByRole('region', { name: /人工帮办状态/ });
    await status.waitFor({ timeout: 15_000 });
    const ack = await status.innerText();
    if (/留言/.test(ack)) {
      assert.match(ack, HUMAN_ACK);
      assert.match(ack, WHEN);
      assert.match(ack, /联系方式联系您/, 'the phone number left is acknowledged');
    } else {
      assert.match(ack, /排队中[\s\S]*您排在第 1 位/);
    }

    // Escape inside the chat closes the panel and gives the focus back to the button.
    await chat.getByLabel('输入要发给工作人员的话').press('Escape');
    await launcher.waitFor({ state: 'visible' });
    assert.equal(await panel.isVisible(), false);
    assert.equal(await page.evaluate(() => document.getElementById('bangban-xiaoshen-widget')?.shadowRoot?.activeElement?.className), 'launcher');

    // A reload resumes the same request for help.
    await page.reload();
    await page.getByRole('button', { name: '打开小申智能客服' }).click();
    await chat.getByRole('region', { name: /人工帮办状态/ }).waitFor({ timeout: 15_000 });
    assert.equal(await chat.getByRole('region', { name: /人工帮办状态/ }).innerText(), ack);
    await page.context().close();
  });

  test('the full page at 360 px: no sideways scrolling, and a failed send keeps the text with a 重试', async () => {
    const page = await phone();
    await page.goto(`${server.url}/chat`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360);
    assert.ok(await page.getByRole('button', { name: '转人工' }).isVisible(), '转人工 is in the header');

    let failOnce = true;
    await page.route('**/api/assistant/sessions/*/ask', async (route) => {
      if (!failOnce) return route.continue();
      failOnce = false;
      await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试。' } }) });
    });
    const input = page.getByLabel('输入您的问题');
    await input.fill('结婚登记要带什么');
    await input.press('Enter');
    await page.getByRole('alert').filter({ hasText: '服务器开小差了，请稍后再试。' }).waitFor();
    assert.equal(await input.inputValue(), '结婚登记要带什么');
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByText('解决了吗？').waitFor({ timeout: 15_000 });
    assert.equal(await input.inputValue(), '');
    assert.equal(await page.getByRole('alert').filter({ hasText: '服务器开小差了' }).count(), 0);
    // The demo district's own entry answers, said plainly to be sample wording.
    const reply = page.locator('.bb-chat-row-bot').filter({ hasText: '解决了吗？' }).last();
    assert.match(await reply.innerText(), /区婚姻登记中心/);
    assert.ok(await reply.getByText('示例答复口径，以官方办事指南为准').isVisible());
    await page.context().close();
  });

  test('emoji only gets 没看懂 with example questions, and tapping one asks it', async () => {
    const page = await phone();
    await page.goto(`${server.url}/chat`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    const input = page.getByLabel('输入您的问题');
    await input.fill('😂😂😂');
    await input.press('Enter');
    const examples = page.getByRole('group', { name: '您可以这样问' });
    await examples.waitFor({ timeout: 15_000 });
    assert.ok(await page.getByText(/没看懂/).first().isVisible());
    assert.equal(await page.getByText('解决了吗？').count(), 0, 'no 解决了吗 under a 没看懂');
    const chips = examples.getByRole('button');
    assert.equal(await chips.count(), 3);
    const first = (await chips.first().innerText()).trim();
    await chips.first().click();
    await page.locator('.bb-chat-row-me').filter({ hasText: first }).waitFor({ timeout: 15_000 });
    await page.context().close();
  });
});
