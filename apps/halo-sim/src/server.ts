import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuthServer, IssuedToken, isKnownScope } from './auth';
import { generateHaloData } from './generator';
import { HaloRecord, HaloValue, isResourceKey, ResourceKey } from './model';
import { Prng } from './prng';
import { rateLimitMessage, RollingRateLimiter } from './rate-limiter';
import { ReportDb, ReportSqlError } from './report-db';
import { HaloStore, HaloValidationError, project, RecordNotFoundError } from './store';

export interface FaultSettings {
  latencyMs?: number;
  /** Share (0..1) of API requests answered 500. */
  errorRate?: number;
  /** Share of API requests never answered (the socket is held until the client gives up). */
  timeoutRate?: number;
  /** Share of API requests answered 200 with a truncated JSON body. */
  malformedRate?: number;
  /** Real token lifetime; `expires_in` still says the configured lifetime, so clients meet early expiry. */
  tokenTtlSeconds?: number;
  rateLimit?: number;
}

export interface HaloSimOptions {
  port?: number;
  host?: string;
  seed?: number;
  clients?: number;
  clientId?: string;
  clientSecret?: string;
  /** Scope tokens of the default API application; default `['all']`. */
  scopes?: string[];
  tenant?: string;
  rateLimit?: number;
  latencyMs?: number;
  errorRate?: number;
  timeoutRate?: number;
  malformedRate?: number;
  tokenTtlSeconds?: number;
  /** `YYYY-MM-DD` the generator lays dates around; default today (UTC). */
  asOf?: string;
  /** Clock in ms; tests inject a fake one for the rate limit and token expiry. */
  now?: () => number;
  /** Start the report database at boot (default) or on the first report. */
  reportDb?: 'eager' | 'lazy';
  log?: (line: string) => void;
}

export interface HaloSim {
  url: string;
  close(): Promise<void>;
  store: HaloStore;
}

interface Route {
  key: ResourceKey;
  schema: string;
  listSchema: string;
  /** Scope area (halo-api.md §4). */
  area: string;
  /** Bare-array list (halo-api.md §2.4). */
  bare?: boolean;
  /** Fields typed double in openapi.json because the DB column is float (halo-api.md §2.7, quirk §7.7). */
  floatFields?: string[];
  hasInactive?: boolean;
}

const ROUTES: Record<string, Route> = {
  client: { key: 'clients', schema: 'Area', listSchema: 'Area', area: 'customers', hasInactive: true },
  site: { key: 'sites', schema: 'Site', listSchema: 'Site_List', area: 'customers', floatFields: ['client_id'], hasInactive: true },
  users: { key: 'users', schema: 'Users', listSchema: 'Users_List', area: 'customers', floatFields: ['site_id'], hasInactive: true },
  clientcontract: { key: 'contracts', schema: 'ContractHeader', listSchema: 'ContractHeader_List', area: 'contracts' },
  recurringinvoice: { key: 'invoices', schema: 'InvoiceHeader', listSchema: 'InvoiceHeader', area: 'invoices' },
  item: { key: 'items', schema: 'Item', listSchema: 'Item', area: 'items' },
  asset: { key: 'assets', schema: 'Device', listSchema: 'Device_List', area: 'assets', hasInactive: true },
  assettype: { key: 'assettypes', schema: 'Xtype', listSchema: 'Xtype', area: 'assets', bare: true },
  tickets: { key: 'tickets', schema: 'Faults', listSchema: 'Faults_List', area: 'tickets' },
};

/** Which route serves each resource, for schema checks and admin listings. */
export const RESOURCE_ROUTES: Record<ResourceKey, { path: string; schema: string; listSchema: string }> = Object.fromEntries(
  Object.entries(ROUTES).map(([path, r]) => [r.key, { path, schema: r.schema, listSchema: r.listSchema }]),
) as Record<ResourceKey, { path: string; schema: string; listSchema: string }>;

class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

const MAX_BODY = 20 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new HttpError(413, { error: 'body too large' }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): HaloValue {
  try {
    return JSON.parse(text) as HaloValue;
  } catch {
    throw new HttpError(400, { error: 'The request body is not valid JSON' });
  }
}

function isObject(value: HaloValue | undefined): value is { [key: string]: HaloValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: string | null): boolean {
  return value !== null && /^(true|1|yes)$/i.test(value);
}

function intParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

/**
 * Writes JSON with the float-typed foreign keys rendered as `95.0`, as Halo's serializer does for `float`
 * columns (halo-api.md §2.7), so clients' normalisation really runs.
 */
function haloJson(value: unknown, floatFields: readonly string[] | undefined): string {
  const text = JSON.stringify(value);
  if (!floatFields || floatFields.length === 0) return text;
  const pattern = new RegExp(`"(${floatFields.join('|')})":(-?\\d+)(?=[,}\\]])`, 'g');
  return text.replace(pattern, '"$1":$2.0');
}

export async function startHaloSim(options: HaloSimOptions = {}): Promise<HaloSim> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((): void => undefined);
  const asOf = options.asOf ?? new Date(now()).toISOString().slice(0, 10);
  const seed = options.seed ?? 1;
  const store = new HaloStore(generateHaloData({ seed, clients: options.clients ?? 50, asOf }));
  const reportDb = new ReportDb(store);
  if ((options.reportDb ?? 'eager') === 'eager') {
    reportDb.start().catch((error: unknown) => log(`report db failed to start: ${String(error)}`));
  }
  const auth = new AuthServer(now, options.tokenTtlSeconds ?? 3600);
  auth.setApplication({ clientId: options.clientId ?? 'sim-client', clientSecret: options.clientSecret ?? 'sim-secret', scopes: options.scopes ?? ['all'] });
  const baseRateLimit = options.rateLimit ?? 700;
  const limiter = new RollingRateLimiter(baseRateLimit, now);
  const baseFaults: FaultSettings = {
    latencyMs: options.latencyMs, errorRate: options.errorRate, timeoutRate: options.timeoutRate, malformedRate: options.malformedRate,
  };
  let faults: FaultSettings = { ...baseFaults };
  const faultRng = new Prng(seed * 7 + 3);
  const counters = { requests: 0, apiRequests: 0, rateLimited: 0, injectedErrors: 0, injectedTimeouts: 0, injectedMalformed: 0, reports: 0 };
  const held = new Set<ServerResponse>();
  let url = '';

  const send = (res: ServerResponse, status: number, body: unknown, floatFields?: readonly string[], headers: Record<string, string> = {}): void => {
    const text = typeof body === 'string' ? body : haloJson(body, floatFields);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
    res.end(text);
  };

  const applyFaults = (next: FaultSettings): void => {
    faults = next;
    auth.tokenTtlSeconds = next.tokenTtlSeconds ?? options.tokenTtlSeconds ?? 3600;
    limiter.limit = next.rateLimit ?? baseRateLimit;
  };
  applyFaults(faults);

  const requireScope = (token: IssuedToken, scope: string): void => {
    if (!token.grants.has(scope)) {
      // n8n maps Halo's 403 to "You don't have permissions to ..." (halo-api.md §2.6).
      throw new HttpError(403, { error: 'insufficient_scope', error_description: `You don't have permission to access this resource: the API application lacks the '${scope}' scope.` });
    }
  };

  const listRecords = (route: Route, query: URLSearchParams): { body: unknown } => {
    const q = (name: string): string | null => query.get(name);
    const includeInactive = bool(q('includeinactive'));
    const filters: [string, number][] = [];
    for (const name of ['client_id', 'site_id', 'contract_id', 'user_id', 'assettype_id', 'toplevel_id', 'agent_id', 'status_id']) {
      const value = intParam(q(name));
      if (value !== null && value !== 0) filters.push([route.key === 'invoices' && name === 'site_id' ? 'sitenumber' : name, value]);
    }
    const assetId = intParam(q('asset_id'));
    const recurringId = intParam(q('recurringinvoice_id'));
    const search = (q('search') ?? '').trim().toLowerCase();
    const openOnly = bool(q('open_only'));
    let rows = store.all(route.key).filter((r) => {
      if (route.hasInactive && !includeInactive && r.inactive === true) return false;
      for (const [field, value] of filters) if (Number(r[field]) !== value) return false;
      if (assetId !== null && route.key === 'tickets' && !(Array.isArray(r.assets) && r.assets.some((a) => isObject(a) && a.id === assetId))) return false;
      if (recurringId !== null && route.key === 'invoices' && r.id !== recurringId) return false;
      if (openOnly && r.hasbeenclosed === true) return false;
      if (search !== '') {
        const haystack = [r.name, r.summary, r.inventory_number, r.key_field, r.emailaddress, r.ref].filter((v) => typeof v === 'string').join(' ').toLowerCase();
        if (!haystack.includes(search)) return false;
      }
      return true;
    });
    rows = [...rows].sort((a, b) => (route.key === 'invoices' ? b.id - a.id : a.id - b.id));
    const includeLines = bool(q('includelines'));
    const serve = (r: HaloRecord): HaloRecord => {
      const decorated = store.decorate(route.key, r);
      // Recurring-invoice lines only appear in lists with includelines=true (halo-api.md quirk §7.11).
      if (route.key === 'invoices' && !includeLines) delete decorated.lines;
      const projected = project(decorated, route.listSchema);
      if (Array.isArray(projected.lines)) projected.lines = projected.lines.map((l) => (isObject(l) ? project(l as HaloRecord, 'InvoiceDetail') : l));
      return projected;
    };
    if (route.bare) return { body: rows.map(serve) };
    let slice: HaloRecord[];
    let recordCount: number;
    if (bool(q('pageinate'))) {
      // Tickets cap a page at 100 rows whatever page_size says (halo-api.md §2.3, quirk §7.2).
      let size = intParam(q('page_size')) ?? 50;
      if (size <= 0) size = 50;
      if (route.key === 'tickets') size = Math.min(size, 100);
      const page = Math.max(1, intParam(q('page_no')) ?? 1);
      slice = rows.slice((page - 1) * size, page * size);
      recordCount = rows.length;
    } else {
      // Without pageinate: the first `count` rows (default 50), record_count = the slice (halo-api.md §2.3).
      let count = intParam(q('count')) ?? 50;
      if (count <= 0) count = 50;
      if (route.key === 'tickets') count = Math.min(count, 1000);
      slice = rows.slice(0, count);
      recordCount = slice.length;
    }
    return { body: { record_count: recordCount, [route.key]: slice.map(serve) } };
  };

  const serveOne = (route: Route, record: HaloRecord): HaloRecord => {
    const decorated = store.decorate(route.key, record);
    if (route.key === 'tickets') {
      decorated.assets = (Array.isArray(record.assets) ? record.assets : []).flatMap((a) => {
        const asset = isObject(a) && typeof a.id === 'number' ? store.get('assets', a.id) : undefined;
        return asset ? [project(store.decorate('assets', asset), 'Device_List')] : [];
      });
    }
    const projected = project(decorated, route.schema);
    if (Array.isArray(projected.lines)) projected.lines = projected.lines.map((l) => (isObject(l) ? project(l as HaloRecord, 'InvoiceDetail') : l));
    return projected;
  };

  const postRecords = (route: Route, body: HaloValue): { status: number; body: unknown } => {
    if (!Array.isArray(body)) throw new HttpError(400, { '': 'The request body must be an array' });
    const saved: HaloRecord[] = [];
    body.forEach((entry, index) => {
      if (!isObject(entry)) throw new HttpError(400, { [`[${index}]`]: 'Each element must be an object' });
      const id = typeof entry.id === 'number' ? Math.trunc(entry.id) : 0;
      try {
        if (id !== 0 && store.get(route.key, id)) saved.push(store.update(route.key, id, entry));
        else if (id !== 0) throw new HttpError(400, { [`[${index}].id`]: `No ${route.schema} record with id ${id}` });
        else saved.push(store.insert(route.key, { ...entry, id: 0 }));
      } catch (error) {
        if (error instanceof HaloValidationError) throw new HttpError(400, { [`[${index}].${error.field}`]: error.message });
        throw error;
      }
    });
    const out = saved.map((r) => serveOne(route, r));
    // One-element POSTs answer the saved object; Tickets answer 201 (halo-api.md §2.5).
    return { status: route.key === 'tickets' ? 201 : 200, body: out.length === 1 ? out[0] : out };
  };

  const runReport = async (body: HaloValue): Promise<unknown> => {
    const request = Array.isArray(body) ? body[0] : body;
    if (!isObject(request)) throw new HttpError(400, { '[0]': 'The request body must be an array with one report' });
    const sql = typeof request.sql === 'string' ? request.sql : '';
    counters.reports += 1;
    // Echo the request the way Halo returns the AnalyzerProfile, keeping only fields that model has.
    const base = project({ ...request, id: typeof request.id === 'number' ? request.id : 0, name: typeof request.name === 'string' ? request.name : '' }, 'AnalyzerProfile');
    try {
      const result = await reportDb.run(sql);
      return {
        ...base,
        available_columns: result.columns.map((name, index) => ({ id: index + 1, name, data_type: 'string' })),
        report: { loaded: true, load_error: null, rows: result.rows },
      };
    } catch (error) {
      if (!(error instanceof ReportSqlError)) throw error;
      // Failed SQL is HTTP 200 with report.load_error (halo-api.md §5.2, quirk §7.13).
      return { ...base, available_columns: [], report: { loaded: false, load_error: error.message, rows: [] } };
    }
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, segments: string[], query: URLSearchParams): Promise<void> => {
    const token = auth.verify(req.headers.authorization);
    if (!token) {
      send(res, 401, { error: 'invalid_token', error_description: 'The access token is missing, invalid or expired.' }, undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return;
    }
    const [resource, idText, ...rest] = segments;
    const method = req.method ?? 'GET';
    if (resource === 'softwarelicence') {
      // Served empty: it exists so a read:software permission probe gets a real 200/403 (halo-api.md §4.9).
      requireScope(token, 'read:software');
      send(res, 200, { record_count: 0, licences: [] });
      return;
    }
    if (resource === 'report') {
      if (method === 'POST') {
        requireScope(token, 'edit:reporting');
        send(res, 200, await runReport(parseJson(await readBody(req))));
        return;
      }
      requireScope(token, 'read:reporting');
      send(res, 200, { record_count: 0, reports: [] });
      return;
    }
    const route = ROUTES[resource];
    if (!route || rest.length > 0) throw new HttpError(404, { error: `No route /api/${segments.join('/')}` });
    if (method === 'GET' && idText === undefined) {
      // Listing /Item needs edit:items (halo-api.md quirk §7.1).
      requireScope(token, route.key === 'items' ? 'edit:items' : `read:${route.area}`);
      const { body } = listRecords(route, query);
      send(res, 200, body, route.floatFields);
      return;
    }
    if (method === 'GET') {
      requireScope(token, `read:${route.area}`);
      const id = Number(idText);
      const record = Number.isInteger(id) ? store.get(route.key, id) : undefined;
      if (!record) throw new HttpError(404, { error: `${route.schema} ${idText} not found` });
      send(res, 200, serveOne(route, record), route.floatFields);
      return;
    }
    if (method === 'POST' && idText === undefined) {
      requireScope(token, `edit:${route.area}`);
      const result = postRecords(route, parseJson(await readBody(req)));
      send(res, result.status, result.body, route.floatFields);
      return;
    }
    if (method === 'DELETE' && idText !== undefined) {
      requireScope(token, `edit:${route.area}`);
      try {
        store.remove(route.key, Number(idText));
      } catch (error) {
        if (error instanceof RecordNotFoundError) throw new HttpError(404, { error: error.message });
        throw error;
      }
      send(res, 200, {});
      return;
    }
    throw new HttpError(405, { error: `${method} is not supported on /api/${segments.join('/')}` });
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> => {
    if (req.method !== 'POST') throw new HttpError(405, { error: 'invalid_request', error_description: 'POST required' });
    const form = new URLSearchParams(await readBody(req));
    if (options.tenant !== undefined) {
      // Hosted tenants need `tenant`, sent on the query string or in the form (halo-api.md §1.2).
      const tenant = query.get('tenant') ?? form.get('tenant');
      if (tenant !== options.tenant) {
        send(res, 400, { error: 'invalid_request', error_description: tenant === null ? 'tenant is required' : `tenant '${tenant}' is not valid` });
        return;
      }
    }
    const outcome = auth.issue(form);
    send(res, outcome.ok ? 200 : outcome.status, outcome.body);
  };

  const handleAdmin = async (req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<void> => {
    const method = req.method ?? 'GET';
    // /_sim/invoices/:invoiceId/lines/:lineId arrives as [invoices, invoiceId, lines, lineId].
    const [action, resource, id, sub] = segments;
    const body = (): Promise<HaloValue> => readBody(req).then((text) => (text.trim() === '' ? {} : parseJson(text)));
    const mustObject = (value: HaloValue): { [key: string]: HaloValue } => {
      if (!isObject(value)) throw new HttpError(400, { error: 'body must be a JSON object' });
      return value;
    };
    const resourceKey = (name: string | undefined): ResourceKey => {
      if (name === undefined || !isResourceKey(name)) throw new HttpError(404, { error: `unknown resource ${name ?? ''}` });
      return name;
    };
    try {
      if (action === 'state' && method === 'GET') {
        send(res, 200, { url, seed, asOf: store.data.asOf, counts: store.counts(), counters, rateLimit: limiter.usage(), faults, tokens: auth.issuedCount });
      } else if (action === 'faults' && method === 'POST') {
        const input = mustObject(await body());
        const next: FaultSettings = {};
        for (const key of ['latencyMs', 'errorRate', 'timeoutRate', 'malformedRate', 'tokenTtlSeconds', 'rateLimit'] as const) {
          const value = input[key];
          if (value === undefined || value === null) continue;
          if (typeof value !== 'number' || value < 0) throw new HttpError(400, { [key]: 'must be a non-negative number' });
          next[key] = value;
        }
        applyFaults(next);
        send(res, 200, { faults });
      } else if (action === 'applications' && method === 'POST') {
        const input = mustObject(await body());
        const scopes = Array.isArray(input.scopes) ? input.scopes.filter((s): s is string => typeof s === 'string') : ['all'];
        const bad = scopes.find((s) => !isKnownScope(s));
        if (typeof input.clientId !== 'string' || typeof input.clientSecret !== 'string') throw new HttpError(400, { clientId: 'clientId and clientSecret are required strings' });
        if (bad !== undefined) throw new HttpError(400, { scopes: `unknown scope ${bad}` });
        auth.setApplication({ clientId: input.clientId, clientSecret: input.clientSecret, scopes });
        send(res, 200, { clientId: input.clientId, scopes });
      } else if (action === 'expire-tokens' && method === 'POST') {
        send(res, 200, { expired: auth.expireAll() });
      } else if (action === 'reset' && method === 'POST') {
        limiter.reset();
        for (const key of Object.keys(counters) as (keyof typeof counters)[]) counters[key] = 0;
        send(res, 200, { reset: true });
      } else if (action === 'records') {
        const key = resourceKey(resource);
        if (method === 'POST' && id === undefined) {
          const record = store.insert(key, mustObject(await body()));
          send(res, 201, record);
        } else if (method === 'PATCH' && id !== undefined) {
          send(res, 200, store.update(key, Number(id), mustObject(await body())));
        } else if (method === 'DELETE' && id !== undefined) {
          store.remove(key, Number(id));
          send(res, 200, { deleted: Number(id) });
        } else if (method === 'GET' && id !== undefined) {
          const record = store.get(key, Number(id));
          if (!record) throw new RecordNotFoundError(`${key} ${id} not found`);
          send(res, 200, record);
        } else throw new HttpError(405, { error: 'unsupported' });
      } else if (action === 'invoices' && id === 'lines' && sub !== undefined) {
        const invoiceId = Number(resource);
        if (method === 'PATCH') send(res, 200, store.updateLine(invoiceId, Number(sub), mustObject(await body())));
        else if (method === 'DELETE') {
          store.updateLine(invoiceId, Number(sub), null);
          send(res, 200, { deleted: Number(sub) });
        } else throw new HttpError(405, { error: 'unsupported' });
      } else {
        throw new HttpError(404, { error: `unknown admin route /_sim/${segments.join('/')}` });
      }
    } catch (error) {
      if (error instanceof RecordNotFoundError) throw new HttpError(404, { error: error.message });
      if (error instanceof HaloValidationError) throw new HttpError(400, { [error.field]: error.message });
      if (error instanceof Error && /^unknown scope/.test(error.message)) throw new HttpError(400, { scopes: error.message });
      throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.requests += 1;
    const parsed = new URL(req.url ?? '/', 'http://sim.local');
    // Routes are case-insensitive (halo-api.md §2.1); query parameter names are matched lowercased too.
    const segments = parsed.pathname.toLowerCase().split('/').filter((s) => s !== '').map(decodeURIComponent);
    const query = new URLSearchParams();
    for (const [key, value] of parsed.searchParams) query.append(key.toLowerCase(), value);
    if (segments[0] === '_sim') {
      await handleAdmin(req, res, segments.slice(1));
      return;
    }
    if (segments[0] === 'api' && segments[1] === 'authinfo') {
      send(res, 200, { auth_url: `${url}/auth`, ...(options.tenant !== undefined ? { tenant_id: options.tenant } : {}) });
      return;
    }
    const isApi = segments[0] === 'api';
    const isToken = segments[0] === 'auth' && segments[1] === 'token';
    if (!isApi && !isToken) throw new HttpError(404, { error: 'Not found' });
    if (isApi) {
      counters.apiRequests += 1;
      const retryAfter = limiter.take();
      if (retryAfter !== null) {
        counters.rateLimited += 1;
        send(res, 429, rateLimitMessage(limiter.limit), undefined, { 'retry-after': String(retryAfter) });
        return;
      }
      if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      if (faults.timeoutRate && faultRng.next() < faults.timeoutRate) {
        counters.injectedTimeouts += 1;
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (faults.errorRate && faultRng.next() < faults.errorRate) {
        counters.injectedErrors += 1;
        send(res, 500, { ClassName: 'System.Exception', Message: 'An error has occurred (injected by halo-sim).' });
        return;
      }
      if (faults.malformedRate && faultRng.next() < faults.malformedRate) {
        counters.injectedMalformed += 1;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"record_count": 3, "clients": [{"id": 12, "name": "Acme');
        return;
      }
      await handleApi(req, res, segments.slice(1), query);
      return;
    }
    await handleToken(req, res, query);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError) send(res, error.status, error.body);
      else {
        log(`halo-sim error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        send(res, 500, { error: 'internal error' });
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    store,
    close: async (): Promise<void> => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reportDb.close();
    },
  };
}
