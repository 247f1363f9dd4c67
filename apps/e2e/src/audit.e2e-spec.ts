import type { Browser, BrowserContext, Page } from 'playwright-core';
import { admin, launchBrowser, MAIN_NAV, openPage, screenshot, signInAsAdmin, submitSignIn, texts } from './support/e2e';

/** Each row of the audit table as its cell texts. */
async function auditRows(page: Page): Promise<string[][]> {
  return page.locator('table[aria-label="Audit log"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

describe('the audit page', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => ({ context, page } = await openPage(browser)));
  afterEach(() => context?.close());

  it('should list the sign-ins, failed and successful, when an admin opens it', async () => {
    await page.goto('/sign-in');
    await submitSignIn(page, { email: admin().email, password: 'wrong-password-for-audit' });
    await page.getByTestId('sign-in-error').waitFor();
    await signInAsAdmin(page);

    await page.locator(MAIN_NAV).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL('**/audit');
    await page.locator('table[aria-label="Audit log"] tbody tr').first().waitFor();
    const rows = await auditRows(page);

    // Columns: when, who, action, request, status, from.
    const signIns = rows.filter((row) => row[2] === 'auth.login');
    expect(signIns).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), admin().email, 'auth.login', 'POST /api/v1/auth/login', '200', expect.any(String)],
        [expect.any(String), '—', 'auth.login', 'POST /api/v1/auth/login', '401', expect.any(String)],
      ]),
    );
    expect(await page.title()).toBe('Audit · Entitle');
    await screenshot(page, 'audit');
  });

  it('should show only matching entries when filtered by action', async () => {
    await signInAsAdmin(page);
    await page.goto('/audit');
    await page.locator('table[aria-label="Audit log"] tbody tr').first().waitFor();

    await page.getByLabel('Filter by action').fill('no.such.action');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByTestId('audit-empty').waitFor();
    expect(await page.getByTestId('audit-empty').textContent()).toContain('“no.such.action”');

    await page.getByLabel('Filter by action').fill('auth.login');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.locator('table[aria-label="Audit log"] tbody tr').first().waitFor();
    const actions = await texts(page, 'table[aria-label="Audit log"] tbody tr td:nth-child(3)');

    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['auth.login']));
  });

  it('should hide the audit entry and say admins only when a technician signs in', async () => {
    // A unique address, so the test also passes against a long-running server (E2E_BASE_URL).
    const technician = { email: `tech-${Date.now()}@e2e.example`, password: 'technician-password-1' };
    await signInAsAdmin(page);
    // Shares the page's cookies: the admin creates the technician through the API the portal will use.
    const created = await page.request.post('/api/v1/users', { data: { ...technician, name: 'Tess Tech', role: 'technician' } });
    expect(created.status()).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');

    await submitSignIn(page, technician);
    await page.locator(MAIN_NAV).waitFor();
    expect(await texts(page, `${MAIN_NAV} a`)).toEqual(['Integrations', 'Tenants', 'Computers', 'Software', 'Deployments', 'Sessions']);

    await page.goto('/audit');
    await page.getByTestId('admins-only').waitFor();
    expect(await page.getByTestId('admins-only').textContent()).toContain('Admins only');
  });
});
