import { HaloError, HaloErrorCode, malformed } from './halo-error';
import {
  ASSET_SPEC,
  ASSET_TYPE_SPEC,
  CLIENT_SPEC,
  CONTRACT_SPEC,
  HaloAsset,
  HaloAssetInput,
  HaloAssetType,
  HaloClientRecord,
  HaloContract,
  HaloItem,
  HaloRecurringInvoice,
  HaloSite,
  HaloTicket,
  HaloUser,
  ITEM_SPEC,
  parseRecurringInvoice,
  SITE_SPEC,
  TICKET_SPEC,
  USER_SPEC,
} from './halo-types';
import { parseRecord, RecordSpec, reportCell, unwrapList, unwrapSaved } from './normalise';
import { fixFor, PermissionRow, REQUIRED_PERMISSIONS, RESOURCE_PERMISSIONS, scopeCovers } from './permissions';
import { Clock, cancelledError, realClock, realSleep, RollingWindowLimiter, sharedLimiter, Sleep } from './rate-limiter';
import { CONTRACTS_WITH_LINES_SQL, ContractsWithLinesResult, contractsFromReportRows, contractsFromRest, REPORT_ROW_CAP } from './contracts-with-lines';

export interface HaloLogger {
  debug?(message: string, context?: Record<string, unknown>): void;
  warn?(message: string, context?: Record<string, unknown>): void;
}

/** One HTTP request the client made (token and discovery requests included), for counting and tracing. */
export interface HaloRequestEvent {
  method: string;
  /** Path and query relative to the Halo base URL, e.g. `/api/Client?pageinate=true&page_no=2`. */
  path: string;
  status: number | null;
  attempt: number;
  durationMs: number;
  error?: string;
}

export interface HaloClientOptions {
  /** The Halo web address, e.g. `https://acme.halopsa.com`. */
  url: string;
  /** The authorisation server (Halo's "API Details"); discovered through `/api/authinfo` when absent. */
  authUrl?: string;
  /** Hosted Halo's tenant; discovered through `/api/authinfo` when absent. */
  tenant?: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to request; default `all`. */
  scope?: string;
  /** Requests per rolling 5 minutes for this Halo instance, shared in-process (halo-api.md §3); default 700. */
  requestBudget?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Retries on 5xx, timeouts and connection resets; default 3. 429 waits are bounded by `maxRateLimitWaitMs`. */
  maxRetries?: number;
  /** Longest total wait on 429s for one request before giving up with `rate_limited`; default 10 minutes. */
  maxRateLimitWaitMs?: number;
  /** Rows requested per page (tickets are always capped at 100); default 250. */
  pageSize?: number;
  logger?: HaloLogger;
  fetch?: typeof fetch;
  clock?: Clock;
  sleep?: Sleep;
  /** Random source for retry jitter, injectable for tests. */
  random?: () => number;
  onRequest?: (event: HaloRequestEvent) => void;
}

export interface ListOptions {
  /** Also return inactive records (Halo hides them by default, halo-api.md §2.2). */
  includeInactive?: boolean;
  pageSize?: number;
  /** Extra Halo filters, e.g. `{ client_id: 12 }`. Halo silently ignores unknown ones (§2.2). */
  query?: Record<string, string | number | boolean>;
  signal?: AbortSignal;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export type ReportCell = string | number | null;
export interface ReportResult {
  columns: string[];
  rows: Record<string, ReportCell>[];
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestSpec {
  method: 'GET' | 'POST';
  /** Absolute URL for auth endpoints, else a path under `<base>/api`. */
  url: string;
  query?: Query;
  json?: unknown;
  form?: Record<string, string>;
  /** Send the bearer token (false for discovery and the token request). */
  auth: boolean;
  /** Safe to repeat after a 5xx or timeout (reads, updates); creates are not. */
  idempotent: boolean;
  /** halo-api.md §5.2: slow report SQL hits a 504 at ~60 s, "don't auto-retry". */
  retryTimeouts: boolean;
  permission?: string;
  signal?: AbortSignal;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
  scopes: string[] | null;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_PAGE_SIZE = 250;
/** halo-api.md §2.3 / quirk §7.2: tickets return at most 100 rows a page whatever page_size says. */
const TICKET_PAGE_CAP = 100;
/** halo-api.md §3: "use ≥30–60 s backoff" on 429 when no Retry-After is sent. */
const MIN_RATE_LIMIT_WAIT_MS = 30_000;
const SAVE_CHUNK = 50;
const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

/**
 * A typed HaloPSA REST client: OAuth2 client credentials, lossless paging, a shared rolling request budget,
 * retries, typed errors and normalised records. See libs/halo-client/README.md.
 */
export class HaloClient {
  private readonly base: string;
  private readonly options: HaloClientOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly limiter: RollingWindowLimiter;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitWaitMs: number;
  private tokenUrl: string | null = null;
  private token: CachedToken | null = null;
  private tokenInFlight: Promise<CachedToken> | null = null;
  private used = 0;

  constructor(options: HaloClientOptions) {
    this.options = options;
    this.base = baseUrlOf(options.url);
    if (!options.clientId) throw new HaloError(HaloErrorCode.InvalidCredentials, 'A Halo client id is required.');
    if (!options.clientSecret) throw new HaloError(HaloErrorCode.InvalidCredentials, 'A Halo client secret is required.');
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? realClock;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 10 * 60_000;
    this.limiter = sharedLimiter(this.base, options.requestBudget ?? 700);
  }

  /** HTTP requests this client has sent, retries, discovery and token requests included. */
  get requestsUsed(): number {
    return this.used;
  }

  /** The Halo base URL requests go to (no trailing slash, no `/api`). */
  get baseUrl(): string {
    return this.base;
  }

  // ---------------------------------------------------------------- resources

  listClients(options: ListOptions = {}): Promise<HaloClientRecord[]> {
    return this.listAll('/Client', 'clients', records(CLIENT_SPEC), options);
  }

  listSites(options: ListOptions = {}): Promise<HaloSite[]> {
    return this.listAll('/Site', 'sites', records(SITE_SPEC), options);
  }

  listUsers(options: ListOptions = {}): Promise<HaloUser[]> {
    return this.listAll('/Users', 'users', records(USER_SPEC), options);
  }

  listContracts(options: ListOptions = {}): Promise<HaloContract[]> {
    return this.listAll('/ClientContract', 'contracts', records(CONTRACT_SPEC), options);
  }

  /** Recurring invoices (negative ids); lines only come with `includeLines` (halo-api.md §4.5, quirk §7.11). */
  async listRecurringInvoices(options: ListOptions & { includeLines?: boolean } = {}): Promise<HaloRecurringInvoice[]> {
    const query = { ...options.query, ...(options.includeLines ? { includelines: true } : {}) };
    return this.listAll('/RecurringInvoice', 'invoices', parseRecurringInvoice, { ...options, query });
  }

  listItems(options: ListOptions = {}): Promise<HaloItem[]> {
    return this.listAll('/Item', 'items', records(ITEM_SPEC), options);
  }

  listAssets(options: ListOptions = {}): Promise<HaloAsset[]> {
    return this.listAll('/Asset', 'assets', records(ASSET_SPEC), options);
  }

  async getAsset(id: number, options: RequestOptions = {}): Promise<HaloAsset> {
    const body = await this.api('GET', `/Asset/${integerId(id, 'id')}`, { includedetails: true }, options.signal);
    return parseRecord(ASSET_SPEC, body, 'asset');
  }

  /**
   * Creates (no `id`) and updates (with `id`) assets; halo-api.md §2.5: POST takes an array, answers in one of
   * three shapes. Sent in chunks of 50; creates are never retried after a 5xx or timeout, as Halo may have
   * saved them already.
   */
  async saveAssets(assets: readonly HaloAssetInput[], options: RequestOptions = {}): Promise<HaloAsset[]> {
    const saved: HaloAsset[] = [];
    for (let start = 0; start < assets.length; start += SAVE_CHUNK) {
      const chunk = assets.slice(start, start + SAVE_CHUNK).map((asset, index) => toAssetBody(asset, start + index));
      const idempotent = chunk.every((asset) => typeof asset['id'] === 'number' && asset['id'] > 0);
      const body = await this.send({ method: 'POST', url: '/Asset', json: chunk, auth: true, idempotent, retryTimeouts: idempotent, permission: 'edit:assets', signal: options.signal });
      unwrapSaved(body, 'assets', 'POST /Asset').forEach((raw, index) => saved.push(parseRecord(ASSET_SPEC, raw, `assets[${start + index}]`)));
    }
    return saved;
  }

  /** Asset types; Halo answers with a bare array (halo-api.md §4.8). */
  listAssetTypes(options: ListOptions = {}): Promise<HaloAssetType[]> {
    return this.listAll('/AssetType', 'assettypes', records(ASSET_TYPE_SPEC), options);
  }

  listTickets(options: ListOptions = {}): Promise<HaloTicket[]> {
    return this.listAll('/Tickets', 'tickets', records(TICKET_SPEC), { ...options, pageSize: Math.min(options.pageSize ?? TICKET_PAGE_CAP, TICKET_PAGE_CAP) });
  }

  async getTicket(id: number, options: RequestOptions = {}): Promise<HaloTicket> {
    const body = await this.api('GET', `/Tickets/${integerId(id, 'id')}`, { includedetails: true }, options.signal);
    return parseRecord(TICKET_SPEC, body, 'ticket');
  }

  /**
   * Runs ad-hoc SQL through the Reporting API (halo-api.md §5): one statement, no `;`, no `--`, no CTE.
   * Numeric cells become numbers. A SQL error (HTTP 200 + `load_error`, quirk §7.13) is a `bad_request`;
   * a 403, or the 404 Halo gives agents without reporting access, is `missing_permission` edit:reporting.
   */
  async runReport(sql: string, options: RequestOptions = {}): Promise<ReportResult> {
    const rows = await this.reportRows(sql, options.signal);
    const columns = new Set<string>();
    const out = rows.map((row) => {
      const record: Record<string, ReportCell> = {};
      for (const [column, cell] of Object.entries(row)) {
        columns.add(column);
        const value = reportCell(cell);
        record[column] = typeof value === 'string' || typeof value === 'number' ? value : value === null || value === undefined ? null : String(value);
      }
      return record;
    });
    return { columns: [...columns], rows: out };
  }

  /** The report's rows as Halo sent them (cells are text, §5.2). */
  private async reportRows(sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    let body: unknown;
    try {
      body = await this.send({
        method: 'POST', url: '/Report', json: [{ sql, _loadreportonly: true }], auth: true,
        idempotent: true, retryTimeouts: false, permission: 'edit:reporting', signal,
      });
    } catch (error) {
      if (error instanceof HaloError && error.code === HaloErrorCode.NotFound) {
        throw permissionError('edit:reporting', 'POST /api/Report', 404);
      }
      throw error;
    }
    // §5.2: a single AnalyzerProfile object; some builds answer with an array of one.
    const profile = Array.isArray(body) ? body[0] : body;
    if (profile === null || typeof profile !== 'object') throw malformed('report', 'is missing', 'POST /api/Report');
    const report = (profile as Record<string, unknown>)['report'];
    if (report === null || typeof report !== 'object') throw malformed('report', 'is missing', 'POST /api/Report');
    const content = report as Record<string, unknown>;
    if (typeof content['load_error'] === 'string' && content['load_error'] !== '') {
      throw new HaloError(HaloErrorCode.BadRequest, `Halo could not run the report SQL: ${truncate(content['load_error'])}. Fix the query (one SELECT, no ';', no '--' comments, no CTE).`, { field: 'sql', request: 'POST /api/Report' });
    }
    const rows = content['rows'] ?? [];
    if (!Array.isArray(rows)) throw malformed('report.rows', 'should be a list', 'POST /api/Report');
    rows.forEach((row, index) => {
      if (row === null || typeof row !== 'object' || Array.isArray(row)) throw malformed(`report.rows[${index}]`, 'should be an object', 'POST /api/Report');
    });
    return rows as Record<string, unknown>[];
  }

  /**
   * Every contract with its recurring invoices, their lines and the lines' item names. Tries one Reporting
   * API query first (halo-api.md §3 "integrators moved bulk reads to the Reporting API"); without
   * edit:reporting, or when this Halo cannot run the SQL, falls back to the REST lists. `source` says which.
   */
  async readContractsWithLines(options: RequestOptions = {}): Promise<ContractsWithLinesResult> {
    let fallbackReason: string;
    try {
      const rows = await this.reportRows(CONTRACTS_WITH_LINES_SQL, options.signal);
      if (rows.length < REPORT_ROW_CAP) {
        return { source: 'report', fallbackReason: null, contracts: contractsFromReportRows(rows) };
      }
      // §5.2: reports stop at 50,000 rows; the result may be cut short.
      fallbackReason = `the report reached Halo's ${REPORT_ROW_CAP}-row cap`;
    } catch (error) {
      if (!(error instanceof HaloError) || (error.code !== HaloErrorCode.MissingPermission && error.code !== HaloErrorCode.BadRequest && error.code !== HaloErrorCode.MalformedResponse)) throw error;
      fallbackReason = error.message;
    }
    this.options.logger?.warn?.('Halo report unavailable; reading contracts through the REST lists', { reason: fallbackReason });
    const list = { includeInactive: true, signal: options.signal };
    const contracts = await this.listContracts(list);
    const invoices = await this.listRecurringInvoices({ ...list, includeLines: true });
    const items = await this.listItems(list);
    return { source: 'rest', fallbackReason, contracts: contractsFromRest(contracts, invoices, items) };
  }

  /**
   * One row per API permission the integration needs (seed-halopsa-integration.txt): reads are probed with
   * `count=1`, edit:reporting with a constant SELECT, edit scopes from the token's granted `scope`.
   * Throws only when Halo cannot be reached or the credentials are wrong.
   */
  async checkPermissions(options: RequestOptions = {}): Promise<PermissionRow[]> {
    const token = await this.ensureToken(options.signal);
    const rows: PermissionRow[] = [];
    for (const definition of REQUIRED_PERMISSIONS) {
      const { permission, probe, neededFor } = definition;
      const row = (status: PermissionRow['status'], evidence: string): PermissionRow => ({
        permission, status, evidence, action: status === 'granted' ? null : status === 'missing' ? definition.fix : `Could not tell; check in Halo. ${definition.fix}`, neededFor,
      });
      if (probe.kind === 'scope-claim') {
        if (token.scopes === null) rows.push(row('unknown', 'the token response carried no scope claim'));
        else {
          const granted = scopeCovers(token.scopes, permission);
          rows.push(row(granted ? 'granted' : 'missing', `token scope claim ${granted ? 'covers' : 'lacks'} "${permission}" (application scopes only; the agent role is not checked without a write)`));
        }
        continue;
      }
      const label = probe.kind === 'read' ? `GET /api${probe.path}?count=1` : 'POST /api/Report (SELECT 1, _loadreportonly)';
      try {
        if (probe.kind === 'read') await this.send({ method: 'GET', url: probe.path, query: { count: 1 }, auth: true, idempotent: true, retryTimeouts: true, permission, signal: options.signal });
        else await this.runReport('SELECT 1 AS probe', options);
        rows.push(row('granted', `${label} succeeded`));
      } catch (error) {
        if (!(error instanceof HaloError)) throw error;
        if (error.code === HaloErrorCode.InvalidCredentials || error.code === HaloErrorCode.Cancelled) throw error;
        if (error.code === HaloErrorCode.MissingPermission) {
          const denied = row('missing', `${label} -> ${error.status ?? 'denied'}`);
          if (token.scopes !== null && scopeCovers(token.scopes, permission)) {
            // The application has the scope, so the agent's role, or a Halo quirk, blocks the read.
            denied.evidence += '; the token has this scope, so the agent role (or a Halo quirk) refuses it';
            if (permission === 'read:items') denied.action = `${fixFor('edit:items')} ${denied.action ?? ''}`.trim();
          }
          rows.push(denied);
        }
        else rows.push(row('unknown', `${label} failed: ${error.code}${error.status ? ` (${error.status})` : ''}`));
      }
    }
    return rows;
  }

  /** The API scopes Halo granted this application (token response `scope`, else the JWT claim). */
  async grantedScopes(options: RequestOptions = {}): Promise<string[] | null> {
    return (await this.ensureToken(options.signal)).scopes;
  }

  // ---------------------------------------------------------------- paging

  /**
   * halo-api.md §2.3 / quirk §7.2: loop until `record_count` rows have arrived or a page comes back short;
   * never compute the number of pages from the requested size. When the first page is shorter than asked
   * but `record_count` says there is more, the server capped the page size: continue with the size it used,
   * so `page_no` offsets stay aligned. Rows already seen (by id) are skipped, and a page with nothing new
   * ends the loop (endpoints that ignore paging, §2.3).
   */
  private async listAll<T extends { id: number }>(path: string, key: string, parse: (raw: unknown, path: string) => T, options: ListOptions): Promise<T[]> {
    let pageSize = Math.max(1, options.pageSize ?? this.options.pageSize ?? DEFAULT_PAGE_SIZE);
    const rows: T[] = [];
    const seen = new Set<number>();
    let recordCount: number | null = null;
    let capAdopted = false;
    for (let pageNo = 1; ; pageNo++) {
      const query: Query = { ...options.query, pageinate: true, page_size: pageSize, page_no: pageNo };
      if (options.includeInactive) query['includeinactive'] = true;
      const body = await this.api('GET', path, query, options.signal);
      const page = unwrapList(body, key, `GET /api${path}`);
      if (page.recordCount !== null) recordCount = page.recordCount;
      let fresh = 0;
      for (const raw of page.rows) {
        const record = parse(raw, `${key}[${rows.length}]`);
        if (seen.has(record.id)) continue;
        seen.add(record.id);
        rows.push(record);
        fresh++;
      }
      if (page.rows.length === 0 || fresh === 0) break;
      if (recordCount !== null && rows.length >= recordCount) break;
      if (page.rows.length < pageSize) {
        if (recordCount === null || capAdopted || pageNo > 1) break;
        pageSize = page.rows.length;
        capAdopted = true;
      }
    }
    if (recordCount !== null && rows.length < recordCount) {
      this.options.logger?.warn?.('Halo reported more rows than it returned', { path, recordCount, received: rows.length });
    }
    return rows;
  }

  // ---------------------------------------------------------------- transport

  private api(method: 'GET', path: string, query: Query, signal?: AbortSignal): Promise<unknown> {
    return this.send({ method, url: path, query, auth: true, idempotent: true, retryTimeouts: true, permission: permissionFor(path), signal });
  }

  private async send(spec: RequestSpec): Promise<unknown> {
    const label = `${spec.method} ${spec.auth ? `/api${spec.url}` : new URL(spec.url).pathname}`;
    let failures = 0;
    let rateWaitedMs = 0;
    let rateWaits = 0;
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      if (spec.signal?.aborted) throw cancelledError();
      const token = spec.auth ? await this.ensureToken(spec.signal) : null;
      const outcome = await this.exchange(spec, token?.accessToken ?? null, attempt);
      if (outcome.kind === 'failed') {
        const error = outcome.error;
        const retryable = error.code === HaloErrorCode.Unavailable ? outcome.connectRefused || spec.idempotent : error.code === HaloErrorCode.Timeout && spec.retryTimeouts && spec.idempotent;
        if (retryable && failures < this.maxRetries) {
          await this.backoff(failures++, spec.signal);
          continue;
        }
        throw error;
      }
      const { status, headers, text } = outcome;
      if (spec.auth && (status === 401 || (status === 400 && /invalid_token|invalid_grant/.test(text))) && !refreshedToken) {
        // halo-api.md §1.2 / §2.6: an expired or revoked token is a 401 (sometimes a 400 saying invalid_token);
        // get a new one and try once more.
        this.token = null;
        refreshedToken = true;
        continue;
      }
      if (status === 429) {
        // halo-api.md §3: honour Retry-After if sent; else 30 s, then 60 s, as the window is 5 minutes long.
        const waitMs = retryAfterMs(headers.get('retry-after'), this.clock()) ?? MIN_RATE_LIMIT_WAIT_MS * Math.min(2, 1 + rateWaits);
        rateWaits++;
        if (rateWaitedMs + waitMs > this.maxRateLimitWaitMs) {
          throw new HaloError(HaloErrorCode.RateLimited, `Halo kept answering 429 Too Many Requests for ${Math.round(rateWaitedMs / 1000)} s (${label}). Other integrations may be using this Halo's request budget; try again in a few minutes or lower the request budget.`, { status, request: label });
        }
        rateWaitedMs += waitMs;
        this.options.logger?.warn?.('Halo rate limit reached; waiting', { request: label, waitMs });
        this.limiter.pauseUntil(this.clock() + waitMs);
        continue;
      }
      if (RETRYABLE_5XX.has(status) && (spec.retryTimeouts || status !== 504) && spec.idempotent && failures < this.maxRetries) {
        await this.backoff(failures++, spec.signal);
        continue;
      }
      if (status < 200 || status > 299) throw statusError(status, text, label, spec);
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // A cut-off body is usually a transfer problem; try a read again before calling the data malformed.
        if (spec.idempotent && failures < this.maxRetries) {
          await this.backoff(failures++, spec.signal);
          continue;
        }
        throw new HaloError(HaloErrorCode.MalformedResponse, `Halo sent a response that is not JSON (${label}). Nothing was changed; if it persists, Halo or a proxy in front of it is misbehaving.`, { status, request: label, field: '(body)' });
      }
    }
  }

  /** One HTTP exchange: takes a slot from the shared budget, applies the timeout, reads the whole body. */
  private async exchange(spec: RequestSpec, accessToken: string | null, attempt: number): Promise<
    | { kind: 'response'; status: number; headers: Headers; text: string }
    | { kind: 'failed'; error: HaloError; connectRefused: boolean }
  > {
    await this.limiter.acquire(this.clock, this.sleep, spec.signal);
    const url = new URL(spec.auth ? `${this.base}/api${spec.url}` : spec.url);
    for (const [name, value] of Object.entries(spec.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (accessToken !== null) headers['authorization'] = `Bearer ${accessToken}`;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    const started = this.clock();
    const path = url.pathname.slice(new URL(this.base).pathname.replace(/\/$/, '').length) + url.search;
    this.used++;
    const report = (status: number | null, error?: string): void =>
      this.options.onRequest?.({ method: spec.method, path, status, attempt, durationMs: this.clock() - started, ...(error ? { error } : {}) });
    const label = `${spec.method} ${url.pathname}`;
    try {
      const response = await this.fetchImpl(url, { method: spec.method, headers, body, signal });
      const text = await response.text();
      report(response.status);
      return { kind: 'response', status: response.status, headers: response.headers, text };
    } catch (error) {
      if (spec.signal?.aborted) {
        report(null, 'cancelled');
        throw cancelledError();
      }
      if (timeout.signal.aborted) {
        report(null, 'timeout');
        return { kind: 'failed', connectRefused: false, error: new HaloError(HaloErrorCode.Timeout, `Halo did not answer ${label} within ${this.timeoutMs} ms. Halo may be overloaded; try again later or raise the timeout.`, { request: label, cause: error }) };
      }
      const code = networkCode(error);
      report(null, code);
      return {
        kind: 'failed',
        connectRefused: code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN',
        error: new HaloError(HaloErrorCode.Unavailable, `Could not reach Halo at ${this.base} (${code}) for ${label}. Check the URL and that Halo is up.`, { request: label, cause: error }),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Full jitter exponential backoff: 0.5 s, 1 s, 2 s … capped at 30 s, each scaled by a random 50–100 %. */
  private backoff(failures: number, signal?: AbortSignal): Promise<void> {
    const ceiling = Math.min(30_000, 500 * 2 ** failures);
    return this.sleep(ceiling * (0.5 + this.random() * 0.5), signal);
  }

  // ---------------------------------------------------------------- auth

  /** A valid token, shared by concurrent callers; refreshed shortly before it expires. */
  private async ensureToken(signal?: AbortSignal): Promise<CachedToken> {
    const current = this.token;
    if (current !== null && this.clock() < current.expiresAt) return current;
    if (this.tokenInFlight === null) {
      this.tokenInFlight = this.requestToken(signal).finally(() => {
        this.tokenInFlight = null;
      });
    }
    const fresh = await this.tokenInFlight;
    this.token = fresh;
    return fresh;
  }

  /** halo-api.md §1.1: `GET /api/authinfo` names the auth server and hosted tenant; fallback `<base>/auth`. */
  private async discoverTokenUrl(signal?: AbortSignal): Promise<string> {
    if (this.tokenUrl !== null) return this.tokenUrl;
    let authUrl = this.options.authUrl?.replace(/\/+$/, '');
    let tenant = this.options.tenant;
    if (authUrl === undefined) {
      try {
        const info = await this.send({ method: 'GET', url: `${this.base}/api/authinfo`, auth: false, idempotent: true, retryTimeouts: true, signal });
        if (info !== null && typeof info === 'object') {
          const record = info as Record<string, unknown>;
          if (typeof record['auth_url'] === 'string' && record['auth_url'] !== '') authUrl = record['auth_url'].replace(/\/+$/, '');
          if (tenant === undefined && typeof record['tenant_id'] === 'string' && record['tenant_id'] !== '') tenant = record['tenant_id'];
        }
      } catch (error) {
        // Older and on-prem Halo may not serve authinfo: fall back to the conventional auth path.
        if (!(error instanceof HaloError) || (error.code !== HaloErrorCode.NotFound && error.code !== HaloErrorCode.MalformedResponse && error.code !== HaloErrorCode.BadRequest && error.code !== HaloErrorCode.MissingPermission)) throw error;
      }
    }
    const url = new URL(`${authUrl ?? `${this.base}/auth`}/token`);
    if (tenant) url.searchParams.set('tenant', tenant);
    this.tokenUrl = url.toString();
    return this.tokenUrl;
  }

  private async requestToken(signal?: AbortSignal): Promise<CachedToken> {
    const tokenUrl = await this.discoverTokenUrl(signal);
    const scope = this.options.scope ?? 'all';
    let body: unknown;
    try {
      body = await this.send({
        method: 'POST', url: tokenUrl, auth: false, idempotent: true, retryTimeouts: true, signal,
        form: { grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret, scope },
      });
    } catch (error) {
      if (error instanceof HaloError && (error.code === HaloErrorCode.BadRequest || error.code === HaloErrorCode.InvalidCredentials || error.code === HaloErrorCode.MissingPermission || error.code === HaloErrorCode.NotFound)) {
        throw tokenError(error, scope, tokenUrl);
      }
      throw error;
    }
    if (body === null || typeof body !== 'object') throw malformed('access_token', 'is missing', 'POST token');
    const record = body as Record<string, unknown>;
    const accessToken = record['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '') throw malformed('access_token', 'is missing', 'POST token');
    const expiresInRaw = Number(record['expires_in'] ?? 3600);
    const ttlMs = (Number.isFinite(expiresInRaw) && expiresInRaw > 0 ? expiresInRaw : 3600) * 1000;
    // Refresh ahead of expiry (clients use 1–5 min, halo-api.md §1.2); a quarter of the lifetime for short ones.
    const marginMs = Math.min(60_000, ttlMs / 4);
    return { accessToken, expiresAt: this.clock() + ttlMs - marginMs, scopes: grantedScopesOf(record, accessToken) };
  }
}

function records<T>(spec: RecordSpec<T>): (raw: unknown, path: string) => T {
  return (raw, path) => parseRecord(spec, raw, path);
}

function baseUrlOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HaloError(HaloErrorCode.BadRequest, `The Halo URL "${url}" is not a valid URL; use the address you open Halo with, e.g. https://acme.halopsa.com.`, { field: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new HaloError(HaloErrorCode.BadRequest, `The Halo URL must start with https:// (got ${parsed.protocol}).`, { field: 'url' });
  }
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/api$/i, '');
  return `${parsed.protocol}//${parsed.host}${path}`;
}

function permissionFor(path: string): string | undefined {
  const resource = path.split('/')[1]?.toLowerCase() ?? '';
  return RESOURCE_PERMISSIONS[resource];
}

function integerId(value: number, field: string): number {
  if (!Number.isInteger(value)) throw new HaloError(HaloErrorCode.BadRequest, `${field} must be a whole number (got ${value}).`, { field });
  return value;
}

/** halo-api.md §2.7 / quirk §7.16: ids must go back to Halo as integers, never `95.0`. */
function toAssetBody(asset: HaloAssetInput, index: number): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(asset)) {
    if (value === undefined) continue;
    if ((key === 'id' || key.endsWith('_id')) && value !== null && (typeof value !== 'number' || !Number.isInteger(value))) {
      throw new HaloError(HaloErrorCode.BadRequest, `assets[${index}].${key} must be a whole number.`, { field: `assets[${index}].${key}` });
    }
    body[key] = value;
  }
  return body;
}

function truncate(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function permissionError(permission: string, request: string, status: number): HaloError {
  return new HaloError(HaloErrorCode.MissingPermission, `Halo denied ${request} (${status}): the API application or its agent lacks "${permission}". ${fixFor(permission)}`, { permission, status, request });
}

/** Maps a non-2xx answer (after retries) to a typed error; the body is quoted only as Halo's short message. */
function statusError(status: number, text: string, label: string, spec: RequestSpec): HaloError {
  const { message, field } = describeBody(text);
  if ((status === 401 || status === 403) && spec.auth) {
    // §2.6: 401 with a fresh token, or 403, = scope not granted or agent role without access.
    return spec.permission
      ? permissionError(spec.permission, label, status)
      : new HaloError(HaloErrorCode.MissingPermission, `Halo denied ${label} (${status}). Check the API application's permissions and its agent's role.`, { status, request: label });
  }
  if (status === 401 || status === 403) return new HaloError(HaloErrorCode.InvalidCredentials, `Halo refused ${label} (${status})${message ? `: ${message}` : ''}.`, { status, request: label });
  if (status === 404) return new HaloError(HaloErrorCode.NotFound, `Halo has no ${label} (404). The record may have been deleted, or the URL is not a Halo API.`, { status, request: label });
  if (status === 429) return new HaloError(HaloErrorCode.RateLimited, `Halo is rate limiting ${label}; try again in a few minutes.`, { status, request: label });
  if (status >= 500) {
    return new HaloError(HaloErrorCode.Unavailable, `Halo failed on ${label} (${status})${message ? `: ${message}` : ''}. Halo may be down or overloaded; try again later.`, { status, request: label });
  }
  return new HaloError(HaloErrorCode.BadRequest, `Halo rejected ${label} (${status})${field ? ` on field ${field}` : ''}${message ? `: ${message}` : ''}.`, { status, request: label, field });
}

/** Halo's error text: OAuth `error_description`, a `message`, or the first key of a field-keyed 400 (§2.5). */
function describeBody(text: string): { message: string; field?: string } {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'string') return { message: truncate(body) };
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const record = body as Record<string, unknown>;
      const oauth = [record['error'], record['error_description']].filter((v) => typeof v === 'string').join(': ');
      if (oauth) return { message: truncate(oauth) };
      // ASP.NET error bodies use `Message` (e.g. `{ClassName, Message}` on a 500).
      const text = record['message'] ?? record['Message'];
      if (typeof text === 'string') return { message: truncate(text) };
      const errors = (record['errors'] && typeof record['errors'] === 'object' ? record['errors'] : record) as Record<string, unknown>;
      const [field] = Object.keys(errors);
      if (field !== undefined) {
        const detail = errors[field];
        return { field, message: truncate(Array.isArray(detail) ? detail.map(String).join('; ') : String(detail)) };
      }
    }
  } catch {
    // not JSON: Halo sometimes answers with plain text (e.g. the 429 message)
  }
  return { message: truncate(text.replace(/\s+/g, ' ').trim()) };
}

function tokenError(error: HaloError, scope: string, tokenUrl: string): HaloError {
  const where = new URL(tokenUrl);
  const text = error.message;
  if (/invalid_scope/.test(text)) {
    return new HaloError(HaloErrorCode.MissingPermission, `Halo refused the requested scope "${scope}" (invalid_scope). Request "all", or enable those permissions on the API application in Halo.`, { permission: scope, status: error.status, request: 'POST token' });
  }
  if (error.code === HaloErrorCode.NotFound) {
    return new HaloError(HaloErrorCode.InvalidCredentials, `No Halo token endpoint at ${where.origin}${where.pathname} (404). Check the auth URL (Halo: Configuration > Integrations > Halo API > API Details) and the tenant.`, { status: 404, request: 'POST token', field: 'authUrl' });
  }
  return new HaloError(HaloErrorCode.InvalidCredentials, `Halo rejected the client id or secret (${error.status ?? 'error'}). Copy both again from Configuration > Integrations > Halo API > Applications, and check the tenant for hosted Halo.`, { status: error.status, request: 'POST token' });
}

function grantedScopesOf(record: Record<string, unknown>, accessToken: string): string[] | null {
  if (typeof record['scope'] === 'string') return record['scope'].split(/\s+/).filter(Boolean);
  // Fall back to the JWT's `scope` claim; the token is only decoded, never logged.
  const [, payload] = accessToken.split('.');
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claim = claims['scope'];
    if (typeof claim === 'string') return claim.split(/\s+/).filter(Boolean);
    if (Array.isArray(claim)) return claim.map(String);
  } catch {
    // not a JWT
  }
  return null;
}

function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  // undici puts the reason in `cause` (e.g. "bad port", "other side closed") when there is no errno code.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : 'network error');
}
