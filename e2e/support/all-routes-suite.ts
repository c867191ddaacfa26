import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { appRoutes, navPaths, type AppRoute } from './routes.ts';
import { auditAtWidths, formatProblems, settle, type Problem } from './page-check.ts';

// The all-routes check (e2e/all-routes*.test.ts): every page right on a phone and accessible: every route of the app's own route table (router.tsx), for
// each of the seven demo roles that may see it, at 360 px and 1366 px, fails on horizontal overflow and on
// serious or critical axe-core violations. Citizen pages are visited again in elder mode (?elder=1).
// The server lives on a working Tuesday morning so the agent group is open and live help reaches a person.
const CLOCK_START = '2026-12-01T10:00:00+08:00';
const PASSWORD = 'Bangban@2026';
export const ROLES = ['admin', 'coordinator', 'agent', 'kb', 'leader', 'center', 'hotline'] as const;
export type Role = (typeof ROLES)[number];
// The demo matter page's matter (see e2e/live-help.test.ts): led by the district centre, answered by the demo agent.
const MATTER_CODE = '11440100007483172Q344010602900703';

let server: RunningServer;
let browser: Browser;
const ROUTES = appRoutes();
const allProblems: Problem[] = [];

async function signIn(username: string): Promise<{ context: BrowserContext; page: Page; permissions: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: '您好' }).waitFor({ timeout: 20_000 });
  const me = (await (await context.request.get(`${server.url}/api/me`)).json()) as { permissions: string[] };
  return { context, page, permissions: me.permissions };
}

async function getJson(context: BrowserContext, path: string): Promise<any> {
  const res = await context.request.get(`${server.url}${path}`);
  assert.equal(res.status(), 200, `${path}: ${await res.text()}`);
  return res.json();
}

/** Real ids for the routes with parameters, looked up through the API as the role. Unknown parameter → not covered. */
async function concretePaths(context: BrowserContext, route: AppRoute): Promise<string[]> {
  if (!route.path.includes(':')) return [route.path];
  if (route.path.startsWith('/console/matters/:id')) {
    const list = await getJson(context, '/api/matters?pageSize=50');
    const items = list.items as { id: string; name: string }[];
    assert.ok(items.length > 0, `${route.path}: no matter to open`);
    // The matter with the longest name: the hardest to fit on a phone.
    const longest = [...items].sort((a, b) => b.name.length - a.name.length)[0]!;
    const demo = await getJson(context, `/api/matters?q=${MATTER_CODE}`);
    const ids = new Set([longest.id, ...(demo.items as { id: string }[]).slice(0, 1).map((m) => m.id)]);
    return [...ids].map((id) => route.path.replace(':id', id));
  }
  if (route.path.startsWith('/console/kb/:id')) {
    const list = await getJson(context, '/api/kb/entries?pageSize=20');
    const items = list.items as { id: string }[];
    assert.ok(items.length > 0, `${route.path}: no knowledge entry to open`);
    return [route.path.replace(':id', items[0]!.id)];
  }
  return [];
}

function report(label: string, problems: Problem[]) {
  allProblems.push(...problems);
  assert.equal(problems.length, 0, `${label}: ${problems.length} problem(s)\n${formatProblems(problems)}`);
}


/** The public routes the citizen test visits. */
const CITIZEN_PATHS = ['/chat', '/console/login'];

async function permissionsOf(username: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const me = (await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json()) as { permissions: string[] };
  return me.permissions;
}

/**
 * Defines the suite for some of the roles (files split by role group so they can run in parallel); with
 * `citizen`, also the citizen pages, the live chat, the keyboard checks and the route table's coverage.
 */
export function defineAllRoutes({ roles, citizen }: { roles: readonly Role[]; citizen: boolean }): void {
  before(async () => {
    server = await startServer({ TEST_CLOCK_START: CLOCK_START });
    browser = await launchBrowser();
  });
  after(async () => {
    if (allProblems.length) console.log(`\nall-routes problems (${allProblems.length}):\n${formatProblems(allProblems)}`);
    await browser?.close();
    await server?.stop();
  });

describe('every page at 360 px and 1366 px: no horizontal overflow, no serious axe violation', () => {
  test('the route table is read from router.tsx and holds every nav entry', () => {
    const paths = ROUTES.map((r) => r.path);
    for (const p of navPaths()) assert.ok(paths.includes(p), `nav entry ${p} is not a route`);
    assert.ok(paths.includes('/console/matters/:id') && paths.includes('/chat'), paths.join(', '));
  });

  let agent: Awaited<ReturnType<typeof signIn>> | undefined;

  if (citizen) test('citizen pages, in normal and elder mode, and the live chat', async () => {
    // The agent is at the desk and online, so the citizen's live chat reaches a person.
    agent = await signIn('agent');
    await agent.page.goto(`${server.url}/console/desk`);
    await agent.page.getByRole('combobox', { name: '接待状态' }).click();
    await agent.page.getByTitle('在线', { exact: true }).click();
    await agent.page.getByRole('heading', { name: /我的会话/ }).waitFor();

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: Problem[] = [];
    for (const elder of [false, true]) {
      const q = (url: string) => (elder ? `${url}${url.includes('?') ? '&' : '?'}elder=1` : url);
      const tag = elder ? ' (elder)' : '';
      problems.push(...(await auditAtWidths(page, q(`${server.url}/chat`), `/chat${tag}`, chatReady)));
      problems.push(...(await auditAtWidths(page, q(`${server.url}/chat?matter=${MATTER_CODE}`), `/chat?matter${tag}`, chatReady)));
      problems.push(...(await auditAtWidths(page, q(`${server.url}/demo/matter-page.html`), `/demo/matter-page.html${tag}`)));
      problems.push(...(await auditAtWidths(page, q(`${server.url}/console/login`), `/console/login${tag}`)));
    }
    // Live help: ask 小申, ask for a person; the live chat is then what /chat shows (kept across reloads).
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/chat?matter=${MATTER_CODE}`);
    await page.getByText('您正在看的是').waitFor({ timeout: 20_000 });
    await page.getByLabel('输入您的问题').fill('境外驾照怎么换');
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByText('解决了吗？').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '转人工' }).first().click();
    await page.getByRole('dialog', { name: '转人工帮办' }).getByRole('button', { name: '确认转人工' }).click();
    await page.getByText('工作人员 李帮办 正在为您服务').waitFor({ timeout: 20_000 });
    const served = async (p: Page) => {
      await p.getByText('正在为您服务').waitFor({ timeout: 15_000 });
    };
    problems.push(...(await auditAtWidths(page, `${server.url}/chat`, '/chat (live)', served)));
    problems.push(...(await auditAtWidths(page, `${server.url}/chat?elder=1`, '/chat (live, elder)', served)));
    await context.close();
    report('citizen pages', problems);
  });

  for (const role of roles) {
    test(`${role}: every route the role may see`, async () => {
      const who = role === 'agent' && agent ? agent : await signIn(role);
      const problems: Problem[] = [];
      const visible = ROUTES.filter((r) => r.staff && (r.permission === null || who.permissions.includes(r.permission)));
      assert.ok(visible.length >= 1, `${role} sees ${visible.length} route(s)`);
      for (const route of visible) {
        const paths = await concretePaths(who.context, route);
        assert.ok(paths.length > 0, `route ${route.path} has parameters the test does not know how to fill: add them to concretePaths`);
        for (const path of paths) {
          const prepare = route.path === '/console/desk' && role === 'agent' ? openDeskConversation : undefined;
          problems.push(...(await auditAtWidths(who.page, `${server.url}${path}`, `${role} ${path}`, prepare)));
        }
      }
      await who.context.close();
      report(role, problems);
    });
  }

  // Each role visits every route its permissions open (above); here every route is open to some role, and
  // the public routes are the ones the citizen test visits. A new route nobody can reach fails here.
  if (citizen)
    test('every route of the table is visited: each staff route by a role that may see it', async () => {
      const permissions = new Set<string>();
      for (const role of ROLES) for (const p of await permissionsOf(role)) permissions.add(p);
      const missed = ROUTES.filter((r) => (r.staff ? r.permission !== null && !permissions.has(r.permission) : !CITIZEN_PATHS.includes(r.path)));
      assert.deepEqual(missed.map((r) => r.path), [], 'routes no demo role or citizen check visits');
    });
});


/** 小申's session has started: the buttons greyed out while it starts are enabled (and done fading in). */
async function chatReady(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.bb-chat-header-human:disabled'), undefined, { timeout: 15_000, polling: 100 });
  await settle(page);
}

/** On the agent's desk, open the citizen's conversation so the chat panel is part of the check. */
async function openDeskConversation(page: Page): Promise<void> {
  const item = page.getByText('境外驾照怎么换').first();
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  await page.getByLabel('回复内容').waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('.bb-desk-bar .ant-select-disabled, .bb-desk-bar .ant-input-number-disabled'), undefined, { timeout: 15_000, polling: 100 });
  await settle(page);
}

if (citizen) describe('keyboard', () => {
  test('Tab reaches the main nav and the page’s primary action; a dialog opens with Enter and closes with Escape', async () => {
    const { context, page } = await signIn('admin');
    await page.goto(`${server.url}/console/users`);
    await settle(page);
    const reached = { nav: false, primary: '' };
    for (let i = 0; i < 60 && !(reached.nav && reached.primary); i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const a = document.activeElement;
        return { nav: !!a?.closest('nav'), primary: a?.matches('.ant-btn-primary') ? (a.textContent ?? '').trim() : '' };
      });
      reached.nav ||= where.nav;
      if (where.primary && !reached.primary) reached.primary = where.primary;
      if (where.primary && reached.nav) break;
    }
    assert.ok(reached.nav, 'Tab never reached the main navigation');
    assert.match(reached.primary, /新建|新增|添加/, `Tab reached the primary button "${reached.primary}"`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await dialog.first().waitFor({ state: 'hidden', timeout: 10_000 });
    // At phone width the menu opens from a button reached by keyboard.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/console`);
    await settle(page);
    const menuButton = page.getByRole('button', { name: /菜单/ });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('navigation').getByRole('menuitem').first().waitFor({ timeout: 10_000 });
    await context.close();
  });
});
}
