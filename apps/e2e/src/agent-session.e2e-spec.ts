import type { ComputerPage, CreatedEnrollmentKey, DeploymentSummary, SoftwareSummary, TenantSummary } from '@entitle/domain';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot, signInAsAdmin } from './support/e2e';

/**
 * A real agent on this machine, downloaded from the running Entitle, and the pages that follow its sessions live:
 * the enrollment session installs the tenant's software, and "Run maintenance" on the computer's page starts another
 * that the session page follows from pending to done without a reload.
 */
describe('a real agent, followed in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let agent: ChildProcess | undefined;
  let agentLog = '';
  const work = mkdtempSync(join(tmpdir(), 'entitle-e2e-agent-'));
  const marker = join(work, 'installed', 'e2e-marker');
  const run = Date.now().toString(36);
  const hostname = `e2e-agent-${run}`;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((done) => agent?.once('exit', done));
      agent.kill('SIGTERM');
      await exited;
    }
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });
  beforeEach(async () => ({ context, page } = await openPage(browser)));
  afterEach(() => context?.close());

  const json = async <T>(res: { status(): number; json(): Promise<unknown> }, status = 201): Promise<T> => {
    expect(res.status()).toBe(status);
    return (await res.json()) as T;
  };

  it('should show the enrollment session install the software, then follow a session started from the computer page', async () => {
    await signInAsAdmin(page);
    const sw = await json<SoftwareSummary>(await page.request.post('/api/v1/software', { data: { name: `Marker ${run}`, slug: `marker-${run}`, platform: 'linux' } }));
    await json(await page.request.post(`/api/v1/software/${sw.id}/versions`, {
      data: {
        version: '3.1.4',
        installScript: 'mkdir -p "$MARKER_DIR" && echo "$ENTITLE_VERSION" > "$MARKER_DIR/e2e-marker" && echo "installed $ENTITLE_VERSION"',
        uninstallScript: 'rm -f "$MARKER_DIR/e2e-marker"',
        detectionScript: 'cat "$MARKER_DIR/e2e-marker" 2>/dev/null || true',
      },
    }));
    const tenant = await json<TenantSummary>(await page.request.post('/api/v1/tenants', { data: { name: `Agent Co ${run}` } }));
    await json<DeploymentSummary>(await page.request.post('/api/v1/deployments', {
      data: { softwareId: sw.id, action: 'install', enforcement: 'required', target: { kind: 'tenant', tenantId: tenant.id } },
    }));
    const key = await json<CreatedEnrollmentKey>(await page.request.post('/api/v1/enrollment-keys', { data: { tenantId: tenant.id } }));

    // The agent as an admin installs it: downloaded from Entitle, enrolled with the key, left running.
    const bundle = join(work, 'entitle-agent.js');
    writeFileSync(bundle, await (await page.request.get('/api/v1/agent/download')).body());
    agent = spawn(process.execPath, [bundle, 'enroll', '--server', baseUrl(), '--key', key.key, '--config', join(work, 'agent.json'), '--hardware-id', `e2e-${run}`, '--hostname', hostname, '--run'], {
      env: { ...process.env, MARKER_DIR: join(work, 'installed') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout?.on('data', (c: Buffer) => (agentLog += c.toString()));
    agent.stderr?.on('data', (c: Buffer) => (agentLog += c.toString()));

    // The computer appears; its page lists the enrollment session, which ends having installed the software.
    const until = Date.now() + 30_000;
    while (((await (await page.request.get(`/api/v1/computers?search=${hostname}`)).json()) as ComputerPage).total === 0) {
      if (Date.now() > until) throw new Error(`the agent did not enroll; its log:\n${agentLog}`);
      await page.waitForTimeout(250);
    }
    await page.goto('/computers');
    await page.getByRole('link', { name: hostname }).first().click();
    await page.waitForURL(/\/computers\/[0-9a-f-]{36}$/);
    const sessionLink = page.locator('table[aria-label="Maintenance sessions"] tbody tr a').first();
    await sessionLink.waitFor();
    await sessionLink.click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    await page.getByTestId('session-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('session-summary').textContent()).toContain('1 installed');
    expect(readFileSync(marker, 'utf8').trim()).toBe('3.1.4');
    await screenshot(page, 'agent-enrollment-session');

    // Removed behind Entitle's back: a session started from the computer page puts it back, followed live.
    rmSync(marker);
    await page.getByRole('link', { name: hostname }).first().click();
    await page.waitForURL(/\/computers\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Run maintenance' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    const seen = new Set<string>();
    const status = page.getByTestId('session-status');
    for (;;) {
      const text = ((await status.textContent()) ?? '').trim();
      seen.add(text);
      if (text === 'succeeded' || text === 'failed') break;
      await page.waitForTimeout(200);
    }
    expect([...seen].pop()).toBe('succeeded');
    // The page moved on by itself: it showed the session before it ended.
    expect([...seen].some((s) => s === 'pending' || s === 'running')).toBe(true);
    expect(await page.getByTestId('session-summary').textContent()).toContain('1 installed');
    expect(existsSync(marker)).toBe(true);
    const actions = await page.locator('table[aria-label="Actions"] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(actions.length).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'agent-session-live');
  }, 120_000);
});
