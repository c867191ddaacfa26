import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's Chromium, with the flags this sandbox needs (no network beyond loopback, running as root).
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs a demo account in through the console's login page and waits for the home page's greeting. */
export async function signInStaff(page: Page, baseUrl: string, username: string, password = 'Bangban@2026'): Promise<void> {
  await page.goto(`${baseUrl}/console/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: '您好' }).waitFor({ timeout: 20_000 });
}
