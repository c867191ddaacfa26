import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

// 长辈版 (elder mode) of the citizen pages: remembered on the device, large type, the biggest buttons for
// 转人工 and 解决了吗, answers read aloud through the browser's speech synthesis.

// A working Tuesday morning (TEST_CLOCK_START, tests only): the agent group is open, so 转人工 queues or is served.
const CLOCK_START = '2026-12-01T10:00:00+08:00';
// The demo matter page's matter: the demo agent's group answers it.
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

const SPEECH_RECORDER = `
(() => {
  const spoken = [];
  let cancels = 0;
  const synth = {
    speak(u) { spoken.push({ text: u.text, lang: u.lang }); },
    cancel() { cancels++; },
    pause() {},
    resume() {},
    getVoices() { return []; },
    speaking: false,
    pending: false,
    paused: false,
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, get: () => synth });
  if (typeof window.SpeechSynthesisUtterance !== 'function') {
    window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
  }
  window.__speech = { spoken, cancels: () => cancels };
})();
`;

/**
 * A phone whose speech synthesis is a recorder: headless Chromium may have no voices (or no audio), and the
 * test must see what would be read.
 */
async function phone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  // A string, not a function: tsx would add its name-keeping helpers, which the page does not have.
  await context.addInitScript(SPEECH_RECORDER);
  return context.newPage();
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __speech: { spoken: { text: string; lang: string }[] } }).__speech.spoken);

/** Every visible element that draws text of its own, with its computed font size (smallest first). */
async function smallTexts(page: Page, min: number) {
  // Switching modes animates antd's font sizes (transition: all): read them once the transitions have ended.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  return page.evaluate((limit) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Screen-reader-only labels (1 × 1 px, clipped) and hidden parts draw nothing.
      if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"] svg')) continue;
      const size = parseFloat(style.fontSize);
      if (size < limit) out.push(`${size}px «${text.slice(0, 30)}» <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
    // Placeholders are text too.
    for (const input of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
      const size = parseFloat(getComputedStyle(input, '::placeholder').fontSize);
      if (input.offsetParent && size < limit) out.push(`${size}px placeholder «${input.placeholder}»`);
    }
    return out;
  }, min);
}

/**
 * Contrast of every visible text against the backgrounds behind it (WCAG's formula, translucent layers
 * composed down to the first opaque one), the lowest first. Disabled controls are exempt (WCAG 1.4.3).
 * A string, not a function: tsx's name-keeping helpers (__name) do not exist in the page.
 */
const CONTRASTS = `(() => {
    const rgba = (c) => {
      const m = c.match(/rgba?\\(([^)]+)\\)/);
      if (!m) return [0, 0, 0, 0];
      const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
      return [Number(r), Number(g), Number(b), Number(a)];
    };
    const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] === 1) break;
      }
      return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
    };
    const lum = (c) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('[disabled], .ant-btn-disabled, [aria-disabled="true"]')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue;
      const bg = background(el);
      const style = getComputedStyle(el);
      const fg = over(rgba(style.color), bg);
      out.push({ ratio: Math.round(ratio(fg, bg) * 100) / 100, text: \`\${text.slice(0, 20)} <\${el.tagName.toLowerCase()} class="\${el.className}">\` });
    }
    return out.sort((a, b) => a.ratio - b.ratio);
})()`;

function contrasts(page: Page): Promise<{ ratio: number; text: string }[]> {
  return page.evaluate(CONTRASTS);
}

/** Visible buttons: accessible text and height. */
function buttons(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, a.ant-btn')]
      .filter((b) => (b as HTMLElement).offsetParent !== null)
      .map((b) => ({ text: (b.textContent ?? '').trim() || (b.getAttribute('aria-label') ?? b.className), height: b.getBoundingClientRect().height })),
  );
}

describe('长辈版 on the citizen pages in Chromium', () => {
  test('?elder=1 turns it on and is remembered; large type, the biggest buttons for 转人工 and 解决了吗; back to 标准版', async (t) => {
    const page = await phone();
    await page.goto(`${server.url}/chat`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), undefined, 'standard by default');
    assert.equal(await page.locator('.bb-elder-read').count(), 0);

    await page.goto(`${server.url}/chat?elder=1`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on');
    assert.equal(await page.evaluate(() => localStorage.getItem('bangban.elderMode')), '1');

    // Remembered: the address without the parameter opens it the same way.
    await page.goto(`${server.url}/chat`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'no sideways scrolling at 360 px');
    const toggle = page.locator('header').getByRole('button', { name: '标准版' });
    assert.ok(await toggle.isVisible(), 'the switch back sits in the header');

    await page.getByLabel('输入您的问题').fill('结婚登记要带什么');
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByText('解决了吗？').waitFor({ timeout: 15_000 });

    const small = await smallTexts(page, 18);
    assert.deepEqual(small, [], `text under 18 px:\n${small.join('\n')}`);
    // Contrast: 7:1 (WCAG AAA) for every text, more than the rules' 4.5:1.
    const measured = await contrasts(page);
    const low = measured.filter((c) => c.ratio < 7);
    assert.deepEqual(low, [], `text under 7:1:\n${low.map((c) => `${c.ratio} ${c.text}`).join('\n')}`);
    t.diagnostic(`lowest text contrast in 长辈版: ${measured[0]?.ratio}:1 (${measured[0]?.text})`);

    const all = await buttons(page);
    const main = all.filter((b) => ['转人工', '解决了', '没解决'].includes(b.text));
    assert.equal(main.length, 3, `转人工, 解决了 and 没解决 are shown: ${JSON.stringify(all)}`);
    const smallestMain = Math.min(...main.map((b) => b.height));
    assert.ok(smallestMain >= 60, `the main buttons are ${smallestMain} px high`);
    for (const b of all.filter((x) => !main.includes(x))) {
      assert.ok(b.height >= 48, `«${b.text}» is ${b.height} px high`);
      assert.ok(b.height < smallestMain, `«${b.text}» (${b.height} px) is smaller than the main buttons (${smallestMain} px)`);
    }

    // Read aloud: the answer as shown, in Chinese.
    const reply = page.locator('.bb-chat-row-bot').filter({ hasText: '解决了吗？' }).last();
    const answerText = (await reply.locator('.bb-chat-speakable').innerText()).replace(/\s+/g, '');
    await reply.getByRole('button', { name: '朗读' }).click();
    const said = await spoken(page);
    assert.ok(said.length > 0, 'speechSynthesis.speak was called');
    assert.ok(said.every((u) => u.lang === 'zh-CN'));
    assert.equal(said.map((u) => u.text).join('').replace(/\s+/g, ''), answerText.replace(/（在新窗口打开）/g, ''));
    assert.ok(await reply.getByRole('button', { name: '停止朗读' }).isVisible(), 'the button stops what it started');
    await reply.getByRole('button', { name: '停止朗读' }).click();
    await reply.getByRole('button', { name: '朗读' }).waitFor();

    // 自动朗读: the next answer is read without a press.
    await page.getByRole('button', { name: '自动朗读回答' }).click();
    assert.equal(await page.getByRole('button', { name: '自动朗读回答' }).getAttribute('aria-pressed'), 'true');
    const before = (await spoken(page)).length;
    await page.getByLabel('输入您的问题').fill('护照怎么办');
    await page.getByRole('button', { name: '发送' }).click();
    await page.waitForFunction((n) => (window as unknown as { __speech: { spoken: unknown[] } }).__speech.spoken.length > n, before, { timeout: 15_000 });
    const auto = (await spoken(page)).slice(before).map((u) => u.text).join('');
    const lastReply = await page.locator('.bb-chat-row-bot .bb-chat-speakable').last().innerText();
    assert.ok(auto.length > 0 && lastReply.replace(/\s+/g, '').startsWith(auto.replace(/\s+/g, '').slice(0, 10)), `read «${auto.slice(0, 40)}»`);

    // Back to 标准版: the header says 长辈版 again, the page is standard and stays so.
    await toggle.click();
    await page.locator('header').getByRole('button', { name: '长辈版' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), undefined);
    assert.equal(await page.evaluate(() => localStorage.getItem('bangban.elderMode')), '0');
    assert.equal(await page.locator('.bb-elder-read').count(), 0, 'no read-aloud buttons in 标准版');
    await page.reload();
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), undefined);

    // And the switch works from the keyboard.
    await page.locator('header').getByRole('button', { name: '长辈版' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('header').getByRole('button', { name: '标准版' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on');
    await page.goto(`${server.url}/chat?elder=0`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), undefined, '?elder=0 turns it off');
    assert.equal(await page.evaluate(() => localStorage.getItem('bangban.elderMode')), '0');

    // Arrived with ?elder=1 and switched back by hand: a reload keeps the citizen's choice, not the link's.
    await page.goto(`${server.url}/chat?elder=1`);
    await page.locator('header').getByRole('button', { name: '标准版' }).click();
    await page.locator('header').getByRole('button', { name: '长辈版' }).waitFor();
    assert.doesNotMatch(page.url(), /elder=/);
    await page.reload();
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), undefined);
    await page.context().close();
  });

  test('a browser without speech synthesis: no read-aloud buttons, the chat works as before', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await context.addInitScript('delete Window.prototype.speechSynthesis; delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;');
    const page = await context.newPage();
    await page.goto(`${server.url}/chat?elder=1`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => 'speechSynthesis' in window), false);
    await page.getByLabel('输入您的问题').fill('结婚登记要带什么');
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByText('解决了吗？').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on');
    assert.equal(await page.getByRole('button', { name: '朗读' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: '自动朗读回答' }).count(), 0);
    assert.ok(await page.getByRole('button', { name: '解决了' }).isVisible());
    await context.close();
  });

  test('live chat after 转人工 stays in 长辈版: large type, large targets', async () => {
    const page = await phone();
    await page.goto(`${server.url}/chat?elder=1`);
    await page.getByText('您好，我是小申').waitFor({ timeout: 15_000 });
    await page.locator('header').getByRole('button', { name: '转人工' }).click();
    const dialog = page.getByRole('dialog', { name: '转人工帮办' });
    await dialog.waitFor();
    const dialogSmall = await smallTexts(page, 18);
    assert.deepEqual(dialogSmall, [], `text under 18 px in the dialog:\n${dialogSmall.join('\n')}`);
    await dialog.getByRole('button', { name: '确认转人工' }).click();
    const status = page.getByRole('region', { name: /人工帮办状态/ });
    await status.waitFor({ timeout: 15_000 });
    // Measured once the dialog has finished closing (its animation shrinks and fades it).
    await page.locator('.bb-chat-modal .ant-modal').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on');
    const small = await smallTexts(page, 18);
    assert.deepEqual(small, [], `text under 18 px in live chat:\n${small.join('\n')}`);
    const low = (await contrasts(page)).filter((c) => c.ratio < 7);
    assert.deepEqual(low, [], `text under 7:1 in live chat:\n${low.map((c) => `${c.ratio} ${c.text}`).join('\n')}`);
    for (const b of await buttons(page)) assert.ok(b.height >= 48, `«${b.text}» is ${b.height} px high`);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'no sideways scrolling at 360 px');
    await page.context().close();
  });

  test('an agent’s reply is read aloud by itself (自动朗读); the end and the rating are in 长辈版 too', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const agent = await agentContext.newPage();
    await agent.goto(`${server.url}/console/login`);
    await agent.getByLabel('用户名').fill('agent');
    await agent.getByLabel('密码').fill('Bangban@2026');
    await agent.getByRole('button', { name: '登录' }).click();
    await agent.getByRole('heading', { level: 1 }).filter({ hasText: '您好' }).waitFor({ timeout: 20_000 });
    // Staff pages are never in 长辈版, even in a browser that chose it for the chat.
    await agent.evaluate(() => localStorage.setItem('bangban.elderMode', '1'));
    await agent.goto(`${server.url}/console/desk`);
    await agent.getByRole('combobox', { name: '接待状态' }).click();
    await agent.getByTitle('在线', { exact: true }).click();
    await agent.getByRole('heading', { name: /我的会话/ }).waitFor();
    assert.equal(await agent.evaluate(() => document.documentElement.dataset.elder), undefined);

    const citizen = await phone();
    await citizen.goto(`${server.url}/chat?matter=${MATTER_CODE}&elder=1`);
    await citizen.getByText('您正在看的是').waitFor({ timeout: 20_000 });
    await citizen.getByRole('button', { name: '自动朗读回答' }).click();
    await citizen.locator('header').getByRole('button', { name: '转人工' }).click();
    await citizen.getByRole('dialog', { name: '转人工帮办' }).getByRole('button', { name: '确认转人工' }).click();
    await citizen.getByRole('region', { name: /人工帮办状态/ }).getByText('正在为您服务').waitFor({ timeout: 20_000 });

    const reply = agent.getByLabel('回复内容');
    await reply.waitFor({ timeout: 20_000 });
    const before = (await spoken(citizen)).length;
    await reply.fill('您好，我是李帮办。境外驾照换领需要本人到区行政服务中心办理。');
    await reply.press('Enter');
    const log = citizen.getByRole('log', { name: '与工作人员的对话' });
    await log.getByText('境外驾照换领需要本人到区行政服务中心办理').waitFor({ timeout: 15_000 });
    await citizen.waitForFunction((n) => (window as unknown as { __speech: { spoken: unknown[] } }).__speech.spoken.length > n, before, { timeout: 15_000 });
    assert.equal((await spoken(citizen)).slice(before).map((u) => u.text).join(''), '您好，我是李帮办。境外驾照换领需要本人到区行政服务中心办理。');
    assert.ok(await log.getByRole('button', { name: /朗读/ }).first().isVisible(), 'each reply of the agent has its 朗读 button');

    await agent.getByRole('button', { name: /结束$/ }).click();
    const close = agent.getByRole('dialog');
    await close.getByText('已解决', { exact: true }).click();
    await close.getByRole('button', { name: '结束会话' }).click();
    await citizen.getByRole('heading', { name: '本次人工帮办已结束' }).waitFor({ timeout: 15_000 });
    if (process.env.ELDER_SHOTS) await citizen.screenshot({ path: `${process.env.ELDER_SHOTS}/elder-end.png`, fullPage: true });
    const small = await smallTexts(citizen, 18);
    assert.deepEqual(small, [], `text under 18 px at the end:\n${small.join('\n')}`);
    const low = (await contrasts(citizen)).filter((c) => c.ratio < 7);
    assert.deepEqual(low, [], `text under 7:1 at the end:\n${low.map((c) => `${c.ratio} ${c.text}`).join('\n')}`);
    for (const b of await buttons(citizen)) assert.ok(b.height >= 48, `«${b.text}» is ${b.height} px high`);
    const choice = (await citizen.locator('.bb-live-choice').first().boundingBox())!;
    assert.ok(choice.height >= 48, `a rating choice is ${choice.height} px high`);
    await citizen.getByRole('radio', { name: '非常满意', exact: true }).check();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByRole('heading', { name: '您的评价' }).waitFor({ timeout: 15_000 });
    await citizen.context().close();
    await agentContext.close();
  });

  test('in English: the switch says so, and 长辈版 still fits a phone with large type', async () => {
    const page = await phone();
    await page.addInitScript(() => localStorage.setItem('bangban.lang', 'en'));
    await page.goto(`${server.url}/chat`);
    const toElder = page.locator('header').getByRole('button', { name: 'Large text' });
    await toElder.waitFor({ timeout: 15_000 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the standard header fits 360 px with the switch');
    await toElder.click();
    await page.locator('header').getByRole('button', { name: 'Standard' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the 长辈版 header fits 360 px');
    assert.ok(await page.getByRole('button', { name: 'Read answers aloud' }).isVisible());
    const small = await smallTexts(page, 18);
    assert.deepEqual(small, [], `text under 18 px:\n${small.join('\n')}`);
    await page.context().close();
  });

  test('the widget passes the host page’s setting into its chat, and remembers a switch made inside', async () => {
    const page = await phone();
    await page.goto(`${server.url}/demo/matter-page.html?elder=1`);
    await page.getByRole('button', { name: '打开小申智能客服' }).click();
    const frame = page.frameLocator('iframe[title="小申智能客服对话"]');
    await frame.getByText('您正在看的是').waitFor({ timeout: 15_000 });
    assert.match((await page.locator('iframe[title="小申智能客服对话"]').getAttribute('src')) ?? '', /[?&]elder=1(&|$)/);
    assert.equal(await frame.locator('html').getAttribute('data-elder'), 'on');

    // Switched inside the chat: the host page remembers it for its next page.
    await frame.getByRole('button', { name: '标准版' }).click();
    await frame.getByRole('button', { name: '长辈版' }).waitFor();
    await page.waitForFunction(() => localStorage.getItem('bangban.elderMode') === '0');
    await page.goto(`${server.url}/demo/matter-page.html`);
    await page.getByRole('button', { name: '打开小申智能客服' }).click();
    assert.match((await page.locator('iframe[title="小申智能客服对话"]').getAttribute('src')) ?? '', /[?&]elder=0(&|$)/);
    await frame.getByText('您正在看的是').waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('html').getAttribute('data-elder'), null);
    await page.context().close();
  });
});
