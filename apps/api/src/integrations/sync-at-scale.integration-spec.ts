import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { IntegrationSummary, StartSyncResponse, SyncRun } from '@entitle/domain';
import { createTestDatabase, TestDatabase } from '../../test/database';
import { startHaloSim, HaloSim } from '../../test/halo-sim';
import { run, Running } from '../../test/process';

const ROOT = join(__dirname, '../../../..');
const MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SECRET = 'Scale-Test-Secret-c0ffee42';
const ADMIN = { email: 'admin@msp.example', password: 'scale test admin password' };
const SNAPSHOT_TABLES = ['halo_clients', 'halo_sites', 'halo_users', 'halo_contracts', 'halo_recurring_invoices', 'halo_recurring_lines', 'halo_items'];

/**
 * The built API as a process against a 2,000-client simulator: a first and an unchanged second sync, then a
 * SIGKILL in the middle of a sync, a restart, and a sync that succeeds. Needs `npx nx build api` first.
 */
describe('sync at scale (built API process)', () => {
  let sim: HaloSim;
  let db: TestDatabase;
  let pg: Client;
  let api: Running | undefined;
  let url: string;
  let cookie: string;
  let link: IntegrationSummary;
  const outputs: string[] = [];
  const figures: string[] = [];

  const startApi = async (): Promise<void> => {
    api = run(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'], TZ: 'UTC', DATABASE_URL: db.url, ENTITLE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
        ENTITLE_ADMIN_EMAIL: ADMIN.email, ENTITLE_ADMIN_PASSWORD: ADMIN.password, PORT: '0', HOST: '127.0.0.1',
        LOG_LEVEL: 'debug', ENTITLE_CRON_ENABLED: 'false',
      },
    });
    url = (await api.waitFor(/Entitle is running at (\S+)/, 30_000))[1]!;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  };
  const stopApi = async (signal: NodeJS.Signals): Promise<void> => {
    if (!api) return;
    await api.stop(signal);
    outputs.push(api.output());
    api = undefined;
  };
  const call = async <T>(method: string, path: string, json?: unknown): Promise<{ status: number; body: T; text: string }> => {
    const res = await fetch(`${url}/api/v1${path}`, { method, headers: { cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) }, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await res.text();
    outputs.push(text);
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
  };
  /** Row counts and a digest of every snapshot table of the link: equal digests mean an unchanged snapshot. */
  const digest = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const table of SNAPSHOT_TABLES) {
      const { rows } = await pg.query<{ n: string; h: string | null }>(`SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t.id)) AS h FROM ${table} t WHERE integration_id = $1`, [link.id]);
      out[table] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    return out;
  };
  const timedSync = async (label: string): Promise<SyncRun> => {
    const started = Date.now();
    const res = await call<StartSyncResponse>('POST', `/integrations/${link.id}/sync?wait=true`);
    expect(res.status).toBe(200);
    figures.push(`${label}: ${Date.now() - started} ms, ${res.body.run.haloRequests} Halo requests, source ${res.body.run.source}, counts ${JSON.stringify(res.body.run.counts)}`);
    return res.body.run;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build api first`);
    [sim, db] = await Promise.all([startHaloSim(['--clients', '2000', '--seed', '11', '--client-id', 'scale', '--client-secret', SECRET]), createTestDatabase()]);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await startApi();
    link = (await call<IntegrationSummary>('POST', '/integrations', { name: 'Scale', haloUrl: sim.url, clientId: 'scale', clientSecret: SECRET })).body;
  }, 120_000);
  afterAll(async () => {
    await stopApi('SIGTERM');
    await pg?.end();
    await Promise.all([sim?.stop(), db?.drop()]);
    if (figures.length) process.stdout.write(`\nsync at scale:\n  ${figures.join('\n  ')}\n`);
  });

  it('should complete a first full sync and an unchanged re-sync of 2,000 clients, each with its Halo requests', async () => {
    const { counts } = await sim.state();
    const first = await timedSync('first sync');
    expect(first).toEqual(expect.objectContaining({ status: 'succeeded', source: 'report' }));
    expect(first.counts?.clients).toBe(2000);
    expect(first.counts?.recurringLines).toBe(counts['invoiceLines']);
    expect(first.haloRequests).toBeGreaterThan(20);
    const before = await digest();
    const second = await timedSync('unchanged re-sync');
    expect(second).toEqual(expect.objectContaining({ status: 'succeeded', counts: first.counts }));
    expect(second.haloRequests).toBeGreaterThan(20);
    expect(await digest()).toEqual(before);
  }, 120_000);

  it('should keep the previous snapshot when the API is killed mid-sync, and sync again after a restart', async () => {
    const before = await digest();
    await sim.admin('POST', '/_sim/faults', { latencyMs: 40 });
    const { counters } = await sim.state();
    const started = await call<StartSyncResponse>('POST', `/integrations/${link.id}/sync`);
    expect(started.status).toBe(202);
    // Kill once the run is well into reading Halo (bounded wait on the simulator's request counter).
    for (let i = 0; i < 400 && (await sim.state()).counters.apiRequests < counters.apiRequests + 15; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await sim.state()).counters.apiRequests).toBeGreaterThanOrEqual(counters.apiRequests + 15);
    await stopApi('SIGKILL');
    await sim.admin('POST', '/_sim/faults', {});

    const { rows } = await pg.query<{ status: string }>(`SELECT status FROM sync_runs WHERE id = $1`, [started.body.run.id]);
    expect(rows[0]!.status).toBe('running');
    expect(await digest()).toEqual(before);

    await startApi();
    const killed = await call<SyncRun>('GET', `/integrations/${link.id}/sync-runs/${started.body.run.id}`);
    expect(killed.body).toEqual(expect.objectContaining({ status: 'abandoned', error: expect.stringMatching(/stopped before it finished/) }));
    const after = await timedSync('sync after the kill');
    expect(after.status).toBe('succeeded');
    expect(await digest()).toEqual(before);
  }, 120_000);

  it('should never put the client secret in a response or a log line', async () => {
    await call('POST', `/integrations/${link.id}/health-check`);
    await call('GET', `/integrations`);
    await stopApi('SIGTERM');
    const everything = outputs.join('\n');
    expect(everything).toMatch(/"msg":"request completed"|sync of integration/);
    expect(everything).not.toContain(SECRET);
  }, 60_000);
});
