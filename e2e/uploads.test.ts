import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, Page, Route } from 'playwright-core';
import { launchBrowser, signInStaff } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// Issue 11 item 6: the browser checks a file against the server's limits before sending it, shows the
// upload's progress with 取消, and neither a refused nor a cancelled upload holds up the next one.
const CLOCK_START = '2026-12-01T10:00:00+08:00';
const MATTER_CODE = '11440100007483172Q344010602900703';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The image limit on this server: 50 KB. */
const IMAGE_MB = String(50 / 1024);
const BIG_PNG = Buffer.concat([PNG, randomBytes(200 * 1024)]);
const MID_PNG = Buffer.concat([PNG, randomBytes(30 * 1024)]);

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer({ TEST_CLOCK_START: CLOCK_START, ATTACHMENT_MAX_IMAGE_MB: IMAGE_MB });
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

/** Counts the uploads a page actually sends. */
function watchUploads(page: Page) {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/attachments') sent.push(r.url());
  });
  return sent;
}

describe('uploads in the browser', () => {
  test('too large is refused before sending, progress and 取消 work, the next upload goes through — citizen and desk', async () => {
    const agent = await staffPage('agent');
    await agent.goto(`${server.url}/console/desk`);
    await agent.getByRole('combobox', { name: '接待状态' }).click();
    await agent.getByTitle('在线', { exact: true }).click();
    await agent.getByRole('heading', { name: /我的会话/ }).waitFor();

    const citizenContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const citizen = await citizenContext.newPage();
    await citizen.goto(`${server.url}/chat?matter=${MATTER_CODE}`);
    await citizen.getByText('您正在看的是').waitFor({ timeout: 20_000 });
    await citizen.getByLabel('输入您的问题').fill('境外驾照怎么换');
    await citizen.getByRole('button', { name: '发送' }).click();
    await citizen.getByText('解决了吗？').waitFor({ timeout: 15_000 });
    await citizen.getByRole('button', { name: '转人工' }).first().click();
    await citizen.getByRole('dialog', { name: '转人工帮办' }).getByRole('button', { name: '确认转人工' }).click();
    await citizen.getByRole('region', { name: /人工帮办状态/ }).getByText('工作人员 李帮办 正在为您服务').waitFor({ timeout: 20_000 });
    await agent.getByText('境外驾照怎么换').first().waitFor({ timeout: 20_000 });

    const citizenUploads = watchUploads(citizen);
    const picker = citizen.locator('input[type=file][accept="image/*"]');
    const citizenLog = citizen.getByRole('log', { name: '与工作人员的对话' });

    // 1. Over the limit: the message at once, and nothing sent.
    await picker.setInputFiles({ name: '大照片.png', mimeType: 'image/png', buffer: BIG_PNG });
    await citizenLog.getByText('图片超过 50 KB，请压缩后再发送').waitFor({ timeout: 5_000 });
    // A kind the server does not take: refused the same way.
    await citizen.locator('input[type=file]:not([accept])').setInputFiles({ name: '程序.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await citizenLog.getByText('只能发送图片、PDF、Word、Excel、纯文本文件或语音').waitFor({ timeout: 5_000 });
    assert.deepEqual(citizenUploads, [], 'a refused file is never sent');

    // 2. An upload that does not finish (held here): its progress is shown, 取消 stops it and takes it away.
    let held: Route | undefined;
    await citizen.route('**/api/attachments', (route) => {
      held = route;
    });
    await picker.setInputFiles({ name: '慢照片.png', mimeType: 'image/png', buffer: MID_PNG });
    const progress = citizenLog.getByTestId('upload-progress');
    await progress.getByRole('progressbar').waitFor({ timeout: 5_000 });
    await progress.getByRole('button', { name: '取消上传 慢照片.png' }).click();
    await progress.waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(citizenUploads.length, 1);
    assert.ok(held, 'the upload had started');
    await citizen.unroute('**/api/attachments');

    // 3. The next upload goes through and reaches the agent.
    await picker.setInputFiles({ name: '驾照.png', mimeType: 'image/png', buffer: PNG });
    const agentLog = agent.getByRole('log', { name: '聊天记录' });
    await agentLog.getByRole('img', { name: /驾照\.png/ }).waitFor({ timeout: 15_000 });
    assert.equal(await agentLog.getByRole('img', { name: /慢照片\.png/ }).count(), 0, 'the cancelled file was not sent');

    // The desk: the same check before sending, then a file that fits is attached and sent.
    const agentUploads = watchUploads(agent);
    const deskPicker = agent.locator('.bb-desk-composer-bar input[type=file]');
    await deskPicker.setInputFiles({ name: '大示例.png', mimeType: 'image/png', buffer: BIG_PNG });
    await agent.getByRole('alert').filter({ hasText: '图片超过 50 KB，请压缩后再发送' }).waitFor({ timeout: 5_000 });
    assert.deepEqual(agentUploads, []);
    await deskPicker.setInputFiles({ name: '填表示例.png', mimeType: 'image/png', buffer: PNG });
    await agent.getByText(/已添加：填表示例\.png/).waitFor({ timeout: 15_000 });
    const reply = agent.getByLabel('回复内容');
    await reply.fill('请按示例填写申请表。');
    await reply.press('Enter');
    await citizenLog.getByRole('img', { name: /填表示例\.png/ }).waitFor({ timeout: 15_000 });

    await citizenContext.close();
    await agent.context().close();
  });

  test('an import file of another kind or too large is refused when picked, with a Chinese message', async () => {
    const admin = await staffPage('admin');
    await admin.goto(`${server.url}/console/matters`);
    await admin.getByRole('button', { name: /导入/ }).first().click();
    const dialog = admin.getByRole('dialog', { name: '导入事项' });
    const picker = dialog.locator('input[type=file]');
    await picker.setInputFiles({ name: '事项.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await dialog.getByRole('alert').filter({ hasText: '只能导入 JSONL、JSON、NDJSON、CSV 文件' }).waitFor({ timeout: 5_000 });
    assert.equal(await dialog.getByText('事项.exe').count(), 0, 'a refused file is not kept');
    await picker.setInputFiles({ name: '事项.csv', mimeType: 'text/csv', buffer: Buffer.from('code,name\n') });
    await dialog.getByText('事项.csv').waitFor({ timeout: 5_000 });
    assert.equal(await dialog.getByRole('alert').filter({ hasText: '只能导入' }).count(), 0);
    await admin.context().close();
  });
});
