import type { Browser, BrowserContext, Page } from 'playwright-core';
import { admin, launchBrowser, MAIN_NAV, openPage, screenshot, submitSignIn } from './support/e2e';

const POD = '/technician-pod/psa/halo-1/ticket/1042';

describe('the technician tab', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => ({ context, page } = await openPage(browser)));
  afterEach(() => context?.close());

  it('should sign in in place, without the admin chrome, when opened signed out', async () => {
    await page.goto(POD);
    await page.getByLabel('Password').waitFor();

    expect(await page.getByTestId('pod-title').textContent()).toBe('Entitle · Ticket #1042');
    expect(new URL(page.url()).pathname).toBe(POD);

    await submitSignIn(page, admin());
    const panel = page.getByTestId('pod-panel');
    await panel.waitFor();

    expect(await panel.textContent()).toContain("The computers of this ticket's customer will show here");
    expect(new URL(page.url()).pathname).toBe(POD);
    expect(await page.locator(MAIN_NAV).count()).toBe(0);
    expect(await page.title()).toBe('Ticket #1042 · Entitle');
    await screenshot(page, 'technician-pod');
  });
});
