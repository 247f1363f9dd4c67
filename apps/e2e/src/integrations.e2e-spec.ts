import type { HaloClientEntry, IntegrationSummary, TenantSummary } from '@entitle/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type HaloSimProcess, startHaloSim } from './support/halo-sim';
import { launchBrowser, MAIN_NAV, openPage, screenshot, signInAsAdmin, submitSignIn, texts } from './support/e2e';

/** The API permissions the wizard checks (README "Connecting a real HaloPSA"). */
const REQUIRED_SCOPES = [
  'read:customers', 'read:contracts', 'read:items', 'edit:items', 'edit:reporting',
  'read:invoices', 'read:software', 'read:tickets', 'read:assets', 'edit:assets',
];
/** A second API application made without one of them, as an admin in a hurry would. */
const PARTIAL_APP = { clientId: 'e2e-partial', clientSecret: 'e2e-partial-secret-1' };
const LACKING = 'edit:reporting';

const permissionRow = (page: Page, permission: string) => page.locator(`table[aria-label="Halo API permissions"] tr[data-permission="${permission}"]`);

describe('the Halo integration pages', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sim: HaloSimProcess;
  /** The link the wizard made, for the read-only test. */
  let linkId: string | null = null;

  beforeAll(async () => {
    [browser, sim] = await Promise.all([
      launchBrowser(),
      startHaloSim(['--seed', '7', '--clients', '30', '--client-id', 'e2e-full', '--client-secret', 'e2e-full-secret-1']),
    ]);
    await sim.admin('POST', '/_sim/applications', { ...PARTIAL_APP, scopes: REQUIRED_SCOPES.filter((s) => s !== LACKING) });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });
  beforeEach(async () => ({ context, page } = await openPage(browser)));
  afterEach(() => context?.close());

  it('should walk the wizard to a healthy, synced link, then map clients and create tenants', async () => {
    await signInAsAdmin(page);
    await page.locator(MAIN_NAV).getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('link', { name: 'Connect HaloPSA' }).first().click();
    await page.waitForURL('**/integrations/new');
    expect(await page.title()).toBe('Connect HaloPSA · Entitle');

    // Step 1: what to create in Halo, in Halo's words.
    expect(await texts(page, 'table[aria-label="API permissions to grant"] tbody td:first-child')).toEqual(REQUIRED_SCOPES);
    expect(await page.getByText('Login Type to Agent').count()).toBe(1);
    expect(await page.locator('table[aria-label="Agent permissions: Feature access"] tbody tr').count()).toBe(16);
    await screenshot(page, 'integrations-wizard-halo');
    await page.getByRole('button', { name: 'I have the Client ID and Secret' }).click();

    // Step 2: a bad address comes back from the API as a message under its input.
    await page.getByLabel('Name', { exact: true }).fill('E2E Halo');
    await page.getByLabel('Halo URL').fill('not a url');
    await page.getByLabel('Client ID').fill(PARTIAL_APP.clientId);
    await page.getByLabel('Client Secret').fill(PARTIAL_APP.clientSecret);
    await page.getByRole('button', { name: 'Connect and check' }).click();
    await page.locator('#integration-haloUrl-error').waitFor();
    expect(await page.locator('#integration-haloUrl-error').textContent()).toContain('must be an http(s) URL');
    expect(await page.getByLabel('Halo URL').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'integrations-wizard-field-error');

    await page.getByLabel('Halo URL').fill(sim.url);
    await page.getByLabel('Client Secret').fill(PARTIAL_APP.clientSecret);
    await page.getByRole('button', { name: 'Connect and check' }).click();

    // Step 3: the live check; the application lacks edit:reporting, so that row is red and the rest green.
    await permissionRow(page, LACKING).waitFor();
    expect(await permissionRow(page, LACKING).getAttribute('data-status')).toBe('missing');
    const statuses = await page.locator('table[aria-label="Halo API permissions"] tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-permission'), row.getAttribute('data-status')]),
    );
    expect(statuses).toEqual(REQUIRED_SCOPES.map((p) => [p, p === LACKING ? 'missing' : 'granted']));
    expect(await page.getByTestId('health-summary').textContent()).toContain('Needs attention');
    await screenshot(page, 'integrations-wizard-red');

    // The admin fixes the application in Halo, then checks again: all green.
    await sim.admin('POST', '/_sim/applications', { ...PARTIAL_APP, scopes: REQUIRED_SCOPES });
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByTestId('health-summary').filter({ hasText: 'Healthy' }).waitFor();
    expect(new Set(await page.locator('table[aria-label="Halo API permissions"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))).toEqual(
      new Set(['granted']),
    );
    await screenshot(page, 'integrations-wizard-green');

    // The link page: sync now, with progress, then the run in the list.
    await page.getByRole('link', { name: 'Open the link' }).click();
    await page.waitForURL(/\/integrations\/[0-9a-f-]{36}$/);
    linkId = new URL(page.url()).pathname.split('/').pop() ?? null;
    expect(await page.getByTestId('tab-url').inputValue()).toBe(`${new URL(page.url()).origin}/technician-pod/psa/${linkId}/ticket/$FAULTID`);
    expect(await page.getByTestId('no-syncs').count()).toBe(1);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByTestId('sync-progress').filter({ hasText: 'succeeded' }).waitFor();
    expect(await page.getByTestId('sync-progress').textContent()).toContain('30 clients');
    const runRows = page.locator('table[aria-label="Recent syncs"] tbody tr');
    expect(await runRows.count()).toBe(1);
    expect(await runRows.first().textContent()).toMatch(/manual\s*succeeded/);
    await screenshot(page, 'integrations-link-synced');

    // Tenants an MSP already had, named like three Halo clients (one written differently): auto-map proposes them.
    const clients = (await (await page.request.get(`/api/v1/integrations/${linkId}/clients`)).json()) as HaloClientEntry[];
    const active = clients.filter((c) => !c.inactive && !c.tenant);
    const known = active.slice(0, 3);
    for (const [i, client] of known.entries()) {
      const name = i === 2 ? client.name.toUpperCase() : client.name;
      expect((await page.request.post('/api/v1/tenants', { data: { name } })).status()).toBe(201);
    }

    await page.getByRole('tab', { name: 'Clients' }).click();
    const suggestions = page.locator('table[aria-label="Auto-map suggestions"] tbody tr');
    await suggestions.first().waitFor();
    expect((await texts(page, 'table[aria-label="Auto-map suggestions"] tbody td:nth-child(2)')).sort()).toEqual(known.map((c) => c.name).sort());
    await screenshot(page, 'integrations-clients-suggestions');
    await page.getByRole('button', { name: 'Accept 3 suggestions' }).click();
    await page.getByTestId('clients-message').filter({ hasText: 'Mapped 3 clients.' }).waitFor();
    expect(await page.getByTestId('auto-map').count()).toBe(0);

    // One tenant per selected unmapped client.
    await page.getByRole('button', { name: 'Unmapped', exact: true }).click();
    const fresh = active.slice(3, 6);
    for (const client of fresh) await page.getByRole('checkbox', { name: `Select ${client.name}`, exact: true }).check();
    await page.getByRole('button', { name: 'Create 3 tenants from the selected clients' }).click();
    await page.getByTestId('clients-message').filter({ hasText: 'Created tenants for 3 clients.' }).waitFor();
    expect(await page.getByTestId('clients-summary').textContent()).toContain('6 mapped');
    await screenshot(page, 'integrations-clients-mapped');

    // The Tenants page lists all six with their Halo client.
    await page.locator(MAIN_NAV).getByRole('link', { name: 'Tenants' }).click();
    await page.waitForURL('**/tenants');
    await page.locator('table[aria-label="Tenants"] tbody tr').first().waitFor();
    const rows = await page.locator('table[aria-label="Tenants"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );
    // Columns: tenant, Halo client, link, computers, maintenance schedule, the admin's Edit schedule (no computers: no Run maintenance).
    for (const client of [...known, ...fresh]) {
      expect(rows).toContainEqual([expect.stringMatching(new RegExp(`^${client.name}$`, 'i')), `${client.name} #${client.haloClientId}`, 'E2E Halo', '0', 'only by hand', 'Edit schedule']);
    }
    const tenants = (await (await page.request.get('/api/v1/tenants')).json()) as TenantSummary[];
    expect(tenants.filter((t) => t.mapping?.integrationId === linkId)).toHaveLength(6);
    await screenshot(page, 'tenants');
  }, 120_000);

  it('should show the link without any button that changes it when a technician opens it', async () => {
    expect(linkId).not.toBeNull();
    const technician = { email: `tech-int-${Date.now()}@e2e.example`, password: 'technician-password-2' };
    await signInAsAdmin(page);
    expect((await page.request.post('/api/v1/users', { data: { ...technician, name: 'Tom Tech', role: 'technician' } })).status()).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await submitSignIn(page, technician);
    await page.locator(MAIN_NAV).waitFor();

    await page.goto('/integrations');
    await page.locator('table[aria-label="Halo links"]').getByRole('link', { name: 'E2E Halo' }).click();
    await page.locator('table[aria-label="Recent syncs"]').waitFor();
    expect(await page.getByTestId('health-summary').textContent()).toContain('Healthy');
    for (const name of ['Sync now', 'Run health check']) expect(await page.getByRole('button', { name }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Clients' }).click();
    await page.locator('table[aria-label="Halo clients"] tbody tr').first().waitFor();
    expect(await page.locator('table[aria-label="Halo clients"] input[type="checkbox"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Create .* tenants?/ }).count()).toBe(0);

    // The links list offers no way to connect a Halo, and the wizard says who may.
    const list = (await (await page.request.get('/api/v1/integrations')).json()) as IntegrationSummary[];
    expect(list.map((l) => l.name)).toContain('E2E Halo');
    await page.goto('/integrations/new');
    await page.getByTestId('admins-only').waitFor();
    await screenshot(page, 'integrations-technician');
  });
});
