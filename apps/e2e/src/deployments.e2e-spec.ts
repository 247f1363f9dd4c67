import type { AgentEnrollResponse, TenantSummary } from '@entitle/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, MAIN_NAV, openPage, screenshot, signInAsAdmin } from './support/e2e';

/** Each row of a table as its cell texts. */
async function rows(page: Page, table: string): Promise<string[][]> {
  return page.locator(`table[aria-label="${table}"] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

describe('software, enrollment and deployments', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  // Unique names, so the test also passes against a long-running server (E2E_BASE_URL).
  const run = Date.now().toString(36);
  const softwareName = `E2E Tool ${run}`;
  const tenantName = `E2E Dental ${run}`;
  const hostname = `E2E-PC-${run}`.toUpperCase();

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => ({ context, page } = await openPage(browser)));
  afterEach(() => context?.close());

  it('should take an admin from a new software to a deployment whose live preview follows the target', async () => {
    await signInAsAdmin(page);

    // A software with a first version, through the UI.
    await page.locator(MAIN_NAV).getByRole('link', { name: 'Software' }).click();
    await page.waitForURL('**/software');
    await page.getByRole('link', { name: 'Add software' }).first().click();
    await page.waitForURL('**/software/new');
    await page.getByLabel('Name', { exact: true }).fill(softwareName);
    expect(await page.getByLabel('Slug').inputValue()).toBe(`e2e-tool-${run}`);
    await page.getByLabel('Vendor (optional)').fill('E2E Labs');
    await page.getByLabel('Platform').selectOption('linux');
    await page.getByRole('button', { name: 'Add software' }).click();
    await page.waitForURL(/\/software\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toBe(softwareName);

    await page.getByRole('button', { name: 'Add a version' }).click();
    await page.getByLabel('Version', { exact: true }).fill('1.0.0');
    await page.getByLabel('Install script (sh)', { exact: true }).fill('echo installing "$ENTITLE_SOFTWARE" "$ENTITLE_VERSION"\ntouch /tmp/e2e-tool');
    await page.getByLabel('Uninstall script (sh)', { exact: true }).fill('rm -f /tmp/e2e-tool');
    await page.getByLabel('Detection script (sh)', { exact: true }).fill('[ -f /tmp/e2e-tool ] && echo 1.0.0');
    await screenshot(page, 'software-version-form');
    await page.getByRole('button', { name: 'Add version', exact: true }).click();
    await page.locator('table[aria-label="Versions"] tr[data-version="1.0.0"]').waitFor();
    expect(await page.locator('tr[data-version="1.0.0"] td').first().textContent()).toContain('latest');
    await screenshot(page, 'software-detail');

    // A tenant through the API, as the Halo mapping pages would make one.
    const created = await page.request.post('/api/v1/tenants', { data: { name: tenantName } });
    expect(created.status()).toBe(201);
    const tenant = (await created.json()) as TenantSummary;

    // An enrollment key through the UI: the key and the command show once.
    await page.locator(MAIN_NAV).getByRole('link', { name: 'Computers' }).click();
    await page.waitForURL('**/computers');
    await page.getByRole('button', { name: 'Add computers' }).click();
    await page.locator('#key-tenantId').selectOption({ label: tenantName });
    await page.locator('#key-name').fill(`rollout ${run}`);
    await page.getByRole('button', { name: 'Make enrollment key' }).click();
    await page.getByTestId('created-key').waitFor();
    const key = await page.getByTestId('created-key').inputValue();
    expect(key.length).toBeGreaterThan(16);
    expect(await page.getByTestId('enroll-command').inputValue()).toContain(key);
    expect(await page.getByTestId('key-once').textContent()).toContain('only this once');
    await screenshot(page, 'computers-enrollment-key');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('created-key').waitFor({ state: 'detached' });
    const keyRow = page.locator('table[aria-label="Enrollment keys"] tbody tr', { hasText: `rollout ${run}` });
    await keyRow.waitFor();
    expect(await keyRow.textContent()).toMatch(/0 of unlimited.*usable/);
    expect(await page.content()).not.toContain(key);

    // A computer enrolls with it, as the agent would.
    const enrolled = await page.request.post('/api/v1/agent/enroll', {
      data: {
        key, hostname, platform: 'linux', osName: 'Debian GNU/Linux', osVersion: '12', serial: null, hardwareId: `e2e-${run}-hardware`,
        loggedInUser: 'dora', kind: 'workstation', agentVersion: '0.1.0',
      },
    });
    expect(enrolled.status()).toBe(201);
    const { computerId } = (await enrolled.json()) as AgentEnrollResponse;

    // A deployment through the editor, its preview following each change of target.
    await page.locator(MAIN_NAV).getByRole('link', { name: 'Deployments' }).click();
    await page.waitForURL('**/deployments');
    await page.getByRole('link', { name: 'New deployment' }).first().click();
    await page.waitForURL('**/deployments/new');
    await page.getByTestId('preview-incomplete').waitFor();
    await page.locator('#deployment-softwareId').selectOption({ label: `${softwareName} (Linux)` });
    await page.getByTestId('preview-wins').waitFor();
    const everywhere = Number(/Wins on (\d+)/.exec((await page.getByTestId('preview-wins').textContent()) ?? '')?.[1]);
    expect(everywhere).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'deployment-preview-all');

    await page.getByRole('radio', { name: 'One tenant' }).check();
    await page.getByTestId('preview-incomplete').waitFor();
    await page.locator('#deployment-tenantId').selectOption({ label: tenantName });
    const wins = page.getByTestId('preview-wins').filter({ hasText: 'Wins on 1 computer' });
    await wins.waitFor();
    const winners = page.locator('ul[aria-label="Computers it wins on"] li');
    expect(await winners.count()).toBe(1);
    expect(await winners.first().textContent()).toContain(hostname);
    expect(await winners.first().textContent()).toContain(tenantName);
    expect(await page.getByTestId('applies-later').textContent()).toBe('Saving changes nothing on any computer: it applies at the next maintenance session.');
    await screenshot(page, 'deployment-preview-tenant');

    await page.getByRole('button', { name: 'Create deployment' }).click();
    await page.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
    await page.locator('h1', { hasText: `Install ${softwareName}` }).waitFor();
    await page.getByTestId('preview-wins').filter({ hasText: 'Wins on 1 computer' }).waitFor();
    expect(await page.locator('#deployment-tenantId').inputValue()).toBe(tenant.id);
    await screenshot(page, 'deployment-saved');

    // The computer's page says why it gets the software; maintenance can start from there.
    await page.goto(`/computers/${computerId}`);
    const desired = page.locator('table[aria-label="Desired state"] tbody tr');
    await desired.first().waitFor();
    const [entry] = await rows(page, 'Desired state');
    expect(entry?.[0]).toBe(softwareName);
    expect(entry?.[1]).toBe('install latest (1.0.0)');
    expect(entry?.[3]).toContain(softwareName);
    expect(entry?.[4]).toContain(tenantName);
    await screenshot(page, 'computer-desired-state');

    // Enrolling started the onboarding session: Run maintenance says so rather than queue a second one.
    await page.getByRole('button', { name: 'Run maintenance' }).click();
    await page.getByTestId('computer-message').filter({ hasText: 'No session started: a session is already pending' }).waitFor();
    const [onboarding] = await rows(page, 'Maintenance sessions');
    expect(onboarding?.slice(1, 3)).toEqual(['pending', 'enrollment']);

    // Follow it, cancel it (the computer never checks in here), then start one by hand.
    await page.locator('table[aria-label="Maintenance sessions"] tbody tr').first().getByRole('link').first().click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    await page.getByTestId('session-status').filter({ hasText: 'pending' }).waitFor();
    expect(await page.locator('.phases li[aria-current="step"]').textContent()).toBe('Waiting for the computer');
    await page.getByRole('button', { name: 'Cancel session' }).click();
    await page.getByTestId('session-status').filter({ hasText: 'cancelled' }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel session' }).count()).toBe(0);
    await screenshot(page, 'session-cancelled');

    await page.goto(`/computers/${computerId}`);
    await page.getByRole('button', { name: 'Run maintenance' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    await page.getByTestId('session-status').filter({ hasText: 'pending' }).waitFor();
    expect(await page.locator('.page-header').textContent()).toMatch(new RegExp(`Maintenance of ${hostname}.*started by hand`, 's'));
    await screenshot(page, 'session-pending');
  }, 120_000);

  it('should set a tenant’s maintenance schedule, with the API’s message under a wrong one', async () => {
    await signInAsAdmin(page);
    const name = `E2E Schedule ${run}`;
    expect((await page.request.post('/api/v1/tenants', { data: { name } })).status()).toBe(201);

    await page.locator(MAIN_NAV).getByRole('link', { name: 'Tenants' }).click();
    await page.getByRole('button', { name: `Edit the schedule of ${name}` }).click();
    const cron = page.getByLabel('Maintenance schedule (cron, UTC)');
    await cron.fill('every night');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.schedule .field-error').waitFor();
    expect(await cron.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'tenants-schedule-error');

    await cron.fill('0 2 * * *');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const row = page.locator(`table[aria-label="Tenants"] tr[data-tenant="${name}"]`);
    await row.filter({ hasText: 'next' }).waitFor();
    expect((await row.locator('td').nth(4).textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^0 2 \* \* \* · next \d{4}-\d\d-\d\d 02:00 UTC$/);
  });
});
