import type {
  AutoMapProposal, BulkMappingResult, ContractTypeEntry, HaloClientEntry, IntegrationHealth, IntegrationSummary, RecurringItemEntry, StartSyncResponse, SyncRun, TenantSummary,
} from '@entitle/domain';
import { parseResolutionInput, resolve, type HaloSnapshot } from '@entitle/rules';
import { DataSource } from 'typeorm';
import { startHaloSim, HaloSim } from '../../test/halo-sim';
import { startTestApp, TestApp } from '../../test/test-app';
import { HaloSyncService } from './halo-sync.service';
import { IntegrationsCron } from './integrations.cron';

const SECRET = 'Entitle-Test-Secret-7f3a9c';
const CLIENT_ID = 'entitle-test';
const SIM_ARGS = ['--clients', '30', '--seed', '7', '--report-db', 'eager'];

describe('Integrations', () => {
  let t: TestApp;
  let sim: HaloSim;
  let admin: string;
  let tech: string;

  const api = async <T>(method: string, path: string, json?: unknown, cookie = admin): Promise<{ status: number; body: T }> => {
    const res = await t.http(`/api/v1${path}`, { method, cookie, json });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const createLink = async (overrides: Record<string, unknown> = {}, halo = sim): Promise<IntegrationSummary> => {
    const res = await api<IntegrationSummary>('POST', '/integrations', { name: 'Acme Halo', haloUrl: halo.url, clientId: CLIENT_ID, clientSecret: SECRET, ...overrides });
    expect(res.status).toBe(201);
    return res.body;
  };
  const sync = async (id: string): Promise<SyncRun> => {
    const res = await api<StartSyncResponse>('POST', `/integrations/${id}/sync?wait=true`);
    expect(res.status).toBe(200);
    return res.body.run;
  };
  const snapshot = (id: string): Promise<HaloSnapshot> => t.app.get(HaloSyncService).snapshotForRules(id);

  beforeAll(async () => {
    [t, sim] = await Promise.all([startTestApp(), startHaloSim(SIM_ARGS)]);
    await sim.admin('POST', '/_sim/applications', { clientId: CLIENT_ID, clientSecret: SECRET, scopes: ['all'] });
    admin = await t.signIn();
    const created = await api('POST', '/users', { email: 'tech@msp.example', password: 'technician-pass-1', role: 'technician' });
    expect(created.status).toBe(201);
    tech = await t.signIn('tech@msp.example', 'technician-pass-1');
  });
  afterAll(async () => {
    await t?.app.get(HaloSyncService).idle();
    await Promise.all([t?.close(), sim?.stop()]);
  });

  describe('links', () => {
    it('should create, list, read, update and delete a link, showing the secret only as set', async () => {
      const link = await createLink({ haloUrl: `${sim.url}/api/`, syncIntervalMinutes: 30 });
      expect(link).toEqual(expect.objectContaining({ name: 'Acme Halo', haloUrl: sim.url, authUrl: null, tenant: null, clientId: CLIENT_ID, clientSecretSet: true, syncIntervalMinutes: 30, enabled: true, health: null, lastSync: null }));
      expect(JSON.stringify(link)).not.toContain(SECRET);
      expect((await api<IntegrationSummary[]>('GET', '/integrations')).body.map((l) => l.id)).toContain(link.id);
      expect((await api<IntegrationSummary>('GET', `/integrations/${link.id}`, undefined, tech)).body.id).toBe(link.id);

      const [before] = (await t.app.get(DataSource).query(`SELECT client_secret_enc FROM integrations WHERE id = $1`, [link.id])) as { client_secret_enc: Buffer }[];
      const patched = await api<IntegrationSummary>('PATCH', `/integrations/${link.id}`, { name: 'Renamed', enabled: false, clientSecret: 'another-secret-value' });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual(expect.objectContaining({ name: 'Renamed', enabled: false, clientSecretSet: true }));
      const [after] = (await t.app.get(DataSource).query(`SELECT client_secret_enc FROM integrations WHERE id = $1`, [link.id])) as { client_secret_enc: Buffer }[];
      expect(after!.client_secret_enc.equals(before!.client_secret_enc)).toBe(false);

      expect((await api('DELETE', `/integrations/${link.id}`)).status).toBe(204);
      expect((await api('GET', `/integrations/${link.id}`)).status).toBe(404);
    });

    it.each([
      ['POST', '/integrations', {}, ['name', 'haloUrl', 'clientId', 'clientSecret']],
      ['POST', '/integrations', { name: 'x', haloUrl: 'ftp://halo', clientId: 'a', clientSecret: 'b' }, ['haloUrl']],
      ['POST', '/integrations', { name: 'x', haloUrl: 'https://h.example', clientId: 'a', clientSecret: 'b', authUrl: 'nope' }, ['authUrl']],
      ['POST', '/integrations', { name: 'x', haloUrl: 'https://h.example', clientId: 'a', clientSecret: 'b', syncIntervalMinutes: 1 }, ['syncIntervalMinutes']],
      ['POST', '/integrations', { name: 'x', haloUrl: 'https://h.example', clientId: 'a', clientSecret: 'b', enabled: 'yes' }, ['enabled']],
      ['POST', '/integrations', { name: 'x', haloUrl: 'https://h.example', clientId: 'a', clientSecret: 'b', colour: 'red' }, ['colour']],
      ['PATCH', '/integrations/:id', { clientSecret: '' }, ['clientSecret']],
      ['PATCH', '/integrations/:id', { syncIntervalMinutes: 'often' }, ['syncIntervalMinutes']],
      ['PATCH', '/integrations/:id', { name: null, haloUrl: null, enabled: null }, ['name', 'haloUrl', 'enabled']],
      ['GET', '/integrations/not-a-uuid', undefined, ['id']],
      ['GET', '/integrations/:id/sync-runs?limit=0', undefined, ['limit']],
      ['GET', '/integrations/:id/sync-runs/xyz', undefined, ['runId']],
      ['POST', '/integrations/:id/sync?wait=maybe', undefined, ['wait']],
      ['PUT', '/integrations/:id/clients/abc/tenant', { tenantId: '00000000-0000-4000-8000-000000000000' }, ['haloClientId']],
      ['PUT', '/integrations/:id/clients/12/tenant', { tenantId: 'nope' }, ['tenantId']],
      ['POST', '/integrations/:id/clients/create-tenants', { haloClientIds: [] }, ['haloClientIds']],
      ['POST', '/integrations/:id/clients/create-tenants', { haloClientIds: ['a'] }, ['haloClientIds']],
      ['POST', '/integrations/:id/auto-map', { mappings: [{ haloClientId: 'x', tenantId: 'y' }] }, ['mappings[0].haloClientId', 'mappings[0].tenantId']],
      ['POST', '/tenants', { name: '' }, ['name']],
      ['PATCH', '/tenants/00000000-0000-4000-8000-000000000000', { name: 5 }, ['name']],
      ['PATCH', '/tenants/00000000-0000-4000-8000-000000000000', { name: null }, ['name']],
    ])('should answer 400 naming the fields when %s %s gets %j', async (method, path, json, fields) => {
      const link = await createLink();
      const res = await api<{ errors: { field: string }[] }>(method, path.replace(':id', link.id), json);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e) => e.field).sort()).toEqual(expect.arrayContaining(fields));
    });

    it('should answer 404 when the link does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/sync'], ['GET', '/clients'], ['GET', '/contract-types']] as const) {
        expect((await api(method, `/integrations/${missing}${path}`, method === 'PATCH' ? { name: 'x' } : undefined)).status).toBe(404);
      }
    });
  });

  describe('technicians', () => {
    const writes: [string, string, unknown][] = [
      ['POST', '/integrations', { name: 'x', haloUrl: 'https://h.example', clientId: 'a', clientSecret: 'b' }],
      ['PATCH', '/integrations/:id', { name: 'x' }],
      ['DELETE', '/integrations/:id', undefined],
      ['POST', '/integrations/:id/health-check', undefined],
      ['POST', '/integrations/:id/sync', undefined],
      ['POST', '/integrations/:id/sync-runs/00000000-0000-4000-8000-000000000000/approve', undefined],
      ['POST', '/integrations/:id/sync-runs/00000000-0000-4000-8000-000000000000/discard', undefined],
      ['PUT', '/integrations/:id/clients/12/tenant', { tenantId: '00000000-0000-4000-8000-000000000000' }],
      ['DELETE', '/integrations/:id/clients/12/tenant', undefined],
      ['POST', '/integrations/:id/clients/create-tenants', { haloClientIds: [12] }],
      ['POST', '/integrations/:id/auto-map', { mappings: [{ haloClientId: 12, tenantId: '00000000-0000-4000-8000-000000000000' }] }],
      ['POST', '/tenants', { name: 'x' }],
      ['PATCH', '/tenants/00000000-0000-4000-8000-000000000000', { name: 'x' }],
      ['DELETE', '/tenants/00000000-0000-4000-8000-000000000000', undefined],
    ];
    it.each(writes)('should answer 403 when a technician calls %s %s', async (method, path, json) => {
      const link = await createLink();
      const res = await api(method, path.replace(':id', link.id), json, tech);
      expect(res.status).toBe(403);
      expect((await api<IntegrationSummary>('GET', `/integrations/${link.id}`)).body.name).toBe('Acme Halo');
    });
  });

  describe('health check', () => {
    it('should show every permission granted when the application has all scopes, and keep the result as the health', async () => {
      const link = await createLink();
      const res = await api<IntegrationHealth>('POST', `/integrations/${link.id}/health-check`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ connected: true, ok: true, errorCode: null }));
      expect(res.body.permissions.map((p) => p.permission)).toEqual(expect.arrayContaining(['read:customers', 'read:contracts', 'edit:reporting', 'read:invoices']));
      expect(res.body.requestsUsed).toBeGreaterThan(0);
      expect((await api<IntegrationSummary>('GET', `/integrations/${link.id}`)).body.health).toEqual(res.body);
    });

    it('should show the missing permission with the fix when the application lacks a scope', async () => {
      await sim.admin('POST', '/_sim/applications', { clientId: 'no-reporting', clientSecret: SECRET, scopes: ['all:standard'] });
      const link = await createLink({ clientId: 'no-reporting' });
      const { body } = await api<IntegrationHealth>('POST', `/integrations/${link.id}/health-check`);
      expect(body.connected).toBe(true);
      expect(body.ok).toBe(false);
      const reporting = body.permissions.find((p) => p.permission === 'edit:reporting');
      expect(reporting).toEqual(expect.objectContaining({ status: 'missing', action: expect.stringMatching(/edit:reporting/) }));
      expect(body.permissions.find((p) => p.permission === 'read:customers')?.status).toBe('granted');
    });

    it('should report a failed connection, not an error, when the secret is wrong', async () => {
      const link = await createLink({ clientSecret: 'wrong' });
      const res = await api<IntegrationHealth>('POST', `/integrations/${link.id}/health-check`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ connected: false, ok: false, errorCode: 'invalid_credentials', permissions: [] }));
    });
  });

  describe('sync', () => {
    let link: IntegrationSummary;
    let first: SyncRun;

    beforeAll(async () => {
      link = await createLink({ name: 'Synced' });
      first = await sync(link.id);
    });

    it('should read every resource into the snapshot and record counts and Halo requests', async () => {
      const { counts } = await sim.state();
      expect(first).toEqual(expect.objectContaining({ status: 'succeeded', trigger: 'manual', source: 'report', error: null }));
      expect(first.counts).toEqual({
        clients: counts['clients'], sites: counts['sites'], users: counts['users'], contracts: counts['contracts'],
        recurringInvoices: counts['invoices'], recurringLines: counts['invoiceLines'], items: counts['items'],
      });
      expect(first.haloRequests).toBeGreaterThan(5);
      const snap = await snapshot(link.id);
      expect(snap.clients.length).toBe(counts['clients']);
      expect(snap.recurringInvoices.flatMap((i) => i.lines).length).toBe(counts['invoiceLines']);
      expect(Object.keys(snap.contracts[0]!).sort()).toEqual(['active', 'client_id', 'contracttype_name', 'end_date', 'expired', 'id', 'ref', 'site_id', 'start_date']);
    });

    it('should hand @entitle/rules a snapshot it accepts as is and resolves contract targeting from', async () => {
      const snap = await snapshot(link.id);
      const asOf = new Date().toISOString().slice(0, 10);
      const input = parseResolutionInput(JSON.parse(JSON.stringify({
        asOf,
        halo: snap,
        tenants: snap.clients.map((c) => ({ id: `t${c.id}`, name: c.name, haloClientId: c.id })),
        computers: snap.clients.map((c) => ({ id: `pc${c.id}`, tenantId: `t${c.id}`, haloSiteId: null, kind: 'workstation' })),
        deployments: [{ id: 'd1', software: 'huntress', action: 'install', enforcement: 'required', target: { kind: 'contractType', contractTypes: ['Managed Security'] } }],
      })));
      expect(input.halo).toEqual(snap);
      const covered = Object.entries(resolve(input).computers).filter(([, entries]) => entries.some((e) => e.software === 'huntress')).map(([id]) => Number(id.slice(2)));
      const types = (await api<ContractTypeEntry[]>('GET', `/integrations/${link.id}/contract-types`)).body;
      // Whole-client contracts only count for a computer without a site, so at most the clients the catalog counts.
      expect(covered.length).toBeGreaterThan(0);
      expect(covered.length).toBeLessThanOrEqual(types.find((ty) => ty.name === 'Managed Security')!.clients);
    });

    it('should give the same snapshot through the REST lists when reporting is not permitted', async () => {
      await sim.admin('POST', '/_sim/applications', { clientId: 'rest-only', clientSecret: SECRET, scopes: ['all:standard'] });
      const rest = await createLink({ clientId: 'rest-only' });
      const run = await sync(rest.id);
      expect(run).toEqual(expect.objectContaining({ status: 'succeeded', source: 'rest' }));
      expect(run.counts).toEqual(first.counts);
      expect(await snapshot(rest.id)).toEqual(await snapshot(link.id));
    });

    it('should complete a second sync with nothing changed and list both runs newest first', async () => {
      const before = await snapshot(link.id);
      const second = await sync(link.id);
      expect(second).toEqual(expect.objectContaining({ status: 'succeeded', counts: first.counts }));
      expect(second.haloRequests).toBeGreaterThan(0);
      expect(await snapshot(link.id)).toEqual(before);
      const runs = (await api<SyncRun[]>('GET', `/integrations/${link.id}/sync-runs`, undefined, tech)).body;
      expect(runs.slice(0, 2).map((r) => r.id)).toEqual([second.id, first.id]);
      expect((await api<IntegrationSummary>('GET', `/integrations/${link.id}`)).body.lastSync?.id).toBe(second.id);
    });

    it.each([
      ['Halo answers every request with 500', async () => { await sim.admin('POST', '/_sim/faults', { errorRate: 1 }); }, /^unavailable: /],
      ['the secret is wrong', async (id: string) => { await api('PATCH', `/integrations/${id}`, { clientSecret: 'not-the-secret' }); }, /^invalid_credentials: /],
    ])('should fail the run with a clear error and leave the snapshot unchanged when %s', async (_what, breakIt, error) => {
      const victim = await createLink({ name: 'Victim' });
      expect((await sync(victim.id)).status).toBe('succeeded');
      const before = await snapshot(victim.id);
      await breakIt(victim.id);
      try {
        const run = await sync(victim.id);
        expect(run.status).toBe('failed');
        expect(run.error).toMatch(error);
        expect(run.finishedAt).not.toBeNull();
      } finally {
        await sim.admin('POST', '/_sim/faults', {});
      }
      expect(await snapshot(victim.id)).toEqual(before);
    });

    it('should answer 409 to another sync or a deletion when a sync is already running for the link', async () => {
      await sim.admin('POST', '/_sim/faults', { latencyMs: 100 });
      try {
        const started = await api<StartSyncResponse>('POST', `/integrations/${link.id}/sync`);
        expect(started.status).toBe(202);
        expect(started.body.run.status).toBe('running');
        const again = await api('POST', `/integrations/${link.id}/sync`);
        expect(again.status).toBe(409);
        expect((await api('DELETE', `/integrations/${link.id}`)).status).toBe(409);
        await t.app.get(HaloSyncService).idle();
        expect((await api<SyncRun>('GET', `/integrations/${link.id}/sync-runs/${started.body.run.id}`)).body.status).toBe('succeeded');
      } finally {
        await sim.admin('POST', '/_sim/faults', {});
      }
    });

    it('should mark a run left running by a dead process as abandoned when the next sync starts', async () => {
      const db = t.app.get(DataSource);
      const [stale] = (await db.query(`INSERT INTO sync_runs (integration_id, trigger, status) VALUES ($1, 'manual', 'running') RETURNING id`, [link.id])) as { id: string }[];
      expect((await sync(link.id)).status).toBe('succeeded');
      const run = (await api<SyncRun>('GET', `/integrations/${link.id}/sync-runs/${stale!.id}`)).body;
      expect(run).toEqual(expect.objectContaining({ status: 'abandoned', error: expect.stringMatching(/stopped before it finished/) }));
    });

    it('should list contract types and recurring items counted as targeting.md R3 and R6 count them', async () => {
      const snap = await snapshot(link.id);
      const today = new Date().toISOString().slice(0, 10);
      const day = (d: string | null): string | null => d?.slice(0, 10) ?? null;
      const dated = (s: string | null, e: string | null): boolean => (!s || day(s)! <= today) && (!e || day(e)! >= today || Number(e.slice(0, 4)) >= 2099);
      const counting = new Set(snap.clients.filter((c) => !c.inactive).map((c) => c.id));
      const contractInForce = (c: HaloSnapshot['contracts'][number]): boolean => counting.has(c.client_id) && c.active && !c.expired && dated(c.start_date, c.end_date);
      const expectedTypes = new Map<string, { inForce: number; clients: Set<number>; total: number }>();
      for (const c of snap.contracts) {
        if (!c.contracttype_name?.trim()) continue;
        const e = expectedTypes.get(c.contracttype_name.trim().toLowerCase()) ?? { inForce: 0, clients: new Set<number>(), total: 0 };
        e.total++;
        if (contractInForce(c)) {
          e.inForce++;
          e.clients.add(c.client_id);
        }
        expectedTypes.set(c.contracttype_name.trim().toLowerCase(), e);
      }
      const types = (await api<ContractTypeEntry[]>('GET', `/integrations/${link.id}/contract-types`, undefined, tech)).body;
      expect(types.length).toBe(expectedTypes.size);
      for (const type of types) {
        const e = expectedTypes.get(type.name.toLowerCase())!;
        expect(type).toEqual({ name: type.name, contractsInForce: e.inForce, clients: e.clients.size, contractsTotal: e.total });
      }
      expect(types.some((ty) => ty.contractsInForce > 0)).toBe(true);

      const contracts = new Map(snap.contracts.map((c) => [c.id, c]));
      const expectedItems = new Map<number, { clients: Set<number>; qty: number; lines: number }>();
      for (const inv of snap.recurringInvoices) {
        const invCounts = !inv.disabled && counting.has(inv.client_id) && dated(inv.startdate, inv.enddate)
          && (!inv.contract_id || (contracts.has(inv.contract_id) && contractInForce(contracts.get(inv.contract_id)!)));
        for (const l of inv.lines) {
          if (l._itemid === null) continue;
          const e = expectedItems.get(l._itemid) ?? { clients: new Set<number>(), qty: 0, lines: 0 };
          e.lines++;
          if (invCounts && !l.isinactive && l.qty_order > 0 && dated(l.startdate, l.enddate)) {
            e.clients.add(inv.client_id);
            e.qty += l.qty_order;
          }
          expectedItems.set(l._itemid, e);
        }
      }
      const items = (await api<RecurringItemEntry[]>('GET', `/integrations/${link.id}/recurring-items`)).body;
      expect(items.map((i) => i.itemId).sort()).toEqual([...expectedItems.keys()].sort());
      for (const item of items) {
        const e = expectedItems.get(item.itemId)!;
        expect({ clients: item.clients, qty: item.totalQuantity, lines: item.lines }).toEqual({ clients: e.clients.size, qty: expect.closeTo(e.qty, 6), lines: e.lines });
        expect(item.name).toBe(snap.items.find((i) => i.id === item.itemId)?.name);
      }
    });

    it('should start scheduled syncs only for enabled links whose interval has elapsed', async () => {
      const cron = t.app.get(IntegrationsCron);
      const db = t.app.get(DataSource);
      // Only the links this test creates are candidates: the others get a fresh run stamp far in the future.
      await db.query(`UPDATE sync_runs SET started_at = now() + interval '1 day' WHERE status <> 'running'`);
      const due = await createLink({ name: 'Due', syncIntervalMinutes: 15 });
      const disabled = await createLink({ name: 'Off', enabled: false });
      await db.query(`UPDATE integrations SET enabled = false WHERE id NOT IN ($1, $2)`, [due.id, disabled.id]);
      expect(await cron.syncDue()).toBe(1);
      const [run] = (await api<SyncRun[]>('GET', `/integrations/${due.id}/sync-runs`)).body;
      expect(run).toEqual(expect.objectContaining({ trigger: 'schedule', status: 'succeeded' }));
      expect((await api<SyncRun[]>('GET', `/integrations/${disabled.id}/sync-runs`)).body).toEqual([]);
      expect(await cron.syncDue(new Date(Date.now() + 14 * 60_000))).toBe(0);
      expect(await cron.syncDue(new Date(Date.now() + 16 * 60_000))).toBe(1);
    });
  });

  describe('tenants and mapping', () => {
    let link: IntegrationSummary;
    let clients: HaloClientEntry[];
    const tenant = async (name: string): Promise<TenantSummary> => {
      const res = await api<TenantSummary>('POST', '/tenants', { name });
      expect(res.status).toBe(201);
      return res.body;
    };

    beforeAll(async () => {
      link = await createLink({ name: 'Mapping' });
      await sync(link.id);
      clients = (await api<HaloClientEntry[]>('GET', `/integrations/${link.id}/clients`, undefined, tech)).body;
      expect(clients.length).toBeGreaterThan(10);
    });

    it('should create, rename, refuse a duplicate name for, and delete a tenant', async () => {
      const a = await tenant('Tenant Crud');
      expect(a.mapping).toBeNull();
      expect((await api('POST', '/tenants', { name: 'tenant crud' })).status).toBe(409);
      expect((await api<TenantSummary>('PATCH', `/tenants/${a.id}`, { name: 'Tenant Crud 2' })).body.name).toBe('Tenant Crud 2');
      expect((await api<TenantSummary[]>('GET', '/tenants', undefined, tech)).body.map((x) => x.id)).toContain(a.id);
      expect((await api('DELETE', `/tenants/${a.id}`)).status).toBe(204);
      expect((await api('GET', `/tenants/${a.id}`)).status).toBe(404);
    });

    it('should map a client to a tenant, refuse to overwrite either side, and unmap', async () => {
      const [c1, c2] = clients;
      const a = await tenant('Map Target A');
      const b = await tenant('Map Target B');
      const mapped = await api<HaloClientEntry>('PUT', `/integrations/${link.id}/clients/${c1!.haloClientId}/tenant`, { tenantId: a.id });
      expect(mapped.status).toBe(200);
      expect(mapped.body.tenant).toEqual({ id: a.id, name: 'Map Target A' });
      expect((await api<TenantSummary>('GET', `/tenants/${a.id}`)).body.mapping).toEqual({ integrationId: link.id, haloClientId: c1!.haloClientId });
      expect((await api('PUT', `/integrations/${link.id}/clients/${c1!.haloClientId}/tenant`, { tenantId: b.id })).status).toBe(409);
      expect((await api('PUT', `/integrations/${link.id}/clients/${c2!.haloClientId}/tenant`, { tenantId: a.id })).status).toBe(409);
      expect((await api('PUT', `/integrations/${link.id}/clients/999999/tenant`, { tenantId: b.id })).status).toBe(404);
      const unmapped = await api<HaloClientEntry>('DELETE', `/integrations/${link.id}/clients/${c1!.haloClientId}/tenant`);
      expect(unmapped.body.tenant).toBeNull();
      expect((await api<TenantSummary>('GET', `/tenants/${a.id}`)).body.mapping).toBeNull();
    });

    it('should create tenants for selected unmapped clients and skip the ones that cannot get one', async () => {
      const [, , c3, c4, c5] = clients;
      await tenant(c5!.name.toUpperCase());
      const res = await api<BulkMappingResult>('POST', `/integrations/${link.id}/clients/create-tenants`, { haloClientIds: [c3!.haloClientId, c4!.haloClientId, c5!.haloClientId, 999999] });
      expect(res.status).toBe(200);
      expect(res.body.applied.map((a) => [a.haloClientId, a.tenantName])).toEqual([[c3!.haloClientId, c3!.name], [c4!.haloClientId, c4!.name]]);
      expect(res.body.skipped.map((s) => s.haloClientId)).toEqual([c5!.haloClientId, 999999]);
      const again = await api<BulkMappingResult>('POST', `/integrations/${link.id}/clients/create-tenants`, { haloClientIds: [c3!.haloClientId] });
      expect(again.body).toEqual({ applied: [], skipped: [{ haloClientId: c3!.haloClientId, reason: expect.stringMatching(/already mapped/) }] });
      await api('DELETE', `/integrations/${link.id}/clients/${c3!.haloClientId}/tenant`);
      await api('DELETE', `/integrations/${link.id}/clients/${c4!.haloClientId}/tenant`);
      for (const x of (await api<TenantSummary[]>('GET', '/tenants')).body) await api('DELETE', `/tenants/${x.id}`);
    });

    it('should propose exact then normalised matches, leave ambiguous ones out, and never overwrite a mapping', async () => {
      const [exactC, normC, ambC, keptC] = clients.slice(5);
      const exact = await tenant(exactC!.name);
      const normalised = await tenant(`${normC!.name.toUpperCase().replace(/\s+/g, '  ')}, LLC.`);
      const amb1 = await tenant(`${ambC!.name} Ltd`);
      const amb2 = await tenant(`${ambC!.name.toLowerCase()} inc`);
      const kept = await tenant('Already Mapped Elsewhere');
      await api('PUT', `/integrations/${link.id}/clients/${keptC!.haloClientId}/tenant`, { tenantId: kept.id });
      await tenant(`${keptC!.name} Limited`);

      const proposal = (await api<AutoMapProposal>('GET', `/integrations/${link.id}/auto-map`, undefined, tech)).body;
      expect(proposal.suggestions).toEqual(expect.arrayContaining([
        { haloClientId: exactC!.haloClientId, clientName: exactC!.name, tenantId: exact.id, tenantName: exact.name, match: 'exact' },
        { haloClientId: normC!.haloClientId, clientName: normC!.name, tenantId: normalised.id, tenantName: normalised.name, match: 'normalised' },
      ]));
      expect(proposal.suggestions.some((s) => s.haloClientId === ambC!.haloClientId || s.haloClientId === keptC!.haloClientId)).toBe(false);
      expect(proposal.ambiguous).toEqual(expect.arrayContaining([{ haloClientId: ambC!.haloClientId, clientName: ambC!.name, tenantIds: expect.arrayContaining([amb1.id, amb2.id]), match: 'normalised' }]));
      // Nothing is applied until confirmed.
      expect((await api<TenantSummary>('GET', `/tenants/${exact.id}`)).body.mapping).toBeNull();

      const confirmed = await api<BulkMappingResult>('POST', `/integrations/${link.id}/auto-map`, {
        mappings: [
          { haloClientId: exactC!.haloClientId, tenantId: exact.id },
          { haloClientId: normC!.haloClientId, tenantId: normalised.id },
          { haloClientId: keptC!.haloClientId, tenantId: amb1.id },
        ],
      });
      expect(confirmed.body.applied.map((a) => a.haloClientId)).toEqual([exactC!.haloClientId, normC!.haloClientId]);
      expect(confirmed.body.skipped).toEqual([{ haloClientId: keptC!.haloClientId, reason: 'already mapped' }]);
      expect((await api<TenantSummary>('GET', `/tenants/${kept.id}`)).body.mapping?.haloClientId).toBe(keptC!.haloClientId);
    });
  });
});
