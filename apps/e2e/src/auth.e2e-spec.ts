import type { Browser, BrowserContext, Page } from 'playwright-core';
import { admin, launchBrowser, MAIN_NAV, openPage, screenshot, signInAsAdmin, submitSignIn, texts } from './support/e2e';

const NAV = ['Integrations', 'Tenants', 'Computers', 'Software', 'Deployments', 'Sessions', 'Audit'];

describe('signing in and out', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => ({ context, page } = await openPage(browser)));
  afterEach(() => context?.close());

  it('should show an error and stay on sign-in when the password is wrong', async () => {
    await page.goto('/');
    await page.waitForURL('**/sign-in?returnUrl=%2Fintegrations');

    await submitSignIn(page, { email: admin().email, password: 'not-the-password' });
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();

    expect(await error.textContent()).toContain('Wrong email or password.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.locator(MAIN_NAV).count()).toBe(0);
    // The emptied password field is not flagged: the form-level error already says what happened.
    expect(await page.locator('.field-error').count()).toBe(0);
    await screenshot(page, 'sign-in-error');
  });

  it('should land in the shell with the navigation and the user when the admin signs in', async () => {
    await signInAsAdmin(page);
    await page.waitForURL('**/integrations');

    expect(await texts(page, `${MAIN_NAV} a`)).toEqual(NAV);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain(admin().email);
    expect(await page.locator('h1').textContent()).toBe('Integrations');
    expect(await page.title()).toBe('Integrations · Entitle');
    await screenshot(page, 'shell');
  });

  it('should return to sign-in and forget the session when the user signs out', async () => {
    await signInAsAdmin(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    // The cookie no longer opens the shell: the server ended the session, not just the page.
    await page.goto('/software');
    await page.waitForURL('**/sign-in?returnUrl=%2Fsoftware');

    expect(await page.locator(MAIN_NAV).count()).toBe(0);
    expect((await context.cookies()).filter((cookie) => cookie.httpOnly && cookie.value !== '')).toEqual([]);
  });

  it('should go back to the deep link after sign-in when it was opened signed out', async () => {
    await page.goto('/deployments?view=recent');
    await page.waitForURL('**/sign-in?returnUrl=%2Fdeployments%3Fview%3Drecent');

    await submitSignIn(page, admin());
    await page.waitForURL('**/deployments?view=recent');

    expect(await page.locator('h1').textContent()).toBe('Deployments');
    expect(await page.locator(`${MAIN_NAV} a.active`).textContent()).toContain('Deployments');
  });

  it('should send the user to sign-in and back when the session ends while a page is open', async () => {
    await signInAsAdmin(page);
    // As if the session expired or was revoked: the next API call answers 401.
    await context.clearCookies();

    await page.locator(MAIN_NAV).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL('**/sign-in?returnUrl=%2Faudit');
    await submitSignIn(page, admin());
    await page.waitForURL('**/audit');

    expect(await page.locator('h1').textContent()).toBe('Audit');
  });

  it('should show a not-found page inside the shell when the route is unknown', async () => {
    await signInAsAdmin(page);
    await page.goto('/no-such-page');
    await page.getByTestId('not-found').waitFor();

    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.locator(MAIN_NAV).count()).toBe(1);
    expect(await page.title()).toBe('Not found · Entitle');
  });
});
