import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInStaff } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// The two-page journey of live help: a citizen on a phone asks 小申, asks for a human, and the agent of the
// department that leads the matter answers on the desk — text and an image both ways — ends it resolved, and
// the citizen rates it. The server lives on a working Tuesday morning (TEST_CLOCK_START, tests only), so the
// agent group is open; its clock runs on in real time, so the first-response clock is real.
const CLOCK_START = '2026-12-01T10:00:00+08:00';
const TODAY = '2026-12-01';
// The demo matter page's matter: in the top 60, so the district centre leads it and the demo agent's group answers.
const MATTER_CODE = '11440100007483172Q344010602900703';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

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

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signInStaff(page, server.url, username);
  return page;
}

async function staffApi(username: string) {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Bangban@2026' }) });
  assert.equal(res.status, 200, await res.text());
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return async (path: string) => {
    const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
    assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
    return r.json() as Promise<any>;
  };
}

describe('live help, citizen and agent in two browsers', () => {
  test('小申 → 转人工 → the agent answers → text and an image both ways → resolved → 好差评; the figures follow DOMAIN.md', async () => {
    // The agent is at the desk and online before the citizen asks.
    const agent = await staffPage('agent');
    await agent.goto(`${server.url}/console/desk`);
    await agent.getByRole('combobox', { name: '接待状态' }).click();
    await agent.getByTitle('在线', { exact: true }).click();
    await agent.getByRole('heading', { name: /我的会话/ }).waitFor();

    const citizenContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const citizen = await citizenContext.newPage();
    await citizen.goto(`${server.url}/chat?matter=${MATTER_CODE}`);
    await citizen.getByText('您正在看的是').waitFor({ timeout: 20_000 });
    assert.doesNotMatch(await citizen.locator('body').innerText(), /24 ?小时|7 ?[×x] ?24/, 'no round-the-clock promise of human help');
    await citizen.getByLabel('输入您的问题').fill('境外驾照怎么换');
    await citizen.getByRole('button', { name: '发送' }).click();
    await citizen.getByText('解决了吗？').waitFor({ timeout: 15_000 });
    await citizen.getByRole('button', { name: '转人工' }).first().click();
    const dialog = citizen.getByRole('dialog', { name: '转人工帮办' });
    await dialog.getByText('现在有工作人员在线', { exact: false }).waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: '确认转人工' }).click();
    const status = citizen.getByRole('region', { name: /人工帮办状态/ });
    await status.getByText('工作人员 李帮办 正在为您服务').waitFor({ timeout: 20_000 });

    // The chat arrives on the desk with 小申's part of the conversation beside it.
    await agent.getByText('境外驾照怎么换').first().waitFor({ timeout: 20_000 });
    const reply = agent.getByLabel('回复内容');
    await reply.fill('您好，我是李帮办。境外驾照换领需要本人到区行政服务中心办理。');
    await reply.press('Enter');
    const citizenLog = citizen.getByRole('log', { name: '与工作人员的对话' });
    await citizenLog.getByText('境外驾照换领需要本人到区行政服务中心办理').waitFor({ timeout: 15_000 });

    // The citizen answers with text and a photo.
    const input = citizen.getByLabel('输入要发给工作人员的话');
    await input.fill('好的，这是我的驾照照片');
    await input.press('Enter');
    await citizen.locator('input[type=file][accept="image/*"]').setInputFiles({ name: '驾照.png', mimeType: 'image/png', buffer: PNG });
    const agentLog = agent.getByRole('log', { name: '聊天记录' });
    await agentLog.getByText('好的，这是我的驾照照片').waitFor({ timeout: 15_000 });
    await agentLog.getByRole('img', { name: /驾照\.png/ }).waitFor({ timeout: 15_000 });

    // The agent sends an image back; the citizen's page shows it (fetched with the citizen's token).
    await agent.locator('.bb-desk-composer-bar input[type=file]').setInputFiles({ name: '填表示例.png', mimeType: 'image/png', buffer: PNG });
    await agent.getByText(/已添加：填表示例\.png/).waitFor({ timeout: 15_000 });
    await reply.fill('请按示例填写申请表。');
    await reply.press('Enter');
    const theirImage = citizenLog.getByRole('img', { name: /填表示例\.png/ });
    await theirImage.waitFor({ timeout: 15_000 });
    assert.ok(await theirImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the image is loaded, not just referenced');

    // Resolved; the citizen is asked to rate.
    await agent.getByRole('button', { name: /结束$/ }).click();
    const close = agent.getByRole('dialog');
    await close.getByText('已解决', { exact: true }).click();
    await close.getByRole('button', { name: '结束会话' }).click();
    await citizen.getByRole('heading', { name: '本次人工帮办已结束' }).waitFor({ timeout: 15_000 });
    await citizen.getByRole('radio', { name: '非常满意', exact: true }).check();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByRole('heading', { name: '您的评价' }).waitFor({ timeout: 15_000 });

    // The figures of this journey, exactly as DOMAIN.md defines them, from what the server stored.
    const as = await staffApi('coordinator');
    const list = await as('/api/conversations?status=closed');
    assert.equal(list.items.length, 1);
    const conv = list.items[0];
    const messages = (await as(`/api/conversations/${conv.id}/messages`)).items as { sender: string; createdAt: string; attachment: unknown }[];
    const firstAgent = messages.find((m) => m.sender === 'agent')!;
    assert.equal(conv.firstResponseAt, firstAgent.createdAt, 'first response = the first message written by an agent');
    assert.equal(conv.slaStartAt, conv.requestedAt, 'in working hours the clock starts when the request enters the queue');
    const seconds = (Date.parse(conv.firstResponseAt) - Date.parse(conv.slaStartAt)) / 1000;
    assert.deepEqual(messages.filter((m) => m.attachment).map((m) => m.sender), ['citizen', 'agent']);
    const figures = await as(`/api/conversations/metrics?from=${TODAY}&to=${TODAY}`);
    const o = figures.overall;
    assert.deepEqual([o.requests, o.measured, o.closed, o.resolved, o.contested], [1, 1, 1, 1, 0]);
    assert.equal(o.withinTarget, seconds <= 60 ? 1 : 0);
    assert.equal(o.compliance, seconds <= 60 ? 100 : 0);
    assert.equal(o.resolutionRate, 100);
    assert.ok(Math.abs(o.avgFirstResponseSeconds - seconds) < 1, `${o.avgFirstResponseSeconds} vs ${seconds}`);
    const ratings = await as('/api/ratings');
    assert.deepEqual(ratings.items.map((r: { overall: number }) => r.overall), [5]);

    await citizenContext.close();
    await agent.context().close();
  });
});
