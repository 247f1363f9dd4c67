import type { HaloClientEntry, IntegrationSummary, StartSyncResponse, SyncRun, TenantSummary } from '@entitle/domain';
import type { HaloSnapshot } from '@entitle/rules';
import { DataSource } from 'typeorm';
import { startHaloSim, HaloSim } from '../../test/halo-sim';
import { startTestApp, TestApp } from '../../test/test-app';
import { HaloSyncService } from './halo-sync.service';

const SECRET = 'Rail-Test-Secret-0b1e55';

/** The safety rail and client lifecycle, on a simulator of its own because these tests change Halo's data. */
describe(HaloSyncService.name, () => {
  let t: TestApp;
  let sim: HaloSim;
  let cookie: string;
  let link: IntegrationSummary;

  const api = async <T>(method: string, path: string, json?: unknown): Promise<{ status: number; body: T }> => {
    const res = await t.http(`/api/v1${path}`, { method, cookie, json });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const sync = async (): Promise<SyncRun> => {
    const res = await api<StartSyncResponse>('POST', `/integrations/${link.id}/sync?wait=true`);
    expect(res.status).toBe(200);
    return res.body.run;
  };
  const snapshot = (): Promise<HaloSnapshot> => t.app.get(HaloSyncService).snapshotForRules(link.id);
  const decide = async (run: SyncRun, decision: 'approve' | 'discard'): Promise<{ status: number; body: SyncRun }> =>
    api<SyncRun>('POST', `/integrations/${link.id}/sync-runs/${run.id}/${decision}`);
  /** Removes `share` of the current contracts from Halo (rounded up), oldest ids first. */
  const dropContracts = async (share: number): Promise<number> => {
    const { contracts } = await snapshot();
    const victims = contracts.slice(0, Math.ceil(contracts.length * share));
    for (const c of victims) await sim.admin('DELETE', `/_sim/records/contracts/${c.id}`);
    return victims.length;
  };

  beforeAll(async () => {
    [t, sim] = await Promise.all([startTestApp(), startHaloSim(['--clients', '12', '--seed', '3', '--client-id', 'rail', '--client-secret', SECRET])]);
    cookie = await t.signIn();
    link = (await api<IntegrationSummary>('POST', '/integrations', { name: 'Rail', haloUrl: sim.url, clientId: 'rail', clientSecret: SECRET })).body;
    // The first sync has no good snapshot to compare with, so it is never held.
    expect(await sync()).toEqual(expect.objectContaining({ status: 'succeeded', drop: null }));
  });
  afterAll(async () => {
    await t?.app.get(HaloSyncService).idle();
    await Promise.all([t?.close(), sim?.stop()]);
  });

  it('should apply a sync that drops fewer contracts than the threshold', async () => {
    const before = (await snapshot()).contracts.length;
    expect(await dropContracts(0.05)).toBeGreaterThan(0);
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.drop?.contracts.share).toBeGreaterThan(0);
    expect(run.drop?.contracts.share).toBeLessThanOrEqual(0.2);
    expect((await snapshot()).contracts.length).toBeLessThan(before);
  });

  it('should hold a sync that drops more than 20% of contracts, keep the old snapshot, and discard it on request', async () => {
    const before = await snapshot();
    const dropped = await dropContracts(0.3);
    const run = await sync();
    expect(run.status).toBe('held');
    expect(run.drop).toEqual({
      contracts: { before: before.contracts.length, dropped, share: dropped / before.contracts.length },
      recurringLines: { before: expect.any(Number), dropped: 0, share: 0 },
      threshold: 0.2,
    });
    expect(await snapshot()).toEqual(before);
    const discarded = await decide(run, 'discard');
    expect(discarded.body).toEqual(expect.objectContaining({ status: 'discarded', decidedBy: 'admin@msp.example' }));
    expect(await snapshot()).toEqual(before);
    expect((await decide(run, 'approve')).status).toBe(409);
  });

  it('should supersede a held run with a later one, and put the data in force when an admin approves', async () => {
    const before = await snapshot();
    const first = await sync();
    expect(first.status).toBe('held');
    const second = await sync();
    expect(second.status).toBe('held');
    expect((await api<SyncRun>('GET', `/integrations/${link.id}/sync-runs/${first.id}`)).body).toEqual(expect.objectContaining({ status: 'discarded', decidedBy: 'superseded by a later sync' }));
    const approved = await decide(second, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const after = await snapshot();
    expect(after.contracts.length).toBe(before.contracts.length - second.drop!.contracts.dropped);
    expect((await sync()).status).toBe('succeeded');
  });

  it('should hold a sync that drops more than 20% of recurring lines', async () => {
    const before = await snapshot();
    const lines = before.recurringInvoices.flatMap((i) => i.lines.map((l) => ({ invoiceId: i.id, lineId: l.id })));
    const victims = lines.slice(0, Math.ceil(lines.length * 0.25));
    for (const v of victims) await sim.admin('DELETE', `/_sim/invoices/${v.invoiceId}/lines/${v.lineId}`);
    const run = await sync();
    expect(run.status).toBe('held');
    expect(run.drop?.recurringLines).toEqual({ before: lines.length, dropped: victims.length, share: victims.length / lines.length });
    expect(await snapshot()).toEqual(before);
    expect((await decide(run, 'approve')).body.status).toBe('approved');
    expect((await snapshot()).recurringInvoices.flatMap((i) => i.lines).length).toBe(lines.length - victims.length);
  });

  it('should flag a client that disappears or turns inactive, keeping it and its tenant mapping', async () => {
    const { clients } = await snapshot();
    const [gone, dormant] = clients.filter((c) => !c.inactive);
    const tenant = (await api<TenantSummary>('POST', '/tenants', { name: 'Soon Gone' })).body;
    await api('PUT', `/integrations/${link.id}/clients/${gone!.id}/tenant`, { tenantId: tenant.id });
    await sim.admin('DELETE', `/_sim/records/clients/${gone!.id}`);
    await sim.admin('PATCH', `/_sim/records/clients/${dormant!.id}`, { inactive: true });
    expect((await sync()).status).toBe('succeeded');

    const listed = (await api<HaloClientEntry[]>('GET', `/integrations/${link.id}/clients`)).body;
    expect(listed.find((c) => c.haloClientId === gone!.id)).toEqual({ haloClientId: gone!.id, name: gone!.name, inactive: false, missingFromHalo: true, tenant: { id: tenant.id, name: 'Soon Gone' } });
    expect(listed.find((c) => c.haloClientId === dormant!.id)).toEqual(expect.objectContaining({ inactive: true, missingFromHalo: false }));
    expect((await snapshot()).clients.map((c) => c.id)).not.toContain(gone!.id);

    // Back in Halo: the flag clears and the mapping was never lost.
    await sim.admin('POST', '/_sim/records/clients', { id: gone!.id, name: gone!.name });
    await sync();
    expect((await api<HaloClientEntry[]>('GET', `/integrations/${link.id}/clients`)).body.find((c) => c.haloClientId === gone!.id)).toEqual(expect.objectContaining({ missingFromHalo: false, tenant: { id: tenant.id, name: 'Soon Gone' } }));
  });

  it('should never store the client secret in clear text anywhere in the database', async () => {
    const db = t.app.get(DataSource);
    await api('PATCH', `/integrations/${link.id}`, { clientSecret: SECRET });
    const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as { tablename: string }[];
    expect(tables.length).toBeGreaterThan(10);
    for (const { tablename } of tables) {
      const [row] = (await db.query(`SELECT coalesce(string_agg(t::text, ' '), '') AS text FROM "${tablename}" t`)) as { text: string }[];
      expect({ tablename, hasSecret: row!.text.includes(SECRET) || row!.text.includes(Buffer.from(SECRET).toString('hex')) }).toEqual({ tablename, hasSecret: false });
    }
  });
});
