import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// The desk after a dropped connection: the agent's browser goes away longer than the grace period (10 s here,
// with 5-s heartbeats), the system sets them away and re-queues their chat; back at the desk they read why in
// plain words, 接入 while away says what to do, and 设为在线 brings the chat back.
const CLOCK_START = '2026-12-01T10:00:00+08:00'; // a working Tuesday morning
const MATTER_CODE = '11440100007483172Q344010602900703';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer({ TEST_CLOCK_START: CLOCK_START, AGENT_DISCONNECT_GRACE_SECONDS: '10', REALTIME_HEARTBEAT_SECONDS: '5' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/console/login`);
  await page.getByLabel('用户名').fill('agent');
  await page.getByLabel('密码').fill('Bangban@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: '您好' }).waitFor({ timeout: 20_000 });
}

describe('the desk after a dropped connection', () => {
  test('gone past the grace period → set away, chat re-queued → the desk says so → 接入 explains → 设为在线 brings the chat back', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    let desk = await context.newPage();
    await signIn(desk);
    await desk.goto(`${server.url}/console/desk`);
    await desk.getByRole('combobox', { name: '接待状态' }).click();
    await desk.getByTitle('在线', { exact: true }).click();
    await desk.getByText('实时连接正常').waitFor({ timeout: 15_000 });

    const token = ((await (await fetch(`${server.url}/api/citizen/session`, { method: 'POST' })).json()) as { token: string }).token;
    const citizen = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }).then((r) => r.json() as Promise<any>);
    const chat = await citizen('/conversations', { method: 'POST', body: JSON.stringify({ matterCode: MATTER_CODE, question: '境外驾照怎么换？' }) });
    assert.equal(chat.status, 'assigned', JSON.stringify(chat));

    // The browser goes away; the agent's status is read through the API until the system has acted.
    const cookies = await context.cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await desk.close();
    for (let status = 'online'; status !== 'away'; await new Promise((r) => setTimeout(r, 500))) {
      status = ((await (await fetch(`${server.url}/api/agent/status`, { headers: { cookie } })).json()) as { status: string }).status;
    }

    desk = await context.newPage();
    await desk.goto(`${server.url}/console/desk`);
    const notice = desk.getByRole('alert').filter({ hasText: '网络中断超过 10 秒' });
    await notice.getByText('网络中断超过 10 秒，系统已将您设为离开，未回复的会话已退回队列。点击“在线”继续接待。').waitFor({ timeout: 15_000 });

    await desk.getByRole('button', { name: /接入/ }).first().click();
    await desk.getByText('请先在页面上方把接待状态改为“在线”，再点“接入”。', { exact: false }).waitFor({ timeout: 10_000 });

    await notice.getByRole('button', { name: '设为在线' }).click();
    await notice.waitFor({ state: 'detached', timeout: 10_000 });
    await desk.getByText('境外驾照怎么换？').first().waitFor({ timeout: 15_000 });
    const back = ((await (await fetch(`${server.url}/api/agent/status`, { headers: { cookie } })).json()) as { status: string; assigned: string[] });
    assert.deepEqual([back.status, back.assigned], ['online', [chat.id]]);
    await context.close();
  });
});
