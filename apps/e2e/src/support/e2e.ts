import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Set by global-setup.mjs. */
function env(name: 'E2E_BASE_URL' | 'E2E_ADMIN_EMAIL' | 'E2E_ADMIN_PASSWORD' | 'CHROMIUM_PATH'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through apps/e2e/jest.config.js`);
  return value;
}

export const baseUrl = () => env('E2E_BASE_URL');
export const admin = () => ({ email: env('E2E_ADMIN_EMAIL'), password: env('E2E_ADMIN_PASSWORD') });

export const SCREENSHOT_DIR = join(__dirname, '../../../../tmp/e2e');

/** Where the tests look for the sidebar navigation; absent on the technician tab. */
export const MAIN_NAV = 'nav[aria-label="Main"]';

/**
 * Debian's Chromium, headless. The machine has no outside network: the flags stop Chromium phoning home
 * (updates, sync, QUIC probes), and `launch()` gives every run a fresh temporary profile.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: env('CHROMIUM_PATH'),
    headless: true,
    args: [
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

/** A new signed-out browser session (own cookies) with one page. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Fills the sign-in form on the current page (full page or the technician tab's compact one) and submits it. */
export async function submitSignIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the sign-in page and waits for the shell. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, admin());
  await page.locator(MAIN_NAV).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((all) => all.map((t) => t.trim()));
