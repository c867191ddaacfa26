import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { freePort } from '../scripts/support/free-port.ts';

/*
 * Framing as a browser enforces it (finding 5 of the 2026-12-02 measurement): a portal page on a configured
 * PORTAL_ORIGINS origin can embed the citizen chat, no page anywhere can frame the console, and a page on an
 * origin that is not configured cannot frame the chat either. The "portal" is a small stand-in HTTP server on
 * loopback: http://localhost:P is the configured portal, http://127.0.0.1:P the same server under an origin
 * that is not configured.
 */

let server: RunningServer;
let browser: Browser;
let portal: Server;
let portalPort: number;

before(async () => {
  portalPort = await freePort();
  server = await startServer({ PORTAL_ORIGINS: `http://localhost:${portalPort}` });
  portal = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '/chat?embed=1';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><head><title>门户</title></head><body>
      <iframe id="f" title="嵌入页" src="${server.url}${target}" width="400" height="600"></iframe></body></html>`);
  });
  await new Promise<void>((r) => portal.listen(portalPort, '127.0.0.1', r));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => portal?.close(r));
  await server?.stop();
});

/** Opens the stand-in portal page at `origin` embedding `src`; returns the embedded frame once it has settled. */
async function embed(page: Page, origin: string, src: string): Promise<Frame> {
  await page.goto(`${origin}/?src=${encodeURIComponent(src)}`);
  const handle = await page.waitForSelector('#f');
  const frame = await handle.contentFrame();
  assert.ok(frame, 'the iframe has a frame');
  await frame.waitForLoadState('load').catch(() => undefined);
  return frame;
}

/** The frame's own text, or null when the browser blocked the document (its frame shows an error page). */
async function frameText(frame: Frame): Promise<string | null> {
  for (let i = 0; i < 40; i++) {
    const url = frame.url();
    if (url.startsWith('chrome-error://')) return null;
    const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    if (text.trim()) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  return frame.url().startsWith('chrome-error://') ? null : '';
}

describe('framing in Chromium', () => {
  test('the configured portal embeds the citizen chat, and it works there', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    const frame = await embed(page, `http://localhost:${portalPort}`, '/chat?embed=1');
    const text = await frameText(frame);
    assert.ok(text !== null, 'the chat was blocked on the configured portal');
    await frame.getByRole('textbox').first().waitFor({ timeout: 15_000 });
    assert.match(text ?? '', /小申/);
    await page.close();
  });

  test('no page frames the console, not even the configured portal', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    const frame = await embed(page, `http://localhost:${portalPort}`, '/console/login');
    assert.equal(await frameText(frame), null, 'the console rendered inside a frame');
    await page.close();
  });

  test('an origin that is not configured cannot frame the chat', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    const frame = await embed(page, `http://127.0.0.1:${portalPort}`, '/chat?embed=1');
    assert.equal(await frameText(frame), null, 'the chat rendered on an origin not in PORTAL_ORIGINS');
    await page.close();
  });
});
