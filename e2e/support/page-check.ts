import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// What the all-routes test asks of every page at every width: no horizontal overflow, and no serious or
// critical axe-core violation. axe-core is a pinned devDependency, injected from node_modules.
const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol rather than added as a <script>: the app's CSP forbids inline scripts.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WIDTHS = [
  { label: '360', viewport: { width: 360, height: 740 } },
  { label: '1366', viewport: { width: 1366, height: 900 } },
] as const;

export interface Problem {
  page: string;
  width: string;
  kind: 'overflow' | 'axe' | 'error';
  rule: string;
  detail: string;
}

/** Waits until the page's content has rendered: no spinner or skeleton left in it, fonts loaded. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page
    .waitForFunction(
      () =>
        document.querySelector('#root, body')?.children.length &&
        !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-table-placeholder .ant-spin'),
      undefined,
      { timeout: 10_000, polling: 100 },
    )
    .catch(() => undefined);
  await page.evaluate(() => document.fonts?.ready);
  // Let entrance animations and fades finish: a half-faded button is not the colour a person reads.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, {
      timeout: 3_000,
      polling: 100,
    })
    .catch(() => undefined);
  await page.waitForTimeout(150);
}

// A string, not a function: tsx would wrap named inner functions in a `__name` helper the page lacks.
const OVERFLOW_SCRIPT = `(() => {
  const vw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw <= vw) return null;
  // The offending elements: those that stick out of the viewport and are not clipped by an ancestor that
  // scrolls or hides overflow. The deepest few, widest first.
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '';
    const text = (el.textContent || '').trim().slice(0, 30);
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' right=' + Math.round(el.getBoundingClientRect().right) + ' "' + text + '"';
  };
  const offenders = [...document.body.querySelectorAll('*')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > vw + 1 && !clipped(el);
  });
  const leaves = offenders.filter((el) => !offenders.some((o) => o !== el && el.contains(o)));
  leaves.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  return { by: sw - vw, elements: leaves.slice(0, 3).map(describe) };
})()`;

export async function checkPage(page: Page, name: string, width: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const overflow = (await page.evaluate(OVERFLOW_SCRIPT)) as { by: number; elements: string[] } | null;
  if (overflow) problems.push({ page: name, width, kind: 'overflow', rule: `+${overflow.by}px`, detail: overflow.elements.join(' | ') });
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const runAxe = () =>
    page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.html.slice(0, 100)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`),
        count: v.nodes.length,
      }));
  });
  let violations = await runAxe();
  // A colour read mid-fade (a button enabled a moment ago, a panel fading in) is not what a person reads:
  // look again once the page has had a second to finish, and report what is still there.
  if (violations.length) {
    await page.waitForTimeout(1_000);
    await settle(page);
    violations = await runAxe();
  }
  for (const v of violations) problems.push({ page: name, width, kind: 'axe', rule: v.id, detail: `x${v.count} ${v.help}: ${v.nodes.join(' ; ')}` });
  return problems;
}

/** Visits a page at each width (a resize between them, then a fresh load) and returns the problems found. */
export async function auditAtWidths(page: Page, url: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const w of WIDTHS) {
    await page.setViewportSize(w.viewport);
    try {
      await page.goto(url, { waitUntil: 'load' });
      await settle(page);
      if (prepare) await prepare(page);
      problems.push(...(await checkPage(page, name, w.label)));
    } catch (e) {
      problems.push({ page: name, width: w.label, kind: 'error', rule: 'visit failed', detail: String(e).split('\n')[0]!.slice(0, 300) });
    }
  }
  return problems;
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.width.padStart(4)} ${p.page}  ${p.kind} ${p.rule}  ${p.detail}`).join('\n');
}
