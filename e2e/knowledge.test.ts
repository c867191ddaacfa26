import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

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

const QUESTION = '申领月球车驾驶体验证需要准备哪些材料';
const V1 = '第一版口径：携带身份证原件到区民政局一楼窗口申领。';
const V2 = '第二版口径：改为网上申领，无需到现场。';
const T = { timeout: 15_000 };

async function login(page: Page, username: string) {
  await page.goto(`${server.url}/console/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Bangban@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor(T);
}

/** Submit, then approve in the review dialog; returns the dialog text seen by the reviewer. */
async function submitAndApprove(page: Page): Promise<string> {
  await page.getByRole('button', { name: /提交审核/ }).click();
  await page.getByText('待审核', { exact: true }).first().waitFor(T);
  await page.getByRole('button', { name: /审核通过并发布/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/审核意见/).waitFor(T);
  const text = await dialog.innerText();
  await dialog.getByRole('button', { name: /审核通过并发布/ }).click();
  await dialog.waitFor({ state: 'detached', ...T });
  await page.getByText('已发布', { exact: true }).first().waitFor(T);
  return text;
}

async function hitTest(page: Page) {
  await page.getByRole('link', { name: '命中测试' }).first().click();
  await page.getByLabel('测试问题').fill(QUESTION);
  await page.getByRole('button', { name: /^测\s*试$/ }).click();
  await page.getByTestId('hit-decision').waitFor(T);
}

describe('knowledge base in Chromium', () => {
  test('the KB operator writes, publishes, hit-tests, revises and rolls back an entry', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    try {
      await login(page, 'kb');
      await page.getByRole('link', { name: '知识库' }).first().click();
      await page.getByRole('button', { name: /新建条目/ }).click();

      await page.getByLabel('标准问').fill(QUESTION);
      await page.getByLabel('答复内容（Markdown）').fill(`${V1}\n\n- **原件**一份`);
      // The preview renders Markdown live (bold becomes <strong>).
      await page.locator('.bb-md-preview strong', { hasText: '原件' }).waitFor(T);
      await page.getByRole('button', { name: /保存草稿/ }).click();
      await page.waitForURL(/\/console\/kb\/[0-9a-f-]{36}$/, T);
      const entryUrl = page.url();
      await page.getByText('草稿', { exact: true }).first().waitFor(T);

      const firstReview = await submitAndApprove(page);
      assert.match(firstReview, /首次发布/);

      // The hit test answers the question with this entry.
      await hitTest(page);
      assert.equal(await page.getByTestId('hit-decision').innerText(), '直接回答');
      const top = page.getByTestId('hit-candidate-link').first();
      assert.equal(await top.innerText(), QUESTION);
      await top.click();
      await page.waitForURL(entryUrl, T);
      await page.getByText(V1).waitFor(T);

      // Version 2: edit → draft with unpublished changes → the reviewer sees the diff → publish.
      await page.getByRole('button', { name: /编\s*辑/ }).click();
      await page.getByLabel('答复内容（Markdown）').fill(V2);
      await page.getByRole('button', { name: /保存草稿/ }).click();
      await page.waitForURL(entryUrl, T);
      await page.getByText('有未发布修改').first().waitFor(T);
      const secondReview = await submitAndApprove(page);
      assert.match(secondReview, /与线上第 1 版相比的修改/);
      assert.match(secondReview, /新增：/);
      assert.match(secondReview, /删除：/);
      await page.getByText(V2).waitFor(T);

      // Versions: roll back to version 1, published as version 3.
      await page.getByRole('tab', { name: '版本记录' }).click();
      await page.getByText('第 2 版', { exact: true }).first().waitFor(T);
      await page.getByRole('button', { name: '回滚到第 1 版' }).click();
      const confirm = page.getByRole('dialog', { name: '确定回滚到第 1 版吗？' });
      await confirm.getByRole('button', { name: /回滚到此版本/ }).click();
      await page.getByText('第 3 版', { exact: true }).first().waitFor(T);
      await page.getByRole('tab', { name: '内容' }).click();
      await page.getByText(V1).waitFor(T);
      assert.equal(await page.getByText(V2).count(), 0);

      // The hit test still answers with the entry, and the entry now reads as version 1.
      await hitTest(page);
      assert.equal(await page.getByTestId('hit-decision').innerText(), '直接回答');
      await page.getByTestId('hit-candidate-link').first().click();
      await page.waitForURL(entryUrl, T);
      await page.getByText(V1).waitFor(T);
      await page.getByText('线上为第 3 版').waitFor(T);
    } finally {
      await page.close();
    }
  });
});
