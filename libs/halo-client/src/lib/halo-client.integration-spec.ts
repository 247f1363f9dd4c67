import { fakeTime } from '../../test/fake-halo';
import { HaloSimProcess, startHaloSim } from '../../test/halo-sim-process';
import { contractsFromRest } from './contracts-with-lines';
import { HaloClient, HaloClientOptions } from './halo-client';
import { HaloError, HaloErrorCode } from './halo-error';
import { resetSharedLimiters } from './rate-limiter';

const CLIENT_ID = 'entitle-it';
const CLIENT_SECRET = '5e3c1f0a-1111-4c2b-9d1e-0a0b0c0d0e0f-7a6b5c4d-2222-4e3f-8a9b-1c2d3e4f5a6b';

interface SimState {
  counts: Record<string, number>;
  counters: { apiRequests: number; rateLimited: number };
  tokens: number;
}

async function failure(promise: Promise<unknown>): Promise<HaloError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HaloError) return error;
    throw error;
  }
  throw new Error('expected a HaloError');
}

// The simulator's report database (PGlite) loads its tables on the first report; allow for a slow shared CPU.
jest.setTimeout(30_000);

describe(`${HaloClient.name} against halo-sim`, () => {
  let sim: HaloSimProcess;
  let counts: Record<string, number>;

  beforeAll(async () => {
    sim = await startHaloSim(['--seed', '1', '--clients', '30', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET]);
    counts = ((await sim.admin('GET', '/_sim/state')) as SimState).counts;
  }, 60_000);
  afterAll(() => sim.stop());
  beforeEach(async () => {
    resetSharedLimiters();
    await sim.admin('POST', '/_sim/faults', {});
    await sim.admin('POST', '/_sim/reset');
  });

  const state = async (): Promise<SimState> => (await sim.admin('GET', '/_sim/state')) as SimState;

  function client(options: Partial<HaloClientOptions> = {}): HaloClient {
    const time = fakeTime();
    return new HaloClient({ url: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clock: time.clock, sleep: time.sleep, ...options });
  }

  /** Counts the requests to one API path through a wrapped fetch (real HTTP underneath). */
  function countingFetch(path: string, before?: (n: number) => Promise<void>): { fetch: typeof fetch; calls: () => URL[] } {
    const seen: URL[] = [];
    return {
      calls: () => seen,
      fetch: async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : input.toString());
        if (url.pathname === path) {
          seen.push(url);
          await before?.(seen.length);
        }
        return fetch(input, init);
      },
    };
  }

  describe('full reads', () => {
    it.each([
      ['clients', (c: HaloClient) => c.listClients({ includeInactive: true })],
      ['sites', (c: HaloClient) => c.listSites({ includeInactive: true })],
      ['users', (c: HaloClient) => c.listUsers({ includeInactive: true })],
      ['contracts', (c: HaloClient) => c.listContracts({ includeInactive: true })],
      ['invoices', (c: HaloClient) => c.listRecurringInvoices({ includeInactive: true, includeLines: true })],
      ['items', (c: HaloClient) => c.listItems({ includeInactive: true })],
      ['assets', (c: HaloClient) => c.listAssets({ includeInactive: true, pageSize: 100 })],
      ['assettypes', (c: HaloClient) => c.listAssetTypes()],
      ['tickets', (c: HaloClient) => c.listTickets()],
    ])('should read every %s row when the list spans pages', async (resource, read) => {
      const rows = await read(client());
      expect(rows).toHaveLength(counts[resource]);
      expect(new Set(rows.map((r) => r.id)).size).toBe(counts[resource]);
    });

    it('should read recurring-invoice lines with integer item ids when includelines is set', async () => {
      const invoices = await client().listRecurringInvoices({ includeLines: true, includeInactive: true });
      const lines = invoices.flatMap((invoice) => invoice.lines);
      expect(lines).toHaveLength(counts['invoiceLines']);
      expect(invoices.every((invoice) => invoice.id < 0)).toBe(true);
      expect(lines.every((line) => line._itemid === null || Number.isInteger(line._itemid))).toBe(true);
    });

    it('should serve integer foreign keys when Halo sends doubles', async () => {
      const sites = await client().listSites();
      const users = await client().listUsers();
      expect(sites.every((s) => s.client_id === null || Number.isInteger(s.client_id))).toBe(true);
      expect(users.every((u) => u.site_id === null || Number.isInteger(u.site_id))).toBe(true);
    });

    it('should turn 1900-01-01 into null when a contract has no end date', async () => {
      const contracts = await client().listContracts({ includeInactive: true });
      expect(contracts.every((c) => c.end_date === null || c.end_date > '1901')).toBe(true);
      expect(contracts.every((c) => c.start_date === null || /Z$/.test(c.start_date))).toBe(true);
    });
  });

  describe('paging edge cases', () => {
    it('should make one request when the list is empty', async () => {
      const counter = countingFetch('/api/Site');
      expect(await client({ fetch: counter.fetch }).listSites({ query: { client_id: 999_999 } })).toEqual([]);
      expect(counter.calls()).toHaveLength(1);
    });

    it('should read one row when a filter matches one record', async () => {
      const [first] = await client().listClients();
      const counter = countingFetch('/api/Client');
      const found = await client({ fetch: counter.fetch }).listClients({ query: { search: first.name } });
      expect(found.map((c) => c.id)).toContain(first.id);
      expect(counter.calls()).toHaveLength(1);
    });

    it('should stop after one request when the rows fill exactly one page', async () => {
      const counter = countingFetch('/api/Client');
      expect(await client({ fetch: counter.fetch }).listClients({ includeInactive: true, pageSize: counts['clients'] })).toHaveLength(counts['clients']);
      expect(counter.calls()).toHaveLength(1);
    });

    it('should read every ticket in 100-row pages when page_size asks for more', async () => {
      const counter = countingFetch('/api/Tickets');
      const tickets = await client({ fetch: counter.fetch }).listTickets({ pageSize: 1000 });
      expect(counts['tickets']).toBeGreaterThan(100);
      expect(tickets).toHaveLength(counts['tickets']);
      expect(counter.calls().map((u) => u.searchParams.get('page_size'))).toEqual(['100', '100']);
    });

    it('should return what arrived and warn when record_count is larger than the rows Halo has', async () => {
      // Halo's record_count can run ahead of the rows (records deleted mid-read): inflate it on the wire.
      const inflating: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!new URL(input.toString()).pathname.endsWith('/api/Item')) return response;
        const body = (await response.json()) as { record_count: number };
        return new Response(JSON.stringify({ ...body, record_count: body.record_count + 25 }), { status: response.status, headers: response.headers });
      };
      const warnings: Record<string, unknown>[] = [];
      const items = await client({ fetch: inflating, pageSize: 5, logger: { warn: (_m, context) => warnings.push(context ?? {}) } }).listItems({ includeInactive: true });
      expect(items).toHaveLength(counts['items']);
      expect(warnings).toEqual([{ path: '/Item', recordCount: counts['items'] + 25, received: counts['items'] }]);
    });
  });

  describe('resilience', () => {
    it('should refresh the token and finish when tokens expire mid-run', async () => {
      const counter = countingFetch('/api/Asset', async (n) => {
        if (n === 3) await sim.admin('POST', '/_sim/expire-tokens');
      });
      const tokenRequests: number[] = [];
      const halo = client({ fetch: counter.fetch, onRequest: (e) => e.path.startsWith('/auth/token') && tokenRequests.push(e.status ?? 0) });
      const assets = await halo.listAssets({ includeInactive: true, pageSize: 100 });
      expect(assets).toHaveLength(counts['assets']);
      expect(tokenRequests).toEqual([200, 200]);
      // Page 3 was refused once with 401, then sent again with the new token.
      expect(counter.calls().map((u) => u.searchParams.get('page_no'))).toEqual(['1', '2', '3', '3', '4', '5', '6']);
    });

    it('should wait out a 429 storm and finish when the budget is far below the work', async () => {
      await sim.admin('POST', '/_sim/faults', { rateLimit: 5 });
      const sleeps: number[] = [];
      let now = Date.UTC(2026, 11, 4);
      // Sleeping "passes" the simulator's 5-minute window too, so the test never really waits.
      const sleep = async (ms: number): Promise<void> => {
        sleeps.push(ms);
        now += ms;
        await sim.admin('POST', '/_sim/reset');
      };
      let refused = 0;
      const halo = client({ clock: () => now, sleep, pageSize: 2, onRequest: (e) => (refused += e.status === 429 ? 1 : 0) });
      const clients = await halo.listClients({ includeInactive: true });
      expect(clients).toHaveLength(counts['clients']);
      expect(refused).toBeGreaterThan(1);
      expect(sleeps).toHaveLength(refused);
      // The simulator sends Retry-After; the client honours it instead of its 30 s default.
      expect(sleeps.every((ms) => ms > 0 && ms <= 300_000)).toBe(true);
    });

    it('should retry injected 5xx and finish when failures are intermittent', async () => {
      await sim.admin('POST', '/_sim/faults', { errorRate: 0.3 });
      expect(await client({ maxRetries: 8 }).listClients({ includeInactive: true, pageSize: 5 })).toHaveLength(counts['clients']);
      expect((await state()).counters.apiRequests).toBeGreaterThan(6);
    });

    it('should say Halo is unavailable when every request fails with 500', async () => {
      await sim.admin('POST', '/_sim/faults', { errorRate: 1 });
      const error = await failure(client({ maxRetries: 2 }).listClients());
      expect(error).toMatchObject({ code: HaloErrorCode.Unavailable, status: 500 });
      expect(error.message).toMatch(/try again later/);
      expect(error.message).toContain('injected by halo-sim');
    });

    it('should say the response is malformed when Halo sends broken JSON', async () => {
      await sim.admin('POST', '/_sim/faults', { malformedRate: 1 });
      const error = await failure(client({ maxRetries: 1 }).listClients());
      expect(error.code).toBe(HaloErrorCode.MalformedResponse);
    });

    it('should time out with a typed error when Halo holds the request', async () => {
      await sim.admin('POST', '/_sim/faults', { timeoutRate: 1 });
      const error = await failure(client({ timeoutMs: 200, maxRetries: 1 }).listItems());
      expect(error.code).toBe(HaloErrorCode.Timeout);
    });

    it('should reject wrong credentials without echoing the secret', async () => {
      const error = await failure(client({ clientSecret: 'wrong-secret-value' }).listClients());
      expect(error.code).toBe(HaloErrorCode.InvalidCredentials);
      expect(error.message).not.toContain('wrong-secret-value');
    });
  });

  describe('single records and writes', () => {
    it('should create an asset, update it by id and read it back', async () => {
      const halo = client();
      const [type] = await halo.listAssetTypes();
      const [site] = await halo.listSites();
      const [created] = await halo.saveAssets([{ inventory_number: 'IT-0001', site_id: site.id, assettype_id: type.id, inactive: false }]);
      expect(created).toMatchObject({ inventory_number: 'IT-0001', site_id: site.id, assettype_id: type.id });
      const [updated] = await halo.saveAssets([{ id: created.id, inventory_number: 'IT-0001-B' }]);
      expect(updated.id).toBe(created.id);
      expect(await halo.getAsset(created.id)).toMatchObject({ id: created.id, inventory_number: 'IT-0001-B', site_id: site.id });
    });

    it('should answer not_found when a ticket does not exist', async () => {
      expect((await failure(client().getTicket(987_654))).code).toBe(HaloErrorCode.NotFound);
    });

    it('should read one ticket with its assets when it exists', async () => {
      const [first] = await client().listTickets();
      expect(await client().getTicket(first.id)).toMatchObject({ id: first.id, summary: first.summary, client_id: first.client_id });
    });
  });

  describe('reports', () => {
    it('should return the same contracts with lines through the report as through the REST lists', async () => {
      const halo = client();
      const viaReport = await halo.readContractsWithLines();
      expect(viaReport.source).toBe('report');
      const used = halo.requestsUsed;
      const all = { includeInactive: true };
      const viaRest = contractsFromRest(
        await halo.listContracts(all),
        await halo.listRecurringInvoices({ ...all, includeLines: true }),
        await halo.listItems(all),
      );
      expect(viaReport.contracts).toEqual(viaRest);
      expect(viaReport.contracts).toHaveLength(counts['contracts']);
      expect(viaReport.contracts.flatMap((c) => c.recurringInvoices).length).toBeGreaterThan(0);
      // One report request (plus discovery and token) instead of a page walk over three lists.
      expect(used).toBe(3);
    });

    it('should convert numeric cells and keep text when running ad-hoc SQL', async () => {
      const report = await client().runReport('SELECT a.Aarea AS id, a.aareadesc AS name FROM AREA a WHERE a.Aarea = 12');
      expect(report.rows).toEqual([{ id: 12, name: expect.any(String) }]);
    });

    it('should raise bad_request naming the SQL when the query is invalid', async () => {
      const error = await failure(client().runReport('SELECT nope FROM AREA'));
      expect(error).toMatchObject({ code: HaloErrorCode.BadRequest, field: 'sql' });
    });
  });
});
