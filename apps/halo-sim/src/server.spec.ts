import { HaloSim, HaloSimOptions, startHaloSim } from './server';

interface TokenBody {
  access_token: string;
  scope: string;
  expires_in: number;
  error?: string;
}

async function token(sim: HaloSim, fields: Record<string, string> = {}, query = ''): Promise<{ status: number; body: TokenBody }> {
  const res = await fetch(`${sim.url}/auth/token${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sim-client', client_secret: 'sim-secret', scope: 'all', ...fields }),
  });
  return { status: res.status, body: (await res.json()) as TokenBody };
}

async function bearer(sim: HaloSim, scope = 'all'): Promise<string> {
  const { body } = await token(sim, { scope });
  return body.access_token;
}

async function api(sim: HaloSim, auth: string, path: string, init: RequestInit = {}): Promise<{ status: number; text: string; json: () => unknown; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown, headers: res.headers };
}

async function admin(sim: HaloSim, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as unknown };
}

type ListBody = { record_count: number } & Record<string, { id: number; [k: string]: unknown }[]>;

async function withSim(options: HaloSimOptions, run: (sim: HaloSim) => Promise<void>): Promise<void> {
  const sim = await startHaloSim({ clients: 20, reportDb: 'lazy', asOf: '2026-12-04', ...options });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

describe(startHaloSim.name, () => {
  let sim: HaloSim;
  let all: string;

  beforeAll(async () => {
    sim = await startHaloSim({ clients: 30, seed: 4, asOf: '2026-12-04', tenant: 'acme' });
    all = (await token(sim, {}, '?tenant=acme')).body.access_token;
    // The report database (WASM Postgres) boots in the background; wait for it once so report tests keep
    // the default timeout.
    await api(sim, all, '/api/Report', { method: 'POST', body: JSON.stringify([{ sql: 'SELECT 1 ready', _loadreportonly: true }]) });
  }, 60_000);
  afterAll(() => sim.close());

  describe('auth', () => {
    it('should advertise the auth url and tenant when authinfo is asked', async () => {
      const res = await fetch(`${sim.url}/api/authinfo`);
      expect(await res.json()).toEqual({ auth_url: `${sim.url}/auth`, tenant_id: 'acme' });
    });

    it.each([
      ['a wrong secret', { client_secret: 'nope' }, '?tenant=acme', 401, 'invalid_client'],
      ['an unknown client id', { client_id: 'who' }, '?tenant=acme', 401, 'invalid_client'],
      ['a scope that does not exist', { scope: 'read:actions' }, '?tenant=acme', 400, 'invalid_scope'],
      ['a missing tenant', {}, '', 400, 'invalid_request'],
      ['a wrong tenant', {}, '?tenant=other', 400, 'invalid_request'],
      ['another grant type', { grant_type: 'password' }, '?tenant=acme', 400, 'unsupported_grant_type'],
    ])('should refuse a token when given %s', async (_name, fields, query, status, error) => {
      const res = await token(sim, fields, query);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
    });

    it('should accept the tenant as a form field when it is not on the query string', async () => {
      const res = await token(sim, { tenant: 'acme', scope: 'read:customers' });
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('read:customers');
      expect(res.body.expires_in).toBe(3600);
    });

    it.each([['no token', ''], ['a made-up token', 'abc.def.ghi']])('should answer 401 when the API is called with %s', async (_n, value) => {
      const res = await api(sim, value, '/api/Client');
      expect(res.status).toBe(401);
    });

    it('should answer 401 when tokens were expired through the admin endpoint', async () => {
      const fresh = (await token(sim, {}, '?tenant=acme')).body.access_token;
      expect((await api(sim, fresh, '/api/Client')).status).toBe(200);
      await admin(sim, 'POST', '/expire-tokens');
      expect((await api(sim, fresh, '/api/Client')).status).toBe(401);
      all = (await token(sim, {}, '?tenant=acme')).body.access_token;
    });
  });

  describe('lists and paging', () => {
    it('should match routes case-insensitively and ignore unknown parameters when listing', async () => {
      const a = (await api(sim, all, '/api/client?count=1000')).json() as ListBody;
      const b = (await api(sim, all, '/API/CLIENT?count=1000&clinet_id=12&bogus=1')).json() as ListBody;
      expect(b).toEqual(a);
      expect(a.clients.length).toBeGreaterThan(0);
    });

    it('should hide inactive clients unless includeinactive is true', async () => {
      const active = (await api(sim, all, '/api/Client?count=1000')).json() as ListBody;
      const every = (await api(sim, all, '/api/Client?count=1000&includeinactive=true')).json() as ListBody;
      expect(every.clients).toHaveLength(30);
      expect(active.clients.every((c) => c.inactive === false)).toBe(true);
      expect(active.clients.length).toBe(every.clients.filter((c) => c.inactive !== true).length);
    });

    it('should return the first 50 rows with record_count = the slice when pageinate is absent', async () => {
      const body = (await api(sim, all, '/api/Asset')).json() as ListBody;
      expect(body.assets).toHaveLength(50);
      expect(body.record_count).toBe(50);
    });

    it('should page with 1-based page_no and a total record_count when pageinate is true', async () => {
      const total = sim.store.all('assets').filter((a) => a.inactive !== true).length;
      const seen: number[] = [];
      for (let page = 1; ; page += 1) {
        const body = (await api(sim, all, `/api/Asset?pageinate=true&page_size=100&page_no=${page}`)).json() as ListBody;
        expect(body.record_count).toBe(total);
        if (body.assets.length === 0) break;
        seen.push(...body.assets.map((a) => a.id));
      }
      expect(new Set(seen).size).toBe(total);
    });

    it('should cap a ticket page at 100 rows when page_size asks for more', async () => {
      const body = (await api(sim, all, '/api/Tickets?pageinate=true&page_size=1000&page_no=1')).json() as ListBody;
      expect(sim.store.all('tickets').length).toBeGreaterThan(100);
      expect(body.tickets).toHaveLength(100);
      expect(body.record_count).toBe(sim.store.all('tickets').length);
    });

    it('should omit recurring-invoice lines unless includelines is true', async () => {
      const plain = (await api(sim, all, '/api/RecurringInvoice?count=5')).json() as ListBody;
      const full = (await api(sim, all, '/api/RecurringInvoice?count=5&includelines=true')).json() as ListBody;
      expect(plain.invoices.every((i) => i.lines === undefined && i.id < 0)).toBe(true);
      expect(full.invoices.every((i) => Array.isArray(i.lines) && (i.lines as unknown[]).length > 0)).toBe(true);
    });

    it('should get a recurring invoice by its negative id with lines', async () => {
      const id = sim.store.all('invoices')[0].id;
      const res = await api(sim, all, `/api/RecurringInvoice/${id}`);
      expect(res.status).toBe(200);
      expect((res.json() as { id: number; lines: unknown[] }).lines.length).toBeGreaterThan(0);
      expect(id).toBeLessThan(0);
    });

    it.each([['/api/Client/999999'], ['/api/Asset/0'], ['/api/Tickets/abc'], ['/api/Nothing']])('should answer 404 when %s does not exist', async (path) => {
      expect((await api(sim, all, path)).status).toBe(404);
    });

    it('should write float foreign keys as 95.0 when serving sites and users', async () => {
      const sites = await api(sim, all, '/api/Site?count=1');
      const users = await api(sim, all, '/api/Users?count=1');
      expect(sites.text).toMatch(/"client_id":\d+\.0[,}]/);
      expect(users.text).toMatch(/"site_id":\d+\.0[,}]/);
      expect(users.text).toMatch(/"client_id":\d+[,}]/);
    });

    it('should answer the asset types as a bare array', async () => {
      const body = (await api(sim, all, '/api/AssetType')).json();
      expect(Array.isArray(body)).toBe(true);
    });

    it('should filter tickets by asset when asset_id is given', async () => {
      const ticket = sim.store.all('tickets').find((t) => Array.isArray(t.assets) && t.assets.length > 0)!;
      const assetId = (ticket.assets as { id: number }[])[0].id;
      const body = (await api(sim, all, `/api/Tickets?asset_id=${assetId}&count=1000`)).json() as ListBody;
      expect(body.tickets.map((t) => t.id)).toContain(ticket.id);
      const one = (await api(sim, all, `/api/Tickets/${ticket.id}`)).json() as { assets: { id: number }[] };
      expect(one.assets[0].id).toBe(assetId);
    });
  });

  describe('writes', () => {
    it('should create an asset and answer the single object when one asset is posted', async () => {
      const site = sim.store.all('sites')[0];
      const res = await api(sim, all, '/api/Asset', { method: 'POST', body: JSON.stringify([{ site_id: site.id, assettype_id: 1, key_field: 'NEW-PC' }]) });
      expect(res.status).toBe(200);
      const created = res.json() as { id: number; client_id: number; inventory_number: string };
      expect(created.client_id).toBe(site.client_id);
      expect(created.inventory_number).toMatch(/^WS/);
      const again = await api(sim, all, '/api/Asset', { method: 'POST', body: JSON.stringify([{ id: created.id, key_field: 'RENAMED' }]) });
      expect((again.json() as { key_field: string }).key_field).toBe('RENAMED');
      expect(((await api(sim, all, `/api/Asset/${created.id}`)).json() as { key_field: string }).key_field).toBe('RENAMED');
    });

    it('should answer 400 keyed by field when an asset has no valid site', async () => {
      const res = await api(sim, all, '/api/Asset', { method: 'POST', body: JSON.stringify([{ site_id: 999999 }]) });
      expect(res.status).toBe(400);
      expect(res.json()).toHaveProperty(['[0].site_id']);
    });

    it('should answer 201 when a ticket is posted', async () => {
      const res = await api(sim, all, '/api/Tickets', { method: 'POST', body: JSON.stringify([{ summary: 'From API', client_id: 12, site_id: 1 }]) });
      expect(res.status).toBe(201);
      expect((res.json() as { summary: string }).summary).toBe('From API');
    });
  });

  describe('admin mutations', () => {
    it('should reflect a patched contract in REST and in report SQL', async () => {
      const contract = sim.store.all('contracts')[0];
      await admin(sim, 'PATCH', `/records/contracts/${contract.id}`, { contracttype_name: 'Cyber Essentials', site_id: 0 });
      const rest = (await api(sim, all, `/api/ClientContract/${contract.id}`)).json() as { contracttype_name: string; billingdescription: number };
      expect(rest.contracttype_name).toBe('Cyber Essentials');
      const report = await api(sim, all, '/api/Report', {
        method: 'POST',
        body: JSON.stringify([{ sql: `SELECT lk.fvalue type_name FROM CONTRACTHEADER ch JOIN LOOKUP lk ON lk.fid = 28 AND lk.fcode = ch.chbillingdescription WHERE ch.CHid = ${contract.id}`, _loadreportonly: true }]),
      });
      expect((report.json() as { report: { rows: { type_name: string }[] } }).report.rows).toEqual([{ type_name: 'Cyber Essentials' }]);
    });

    it('should drop a deleted line from REST and SQL when a recurring line is deleted', async () => {
      const invoice = sim.store.all('invoices')[1];
      const line = (invoice.lines as { id: number }[])[0];
      expect((await admin(sim, 'DELETE', `/invoices/${invoice.id}/lines/${line.id}`)).status).toBe(200);
      const rest = (await api(sim, all, `/api/RecurringInvoice/${invoice.id}`)).json() as { lines: { id: number }[] };
      expect(rest.lines.map((l) => l.id)).not.toContain(line.id);
      const report = await api(sim, all, '/api/Report', { method: 'POST', body: JSON.stringify([{ sql: `SELECT count(*) n FROM INVOICEDETAIL WHERE IDid = ${line.id}`, _loadreportonly: true }]) });
      expect((report.json() as { report: { rows: { n: string }[] } }).report.rows).toEqual([{ n: '0' }]);
    });

    it('should hide a deleted client and count the insert when records are deleted and inserted', async () => {
      const before = ((await admin(sim, 'GET', '/state')).json as { counts: { clients: number } }).counts.clients;
      const inserted = (await admin(sim, 'POST', '/records/clients', { name: 'Inserted Ltd' })).json as { id: number };
      expect((await api(sim, all, `/api/Client/${inserted.id}`)).status).toBe(200);
      await admin(sim, 'DELETE', `/records/clients/${inserted.id}`);
      expect((await api(sim, all, `/api/Client/${inserted.id}`)).status).toBe(404);
      expect(((await admin(sim, 'GET', '/state')).json as { counts: { clients: number } }).counts.clients).toBe(before);
    });
  });

  describe('report', () => {
    it('should run T-SQL with TOP, isnull and joins and answer every cell as a string', async () => {
      const sql = 'SELECT TOP 5 ch.CHid, ch.CHarea client_id, isnull(s.stddisabled, 0) disabled, d.IDQty_Order FROM CONTRACTHEADER ch '
        + 'JOIN INVOICEHEADER ih ON ih.IHchid = ch.CHid AND ih.IHid < 0 JOIN INVOICEDETAIL d ON d.IdIHid = ih.IHid '
        + 'LEFT JOIN STDREQUEST s ON s.StdInvoiceId = ih.IHid LEFT JOIN AREA a ON a.Aarea = ch.CHarea LEFT JOIN SITE st ON st.Ssitenum = ch.CHSite '
        + 'WHERE d.idisInactive = 0';
      const res = await api(sim, all, '/api/Report', { method: 'POST', body: JSON.stringify([{ sql, _loadreportonly: true }]) });
      expect(res.status).toBe(200);
      const body = res.json() as { report: { loaded: boolean; load_error: string | null; rows: Record<string, unknown>[] } };
      expect(body.report.load_error).toBeNull();
      expect(body.report.rows).toHaveLength(5);
      expect(Object.keys(body.report.rows[0])).toEqual(['CHid', 'client_id', 'disabled', 'IDQty_Order']);
      expect(body.report.rows.flatMap((r) => Object.values(r)).every((v) => typeof v === 'string')).toBe(true);
    });

    it('should compare text case-insensitively when a report filters on a name', async () => {
      const sql = "SELECT count(*) n FROM LOOKUP WHERE fid = 28 AND fvalue = 'managed SECURITY'";
      const res = await api(sim, all, '/api/Report', { method: 'POST', body: JSON.stringify([{ sql, _loadreportonly: true }]) });
      expect((res.json() as { report: { rows: { n: string }[] } }).report.rows).toEqual([{ n: '1' }]);
    });

    it.each([
      ['an unknown column', 'SELECT nope FROM AREA'],
      ['two statements', 'SELECT 1; SELECT 2'],
      ['a line comment', 'SELECT 1 -- hi'],
      ['a write', 'DELETE FROM AREA'],
    ])('should answer 200 with load_error when the SQL has %s', async (_name, sql) => {
      const res = await api(sim, all, '/api/Report', { method: 'POST', body: JSON.stringify([{ sql, _loadreportonly: true }]) });
      expect(res.status).toBe(200);
      const body = res.json() as { report: { load_error: string | null } };
      expect(body.report.load_error).toEqual(expect.any(String));
    });
  });
});

describe('scopes', () => {
  it.each([
    ['read:customers', '/api/Client', 'GET', 200],
    ['read:customers', '/api/ClientContract', 'GET', 403],
    ['read:items', '/api/Item', 'GET', 403],
    ['edit:items', '/api/Item', 'GET', 200],
    ['read:assets', '/api/Asset', 'POST', 403],
    ['edit:assets', '/api/Asset/1', 'GET', 200],
    ['read:reporting', '/api/Report', 'POST', 403],
    ['read:contracts read:invoices', '/api/RecurringInvoice', 'GET', 200],
    ['read:customers', '/api/SoftwareLicence', 'GET', 403],
  ])('should answer the right status when a %s token calls %s %s', async (scopes, path, method, status) => {
    await withSim({ scopes: ['read:customers', 'read:contracts', 'read:invoices', 'read:items', 'edit:items', 'edit:assets', 'read:reporting'] }, async (sim) => {
      const auth = await bearer(sim, scopes);
      const res = await api(sim, auth, path, method === 'POST' ? { method, body: '[]' } : {});
      expect(res.status).toBe(status);
    });
  });

  it('should refuse a scope the application lacks when a token is requested', async () => {
    await withSim({ scopes: ['read:customers'] }, async (sim) => {
      expect((await token(sim, { scope: 'edit:reporting' })).body.error).toBe('invalid_scope');
      await admin(sim, 'POST', '/applications', { clientId: 'sim-client', clientSecret: 'sim-secret', scopes: ['edit:reporting'] });
      expect((await token(sim, { scope: 'edit:reporting' })).status).toBe(200);
    });
  });
});

describe('rate limit and faults', () => {
  it('should answer 429 with Retry-After after the limit and admit again when the window rolls', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    await withSim({ rateLimit: 5, now: () => now }, async (sim) => {
      const auth = await bearer(sim);
      for (let i = 0; i < 5; i += 1) {
        expect((await api(sim, auth, '/api/Item/77')).status).toBe(200);
        now += 1000;
      }
      const limited = await api(sim, auth, '/api/Item/77');
      expect(limited.status).toBe(429);
      expect(limited.text).toBe('Rate Limit Reached - 5 Requests per rolling 5 minute window');
      expect(limited.headers.get('retry-after')).toBe('295');
      now += 295_000;
      expect((await api(sim, auth, '/api/Item/77')).status).toBe(200);
      expect((await api(sim, auth, '/api/Item/77')).status).toBe(429);
      await admin(sim, 'POST', '/reset');
      expect((await api(sim, auth, '/api/Item/77')).status).toBe(200);
    });
  });

  it('should advertise and enforce the configured lifetime when tokenTtlSeconds is an option', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    await withSim({ now: () => now, tokenTtlSeconds: 120 }, async (sim) => {
      const { body } = await token(sim);
      expect(body.expires_in).toBe(120);
      now += 119_000;
      expect((await api(sim, body.access_token, '/api/Item/77')).status).toBe(200);
      now += 1_000;
      expect((await api(sim, body.access_token, '/api/Item/77')).status).toBe(401);
    });
  });

  it('should expire tokens early when tokenTtlSeconds is set at runtime', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    await withSim({ now: () => now }, async (sim) => {
      await admin(sim, 'POST', '/faults', { tokenTtlSeconds: 60 });
      const { body } = await token(sim);
      expect(body.expires_in).toBe(3600);
      expect((await api(sim, body.access_token, '/api/Item/77')).status).toBe(200);
      now += 61_000;
      expect((await api(sim, body.access_token, '/api/Item/77')).status).toBe(401);
    });
  });

  it.each([
    ['errorRate', { errorRate: 1 }, 500],
    ['malformedRate', { malformedRate: 1 }, 200],
  ])('should inject faults when %s is set', async (_name, faults, status) => {
    await withSim({}, async (sim) => {
      const auth = await bearer(sim);
      await admin(sim, 'POST', '/faults', faults);
      const res = await api(sim, auth, '/api/Client');
      expect(res.status).toBe(status);
      if (status === 200) expect(() => res.json()).toThrow();
      await admin(sim, 'POST', '/faults', {});
      expect((await api(sim, auth, '/api/Client')).status).toBe(200);
    });
  });

  it('should hold the request unanswered when timeoutRate is 1', async () => {
    await withSim({ timeoutRate: 1 }, async (sim) => {
      const auth = await bearer(sim);
      const controller = new AbortController();
      const pending = fetch(`${sim.url}/api/Client`, { headers: { authorization: `Bearer ${auth}` }, signal: controller.signal });
      const state = async (): Promise<number> => ((await admin(sim, 'GET', '/state')).json as { counters: { injectedTimeouts: number } }).counters.injectedTimeouts;
      while ((await state()) === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      await expect(pending).rejects.toThrow();
    });
  });
});
