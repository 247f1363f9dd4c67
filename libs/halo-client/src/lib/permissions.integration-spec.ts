import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fakeTime } from '../../test/fake-halo';
import { HaloSimProcess, startHaloSim } from '../../test/halo-sim-process';
import { HaloClient } from './halo-client';
import { PermissionRow } from './permissions';
import { resetSharedLimiters } from './rate-limiter';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLIENT_ID = 'entitle-scopes';
const CLIENT_SECRET = '0f1e2d3c-3333-4b5a-8c7d-6e5f4a3b2c1d-9e8d7c6b-4444-4a5b-8c9d-0e1f2a3b4c5d';
const TENANT = 'acme-hosted';

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'tools', 'halo-cli.ts'), ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('checkPermissions against halo-sim', () => {
  let sim: HaloSimProcess;

  beforeAll(async () => {
    sim = await startHaloSim(['--seed', '2', '--clients', '30', '--tenant', TENANT, '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET]);
  }, 60_000);
  afterAll(() => sim.stop());
  beforeEach(() => resetSharedLimiters());

  const setScopes = (scopes: string[]): Promise<unknown> => sim.admin('POST', '/_sim/applications', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes });

  function client(): HaloClient {
    const time = fakeTime();
    // No tenant given: it must come from /api/authinfo, or the token request fails.
    return new HaloClient({ url: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clock: time.clock, sleep: time.sleep });
  }

  function statuses(rows: PermissionRow[]): Record<string, string> {
    return Object.fromEntries(rows.map((row) => [row.permission, row.status]));
  }

  it('should grant every permission when the application has all scopes', async () => {
    await setScopes(['all']);
    const rows = await client().checkPermissions();
    expect(rows).toHaveLength(10);
    expect(rows.filter((row) => row.status !== 'granted')).toEqual([]);
  });

  it('should name each missing permission with the fix when scopes are narrowed', async () => {
    await setScopes(['read:customers', 'read:contracts', 'read:invoices', 'read:assets']);
    const rows = await client().checkPermissions();
    expect(statuses(rows)).toEqual({
      'read:customers': 'granted', 'read:contracts': 'granted', 'read:items': 'missing', 'edit:items': 'missing',
      'edit:reporting': 'missing', 'read:invoices': 'granted', 'read:software': 'missing', 'read:tickets': 'missing',
      'read:assets': 'granted', 'edit:assets': 'missing',
    });
    const reporting = rows.find((row) => row.permission === 'edit:reporting')!;
    expect(reporting.action).toContain('enable "edit:reporting"');
    expect(reporting.evidence).toMatch(/POST \/api\/Report.*403/);
    expect(rows.find((row) => row.permission === 'edit:assets')!.evidence).toContain('token scope claim');
  });

  it('should point at edit:items when the items list is refused although read:items is granted', async () => {
    // halo-api.md §7.1: Halo before 2.99 will not list items without edit:items; halo-sim emulates it.
    await setScopes(['read:customers', 'read:items']);
    const items = (await client().checkPermissions()).find((row) => row.permission === 'read:items')!;
    expect(items.status).toBe('missing');
    expect(items.evidence).toContain('the token has this scope');
    expect(items.action).toContain('edit:items');
  });

  it('should read contracts through the REST lists and say why when edit:reporting is missing', async () => {
    await setScopes(['read:customers', 'read:contracts', 'read:invoices', 'read:items', 'edit:items']);
    const withoutReporting = await client().readContractsWithLines();
    expect(withoutReporting.source).toBe('rest');
    expect(withoutReporting.fallbackReason).toContain('edit:reporting');
    await setScopes(['all']);
    const withReporting = await client().readContractsWithLines();
    expect(withReporting.source).toBe('report');
    expect(withReporting.contracts).toEqual(withoutReporting.contracts);
  });

  describe('halo CLI', () => {
    it('should print the permission rows as JSON when running check', async () => {
      await setScopes(['read:customers', 'edit:reporting']);
      const result = await runCli(['check', '--url', sim.url, '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--tenant', TENANT]);
      expect(result.code).toBe(0);
      const rows = JSON.parse(result.stdout) as PermissionRow[];
      expect(statuses(rows)['read:customers']).toBe('granted');
      expect(statuses(rows)['read:tickets']).toBe('missing');
      expect(result.stdout + result.stderr).not.toContain(CLIENT_SECRET);
    });

    it('should print every record and the request count when running snapshot', async () => {
      await setScopes(['all']);
      const state = (await sim.admin('GET', '/_sim/state')) as { counts: Record<string, number> };
      const result = await runCli(['snapshot', '--url', sim.url, '--client-id', CLIENT_ID], { HALO_CLIENT_SECRET: CLIENT_SECRET });
      expect(result.code).toBe(0);
      const snapshot = JSON.parse(result.stdout) as Record<string, unknown[]>;
      expect(snapshot['clients']).toHaveLength(state.counts['clients']);
      expect(snapshot['recurringInvoices']).toHaveLength(state.counts['invoices']);
      expect(snapshot['assets']).toHaveLength(state.counts['assets']);
      expect(result.stderr).toMatch(/^halo snapshot: \d+ requests to /m);
    });

    it('should exit 1 with the typed message when the secret is wrong', async () => {
      const result = await runCli(['check', '--url', sim.url, '--client-id', CLIENT_ID, '--client-secret', 'not-the-secret']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^halo: invalid_credentials: /);
      expect(result.stderr).not.toContain('not-the-secret');
    });

    it.each([
      [['check', '--client-id', 'x', '--client-secret', 'y'], '--url'],
      [['check', '--url', 'ftp://x', '--client-id', 'x', '--client-secret', 'y'], '--url'],
      [['check', '--url', 'https://x.halopsa.com', '--client-secret', 'y'], '--client-id'],
      [['dump', '--url', 'https://x.halopsa.com'], 'dump'],
      [['check', '--url', 'https://x.halopsa.com', '--client-id', 'x', '--client-secret', 'y', '--request-budget', '0'], '--request-budget'],
      [['check', '--url', 'https://x.halopsa.com', '--nope', 'z'], '--nope'],
    ])('should exit 2 naming the argument when given %p', async (args, named) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(named);
    });
  });
});
