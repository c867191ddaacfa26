import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// The security headers in a real browser (finding 7 of the 2026-12-02 measurement): the built web app runs
// under its CSP without a single violation (console, desk socket, widget iframe, Swagger UI), and a portal
// named in PORTAL_ORIGINS may frame the citizen chat but not the console.
let server: RunningServer;
let browser: Browser;
let portal: Server;
let portalUrl: string;

before(async () => {
  portal = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><iframe id="chat" src="${server.url}/chat?embed=1"></iframe><iframe id="console" src="${server.url}/console/login"></iframe>`);
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  server = await startServer({ PORTAL_ORIGINS: portalUrl });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => portal?.close(resolve));
});

/** A page whose CSP violations (in any frame) and console errors are kept. */
async function watched(): Promise<{ context: BrowserContext; page: Page; violations: () => Promise<string[]>; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window.top as unknown as { __csp?: string[] };
      try {
        (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} @ ${location.pathname}`);
      } catch {
        ((window as unknown as { __csp?: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} @ ${location.pathname}`);
      }
    });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  const violations = async () => {
    const all: string[] = [];
    for (const f of page.frames()) all.push(...((await f.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => [])) as string[]));
    return all;
  };
  return { context, page, violations, errors };
}

describe('the web app under its Content-Security-Policy in Chromium', () => {
  test('console: login, matter list, KB list and the agent desk (its WebSocket) run without a CSP violation', async () => {
    const { context, page, violations, errors } = await watched();
    const login = async (username: string) => {
      await page.goto(`${server.url}/console/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill('Bangban@2026');
      await page.getByRole('button', { name: /登\s*录/ }).click();
    };
    await login('admin');
    await page.getByRole('link', { name: '事项目录' }).first().click();
    await page.getByRole('row').nth(2).waitFor({ timeout: 15_000 });
    await page.goto(`${server.url}/console/kb`);
    await page.getByRole('row').nth(1).waitFor({ timeout: 15_000 });
    await context.clearCookies();

    await login('agent');
    await page.waitForURL(/\/console/);
    const socket = page.waitForEvent('websocket', { timeout: 15_000 });
    await page.goto(`${server.url}/console/desk`);
    const ws = await socket;
    await ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"ready"'), timeout: 15_000 });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the widget on the demo matter page loads the chat in its iframe; Swagger UI renders', async () => {
    const { context, page, violations, errors } = await watched();
    await page.goto(`${server.url}/demo/matter-page.html`);
    await page.getByRole('button', { name: '打开小申智能客服' }).click();
    await page.frameLocator('iframe[title="小申智能客服对话"]').getByText('您正在看的是').waitFor({ timeout: 15_000 });
    await page.goto(`${server.url}/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 15_000 });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a portal in PORTAL_ORIGINS frames the citizen chat; the console refuses to be framed', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(portalUrl);
    const chat = page.frameLocator('#chat');
    await chat.locator('#root *').first().waitFor({ timeout: 15_000 });
    // Chromium replaces a refused frame with its own error page: no web app, no login form.
    await page.waitForTimeout(1500);
    const consoleFrame = page.frames().find((f) => f.parentFrame() && f !== page.frames().find((g) => g.url().includes('/chat')));
    assert.ok(consoleFrame, 'the console frame exists');
    assert.equal(await consoleFrame.locator('#root').count(), 0, `the console rendered inside ${portalUrl} (${consoleFrame.url()})`);
    await context.close();
  });
});
