import { fakeTime, FakeHalo, FakeReply, FakeRequest, pagedList } from '../../test/fake-halo';
import { HaloClient, HaloClientOptions, HaloRequestEvent } from './halo-client';
import { HaloError, HaloErrorCode } from './halo-error';
import { resetSharedLimiters } from './rate-limiter';

const SECRET = 'c2a2e6b0-0000-4000-8000-000000000001-9f1d7a52-0000-4000-8000-000000000002';

async function failure(promise: Promise<unknown>): Promise<HaloError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HaloError) return error;
    throw error;
  }
  throw new Error('expected a HaloError');
}

function rows(count: number, from = 1): { id: number; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({ id: from + i, name: `row ${from + i}` }));
}

describe(HaloClient.name, () => {
  let halo: FakeHalo;
  let time: ReturnType<typeof fakeTime>;
  let events: HaloRequestEvent[];

  beforeEach(async () => {
    resetSharedLimiters();
    halo = await new FakeHalo().start();
    time = fakeTime();
    events = [];
  });
  afterEach(() => halo.stop());

  function client(options: Partial<HaloClientOptions> = {}): HaloClient {
    return new HaloClient({
      url: halo.url, clientId: 'app-id', clientSecret: SECRET, clock: time.clock, sleep: time.sleep, random: () => 1,
      timeoutMs: 2_000, onRequest: (event) => events.push(event), ...options,
    });
  }

  function route(routes: Record<string, (request: FakeRequest) => FakeReply>): void {
    halo.handler = (request) => routes[`${request.method} ${request.path}`]?.(request);
  }

  describe('authentication', () => {
    it('should discover the auth URL and tenant when /api/authinfo names them', async () => {
      route({
        'GET /api/authinfo': () => ({ json: { auth_url: `${halo.url}/idp`, tenant_id: 'acme' } }),
        'POST /idp/token': (r) => ({ json: { access_token: 'tok', expires_in: 3600, scope: 'all', tenant: r.query.get('tenant') } }),
        'GET /api/Client': () => ({ json: { record_count: 0, clients: [] } }),
      });
      await client().listClients();
      const tokenRequest = halo.requests.find((r) => r.path === '/idp/token')!;
      expect(tokenRequest.query.get('tenant')).toBe('acme');
      expect(new URLSearchParams(tokenRequest.body).get('grant_type')).toBe('client_credentials');
      expect(new URLSearchParams(tokenRequest.body).get('scope')).toBe('all');
      expect(halo.apiRequests()[0].headers.authorization).toBe('Bearer tok');
    });

    it('should use the given auth URL without asking authinfo when one is configured', async () => {
      route({
        'POST /oauth/token': () => ({ json: { access_token: 'tok2', expires_in: 3600 } }),
        'GET /api/Client': () => ({ json: { record_count: 0, clients: [] } }),
      });
      await client({ authUrl: `${halo.url}/oauth/` }).listClients();
      expect(halo.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth/token', 'GET /api/Client']);
    });

    it('should fall back to <url>/auth/token when authinfo is not served', async () => {
      route({ 'GET /api/Client': () => ({ json: { record_count: 0, clients: [] } }) });
      await client({ tenant: 'given' }).listClients();
      const tokenRequest = halo.requests.find((r) => r.path === '/auth/token')!;
      expect(tokenRequest.query.get('tenant')).toBe('given');
    });

    it('should reuse the token and refresh it before it expires when calls span its lifetime', async () => {
      route({ 'GET /api/Client': () => ({ json: { record_count: 0, clients: [] } }) });
      const halo1 = client();
      await halo1.listClients();
      await halo1.listClients();
      expect(halo.tokenCount).toBe(1);
      time.advance(3600_000 - 30_000); // inside the refresh margin
      await halo1.listClients();
      expect(halo.tokenCount).toBe(2);
    });

    it('should request one token when concurrent calls start together', async () => {
      route({ 'GET /api/Client': () => ({ json: { record_count: 0, clients: [] } }), 'GET /api/Site': () => ({ json: { record_count: 0, sites: [] } }) });
      const shared = client();
      await Promise.all([shared.listClients(), shared.listSites(), shared.listClients()]);
      expect(halo.tokenCount).toBe(1);
    });

    it('should get a new token and retry once when Halo answers 401', async () => {
      let calls = 0;
      route({ 'GET /api/Client': () => (++calls === 1 ? { status: 401, raw: '' } : { json: { record_count: 1, clients: rows(1) } }) });
      expect(await client().listClients()).toHaveLength(1);
      expect(halo.tokenCount).toBe(2);
    });

    it('should report a missing permission when a fresh token is still refused', async () => {
      route({ 'GET /api/Tickets': () => ({ status: 401, raw: '' }) });
      const error = await failure(client().listTickets());
      expect(error.code).toBe(HaloErrorCode.MissingPermission);
      expect(error.permission).toBe('read:tickets');
      expect(halo.tokenCount).toBe(2);
    });

    it('should name the scope when Halo refuses it with invalid_scope', async () => {
      halo.tokenReply = () => ({ status: 400, json: { error: 'invalid_scope' } });
      const error = await failure(client({ scope: 'read:actions' }).listClients());
      expect(error).toMatchObject({ code: HaloErrorCode.MissingPermission, permission: 'read:actions' });
    });

    it.each([400, 401])('should say the credentials are wrong, without the secret, when the token request gets %p', async (status) => {
      halo.tokenReply = () => ({ status, json: { error: 'invalid_client', error_description: 'bad secret' } });
      const error = await failure(client().listClients());
      expect(error.code).toBe(HaloErrorCode.InvalidCredentials);
      expect(error.message).toMatch(/client id or secret/);
      expect(error.message).not.toContain(SECRET);
      expect(JSON.stringify(error)).not.toContain(SECRET);
    });
  });

  describe('paging', () => {
    it.each([
      ['empty', 0, 250],
      ['one row', 1, 250],
      ['exactly one page', 250, 250],
      ['several pages', 601, 250],
    ])('should read every row when the list is %s', async (_case, total, pageSize) => {
      route({ 'GET /api/Client': pagedList('clients', rows(total)) });
      const result = await client({ pageSize }).listClients();
      expect(result.map((r) => r.id)).toEqual(rows(total).map((r) => r.id));
      expect(halo.apiRequests()).toHaveLength(Math.max(1, Math.ceil(total / pageSize)));
    });

    it('should keep going past short pages when tickets cap pages at 100 whatever page_size says', async () => {
      route({ 'GET /api/Tickets': pagedList('tickets', rows(250).map((r) => ({ id: r.id, summary: r.name })), { cap: 100 }) });
      const tickets = await client().listTickets({ pageSize: 1000 });
      expect(tickets).toHaveLength(250);
      expect(halo.apiRequests().map((r) => r.query.get('page_size'))).toEqual(['100', '100', '100']);
    });

    it('should adopt the server page size when a first page is shorter than asked but record_count says more', async () => {
      route({ 'GET /api/Item': pagedList('items', rows(230), { cap: 100 }) });
      const items = await client({ pageSize: 500 }).listItems();
      expect(items).toHaveLength(230);
      expect(halo.apiRequests().map((r) => `${r.query.get('page_no')}/${r.query.get('page_size')}`)).toEqual(['1/500', '2/100', '3/100']);
    });

    it('should stop and warn when record_count is larger than what arrives', async () => {
      const warnings: string[] = [];
      route({ 'GET /api/Site': pagedList('sites', rows(120), { recordCount: 500 }) });
      const sites = await client({ pageSize: 50, logger: { warn: (message) => warnings.push(message) } }).listSites();
      expect(sites).toHaveLength(120);
      expect(warnings).toEqual(['Halo reported more rows than it returned']);
    });

    it('should read a bare array until a short page when the endpoint has no wrapper', async () => {
      const all = rows(7);
      route({ 'GET /api/AssetType': (r) => ({ json: all.slice((Number(r.query.get('page_no')) - 1) * 5, Number(r.query.get('page_no')) * 5) }) });
      expect(await client({ pageSize: 5 }).listAssetTypes()).toHaveLength(7);
    });

    it('should stop when a page repeats rows because the endpoint ignores paging', async () => {
      route({ 'GET /api/AssetType': () => ({ json: rows(5) }) });
      expect(await client({ pageSize: 5 }).listAssetTypes()).toHaveLength(5);
      expect(halo.apiRequests()).toHaveLength(2);
    });

    it('should pass includeinactive and includelines when asked', async () => {
      route({ 'GET /api/RecurringInvoice': () => ({ json: { record_count: 1, invoices: [{ id: -151, sitenumber: 30.0, lines: [{ id: 9, _itemid: 77.0, qty_order: '25' }] }] } }) });
      const [invoice] = await client().listRecurringInvoices({ includeLines: true, includeInactive: true });
      expect(halo.apiRequests()[0].query.get('includelines')).toBe('true');
      expect(halo.apiRequests()[0].query.get('includeinactive')).toBe('true');
      expect(invoice.site_id).toBe(30);
      expect(invoice.lines[0]).toMatchObject({ id: 9, _itemid: 77, qty_order: 25, startdate: null });
    });
  });

  describe('rate limit and retries', () => {
    it('should wait Retry-After seconds and finish when Halo answers 429 with the header', async () => {
      let calls = 0;
      route({ 'GET /api/Client': () => (++calls <= 2 ? { status: 429, headers: { 'retry-after': '7' }, raw: 'Rate Limit Reached' } : { json: { record_count: 0, clients: [] } }) });
      await client().listClients();
      expect(time.sleeps).toEqual([7_000, 7_000]);
    });

    it('should wait at least 30 s when a 429 carries no Retry-After', async () => {
      let calls = 0;
      route({ 'GET /api/Client': () => (++calls <= 2 ? { status: 429, raw: 'Rate Limit Reached - 700 Requests per rolling 5 minute window' } : { json: { record_count: 0, clients: [] } }) });
      await client().listClients();
      expect(time.sleeps).toEqual([30_000, 60_000]);
    });

    it('should give up with rate_limited when 429s outlast the allowed wait', async () => {
      route({ 'GET /api/Client': () => ({ status: 429, raw: 'Rate Limit Reached' }) });
      const error = await failure(client({ maxRateLimitWaitMs: 120_000 }).listClients());
      expect(error.code).toBe(HaloErrorCode.RateLimited);
      expect(error.message).toMatch(/try again in a few minutes/);
    });

    it('should wait for a slot instead of sending when the request budget is spent', async () => {
      route({ 'GET /api/Client': pagedList('clients', rows(10)) });
      const limited = client({ requestBudget: 3, pageSize: 2 });
      await limited.listClients();
      // authinfo + token + 5 pages = 7 requests through a budget of 3 per 5 minutes: two full-window waits.
      expect(limited.requestsUsed).toBe(7);
      expect(time.sleeps).toEqual([300_000, 300_000]);
    });

    it('should share one budget when two clients talk to the same Halo', async () => {
      route({ 'GET /api/Client': () => ({ json: { record_count: 0, clients: [] } }) });
      const first = client({ requestBudget: 4 });
      const second = client({ requestBudget: 4, url: `${halo.url}/api/` });
      await first.listClients(); // authinfo, token, list: 3 of 4
      await second.listClients(); // the 4th goes through, then the window is full
      expect(first.requestsUsed + second.requestsUsed).toBe(6);
      expect(time.sleeps).toEqual([300_000]);
    });

    it('should retry with jittered backoff and succeed when Halo has a transient 503', async () => {
      let calls = 0;
      route({ 'GET /api/Client': () => (++calls <= 2 ? { status: 503, raw: 'busy' } : { json: { record_count: 0, clients: [] } }) });
      await client().listClients();
      expect(time.sleeps).toEqual([500, 1_000]);
    });

    it('should say Halo is unavailable when 5xx persists after the retries', async () => {
      route({ 'GET /api/Client': () => ({ status: 500, raw: 'boom' }) });
      const error = await failure(client({ maxRetries: 2 }).listClients());
      expect(error.code).toBe(HaloErrorCode.Unavailable);
      expect(error.status).toBe(500);
      expect(halo.apiRequests()).toHaveLength(3);
    });

    it('should not retry a create when Halo fails after receiving it', async () => {
      route({ 'POST /api/Asset': () => ({ status: 500, raw: 'boom' }) });
      const error = await failure(client().saveAssets([{ inventory_number: 'PC-1', site_id: 3 }]));
      expect(error.code).toBe(HaloErrorCode.Unavailable);
      expect(halo.apiRequests()).toHaveLength(1);
    });

    it('should time out with a typed error when Halo never answers', async () => {
      route({ 'GET /api/Client': () => ({ hang: true }) });
      const error = await failure(client({ timeoutMs: 100, maxRetries: 1 }).listClients());
      expect(error.code).toBe(HaloErrorCode.Timeout);
      expect(halo.apiRequests()).toHaveLength(2);
    });

    it('should stop with cancelled when the caller aborts', async () => {
      route({ 'GET /api/Client': () => ({ hang: true }) });
      const controller = new AbortController();
      const pending = client({ timeoutMs: 5_000 }).listClients({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect((await failure(pending)).code).toBe(HaloErrorCode.Cancelled);
    });

    it('should count every request and report each one when asked', async () => {
      route({ 'GET /api/Client': pagedList('clients', rows(3)) });
      const counted = client({ pageSize: 2 });
      await counted.listClients();
      expect(counted.requestsUsed).toBe(4);
      expect(events.map((e) => `${e.method} ${e.path.split('?')[0]} ${e.status}`)).toEqual([
        'GET /api/authinfo 404', 'POST /auth/token 200', 'GET /api/Client 200', 'GET /api/Client 200',
      ]);
    });
  });

  describe('errors', () => {
    it('should name the permission when Halo answers 403', async () => {
      route({ 'GET /api/ClientContract': () => ({ status: 403, raw: '' }) });
      const error = await failure(client().listContracts());
      expect(error).toMatchObject({ code: HaloErrorCode.MissingPermission, permission: 'read:contracts', status: 403 });
      expect(error.message).toContain('read:contracts');
    });

    it('should say malformed_response when the body is not JSON', async () => {
      route({ 'GET /api/Client': () => ({ raw: '{"record_count": 3, "clients": [' }) });
      const error = await failure(client({ maxRetries: 0 }).listClients());
      expect(error.code).toBe(HaloErrorCode.MalformedResponse);
    });

    it('should name the field when a record has a bad value', async () => {
      route({ 'GET /api/Site': () => ({ json: { record_count: 2, sites: [{ id: 1, client_id: 4 }, { id: 2, client_id: 'four' }] } }) });
      const error = await failure(client().listSites());
      expect(error).toMatchObject({ code: HaloErrorCode.MalformedResponse, field: 'sites[1].client_id' });
    });

    it('should answer not_found when an asset does not exist', async () => {
      route({ 'GET /api/Asset/404': () => ({ status: 404, raw: '' }) });
      expect((await failure(client().getAsset(404))).code).toBe(HaloErrorCode.NotFound);
    });

    it('should name the field when Halo rejects a save with a field-keyed 400', async () => {
      route({ 'POST /api/Asset': () => ({ status: 400, json: { '[0].site_id': ['Site is required'] } }) });
      const error = await failure(client().saveAssets([{ inventory_number: 'PC-1' }]));
      expect(error).toMatchObject({ code: HaloErrorCode.BadRequest, field: '[0].site_id' });
    });
  });

  describe('writes and reports', () => {
    it.each([
      ['an object', (body: unknown[]) => ({ ...(body[0] as object), id: 70 })],
      ['a one-element array', (body: unknown[]) => [{ ...(body[0] as object), id: 70 }]],
      ['a wrapper', (body: unknown[]) => ({ assets: [{ ...(body[0] as object), id: 70 }] })],
    ])('should return the saved asset when Halo answers with %s', async (_shape, answer) => {
      route({ 'POST /api/Asset': (r) => ({ status: 201, json: answer(JSON.parse(r.body) as unknown[]) }) });
      const [saved] = await client().saveAssets([{ inventory_number: 'PC-1', site_id: 3, assettype_id: 2 }]);
      expect(saved).toMatchObject({ id: 70, inventory_number: 'PC-1', site_id: 3 });
    });

    it('should refuse to send a fractional id when saving', async () => {
      const error = await failure(client().saveAssets([{ id: 5, site_id: 3.5 }]));
      expect(error).toMatchObject({ code: HaloErrorCode.BadRequest, field: 'assets[0].site_id' });
      expect(halo.apiRequests()).toHaveLength(0);
    });

    it('should send _loadreportonly and convert numeric cells when running a report', async () => {
      route({ 'POST /api/Report': () => ({ json: { report: { loaded: true, load_error: null, rows: [{ id: '12', ref: '00123', name: 'Acme' }] } } }) });
      const report = await client().runReport('SELECT 1');
      expect(JSON.parse(halo.apiRequests()[0].body)).toEqual([{ sql: 'SELECT 1', _loadreportonly: true }]);
      expect(report.rows).toEqual([{ id: 12, ref: '00123', name: 'Acme' }]);
    });

    it('should raise bad_request with Halo text when the SQL fails with HTTP 200 and load_error', async () => {
      route({ 'POST /api/Report': () => ({ json: { report: { loaded: false, load_error: "Invalid column name 'nope'.", rows: [] } } }) });
      const error = await failure(client().runReport('SELECT nope FROM AREA'));
      expect(error).toMatchObject({ code: HaloErrorCode.BadRequest, field: 'sql' });
      expect(error.message).toContain("Invalid column name 'nope'");
    });

    it('should fall back to the REST lists and say why when reporting is not allowed', async () => {
      route({
        'POST /api/Report': () => ({ status: 404, raw: '' }),
        'GET /api/ClientContract': () => ({ json: { record_count: 1, contracts: [{ id: 5, client_id: 1, contracttype_name: 'Managed Security', expired: false }] } }),
        'GET /api/RecurringInvoice': () => ({ json: { record_count: 1, invoices: [{ id: -3, contract_id: 5, lines: [{ id: 9, _itemid: 77, qty_order: 2 }] }] } }),
        'GET /api/Item': () => ({ json: { record_count: 1, items: [{ id: 77, name: 'SentinelOne Core' }] } }),
      });
      const result = await client().readContractsWithLines();
      expect(result.source).toBe('rest');
      expect(result.fallbackReason).toContain('edit:reporting');
      expect(result.contracts[0].recurringInvoices[0].lines[0]).toMatchObject({ id: 9, _itemid: 77, item_name: 'SentinelOne Core' });
    });
  });

  describe('permission check', () => {
    it('should return one row per permission with the evidence when some are missing', async () => {
      halo.tokenReply = () => ({ json: { access_token: 'tok', expires_in: 3600, scope: 'openid read:customers read:contracts edit:assets' } });
      route({
        'GET /api/Client': () => ({ json: { record_count: 1, clients: rows(1) } }),
        'GET /api/ClientContract': () => ({ json: { record_count: 0, contracts: [] } }),
        'GET /api/Tickets': () => ({ status: 503, raw: '' }),
        'GET /api/Item': () => ({ status: 403, raw: '' }),
        'POST /api/Report': () => ({ status: 403, raw: '' }),
      });
      const result = await client({ maxRetries: 0 }).checkPermissions();
      const byName = Object.fromEntries(result.map((row) => [row.permission, row]));
      expect(result.map((row) => row.permission)).toEqual([
        'read:customers', 'read:contracts', 'read:items', 'edit:items', 'edit:reporting', 'read:invoices', 'read:software', 'read:tickets', 'read:assets', 'edit:assets',
      ]);
      expect(byName['read:customers']).toMatchObject({ status: 'granted', action: null, evidence: 'GET /api/Client?count=1 succeeded' });
      expect(byName['read:items']).toMatchObject({ status: 'missing', evidence: 'GET /api/Item?count=1 -> 403' });
      // A 404 on a list route says nothing about permissions (an older Halo may lack the route).
      expect(byName['read:software'].status).toBe('unknown');
      expect(byName['edit:items']).toMatchObject({ status: 'missing' });
      expect(byName['edit:items'].evidence).toContain('token scope claim');
      expect(byName['edit:assets'].status).toBe('granted');
      expect(byName['edit:reporting']).toMatchObject({ status: 'missing' });
      expect(byName['edit:reporting'].action).toContain('Reporting Access Level');
      expect(byName['read:tickets'].status).toBe('unknown');
      expect(halo.apiRequests().filter((r) => r.method === 'GET').every((r) => r.query.get('count') === '1')).toBe(true);
    });
  });
});
