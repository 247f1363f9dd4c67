// `npm run bench -- halo [--clients N] [--runs N] [--latency-ms N] [--seed N] [--json]`
// A full read of a generated Halo (clients, sites, users, contracts, recurring invoices with lines, items, assets: what
// `npm run halo -- snapshot` reads) through @entitle/halo-client, two ways in the same run against the simulator as a
// real process: through reports (what Entitle does with edit:reporting: the client's contracts-with-lines report, one
// report of the recurring invoices bound to no contract, REST for the rest) and through paged REST lists (the baseline).
// Assets come by REST both ways: the client library has no asset report. Both ways must return the same contracts,
// invoices and lines, field for field, or the bench fails.
// Reported: Halo requests (the client's `requestsUsed`, cross-checked with the simulator's counters), wall time
// (median of --runs, each from a fresh client and token), rows per resource, and the ratios REST / reports.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  HaloClient,
  type HaloContract,
  type HaloContractInvoice,
  type HaloContractWithLines,
  type HaloItem,
  type HaloRecurringInvoice,
  type ReportCell,
} from '@entitle/halo-client';

const ROOT = join(__dirname, '..', '..');
const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret';
/** Halo's documented default budget: 700 requests per rolling 5 minutes (halo-api.md §3). */
const HALO_BUDGET = 700;
/** High enough that neither the simulator's window nor the client's shared limiter ever throttles the bench. */
const NO_THROTTLE = 1_000_000;
/** halo-api.md §5.2: reports stop at 50,000 rows. */
const REPORT_ROW_CAP = 50_000;

/**
 * Recurring invoices (negative IHid) bound to no contract, with their lines: the part of a full read that the client's
 * contracts-with-lines report leaves out (its LEFT JOIN starts from CONTRACTHEADER). Plain SELECT/LEFT JOIN only, as
 * Halo's Reporting API requires (no CTE, `;` or `--`). Columns as apps/api's recurring-lines report reads them.
 */
const STANDALONE_INVOICES_SQL = [
  'SELECT ih.IHid AS invoice_id, ih.IHaarea AS client_id, ih.IHsitenumber AS site_id,',
  's.stddisabled AS disabled, s.stdstartdate AS startdate, s.stdenddate AS enddate,',
  'd.IDid AS line_id, d.ID_ItemID AS item_id, d.IDItem_Code AS item_code, d.IDItem_ShortDescription AS item_shortdescription,',
  'd.IDQty_Order AS qty_order, d.idisInactive AS isinactive, d.IDStartDate AS line_startdate, d.IDEndDate AS line_enddate',
  'FROM INVOICEHEADER ih',
  'LEFT JOIN CONTRACTHEADER ch ON ch.CHid = ih.IHchid',
  'LEFT JOIN STDREQUEST s ON s.StdInvoiceId = ih.IHid',
  'LEFT JOIN INVOICEDETAIL d ON d.IdIHid = ih.IHid',
  'WHERE ih.IHid < 0 AND ch.CHid IS NULL',
].join(' ');

// ------------------------------------------------------------------------------------------------ the simulator

interface SimState {
  counts: Record<string, number>;
  counters: { requests: number; apiRequests: number; reports: number; rateLimited: number; injectedErrors: number };
}

interface Sim {
  url: string;
  admin<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  state(): Promise<SimState>;
  stop(): Promise<void>;
}

/** apps/halo-sim as a real process on a free port (as libs/halo-client's test helper; tools may not import test files). */
async function startSim(args: string[], timeoutMs = 120_000): Promise<Sim> {
  const child: ChildProcess = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'apps', 'halo-sim', 'src', 'main.ts'), '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`halo-sim did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /halo-sim listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`halo-sim exited with ${code}: ${stderr}`));
    });
  });
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`halo-sim ${method} ${path} -> ${response.status}: ${text}`);
    return (text === '' ? null : JSON.parse(text)) as T;
  };
  return {
    url,
    admin,
    state: () => admin<SimState>('GET', '/_sim/state'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

// ------------------------------------------------------------------------------------------------ one full read

type Way = 'reports' | 'rest';

/** Everything one full read returns, in one shape for both ways so they can be compared. */
interface FullRead {
  clients: number;
  sites: number;
  users: number;
  items: HaloItem[];
  assets: number;
  contracts: HaloContractWithLines[];
  /** Recurring invoices bound to no contract, with their lines. */
  standalone: HaloContractInvoice[];
}

interface Phase {
  name: string;
  /** `report` for a Reporting API call, `rest` for paged lists, `auth` for discovery and token. */
  via: 'auth' | 'rest' | 'report';
  requests: number;
  ms: number;
  /** Records read, e.g. `4966` or `1224 inv + 4928 lines`. */
  rows: string;
}

interface ReadResult {
  way: Way;
  ms: number;
  /** The client's own count: discovery and token included. */
  requests: number;
  /** What Halo counts against its budget: /api/* minus authinfo (halo-api.md §3), from the simulator's counters. */
  haloCounted: number;
  reports: number;
  phases: Phase[];
  data: FullRead;
}

const all = { includeInactive: true };

async function fullRead(sim: Sim, way: Way): Promise<ReadResult> {
  await sim.admin('POST', '/_sim/reset'); // zero the simulator's counters (and its rate window)
  const halo = new HaloClient({ url: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, requestBudget: NO_THROTTLE });
  const phases: Phase[] = [];
  const phase = async <T>(name: string, via: Phase['via'], fn: () => Promise<T>, rows: (out: T) => string): Promise<T> => {
    const before = halo.requestsUsed;
    const t0 = performance.now();
    const out = await fn();
    phases.push({ name, via, requests: halo.requestsUsed - before, ms: performance.now() - t0, rows: rows(out) });
    return out;
  };
  const count = (xs: readonly unknown[]): string => String(xs.length);
  const t0 = performance.now();
  await phase('discovery + token', 'auth', () => halo.grantedScopes(), () => '');
  const clients = await phase('clients', 'rest', () => halo.listClients(all), count);
  const sites = await phase('sites', 'rest', () => halo.listSites(all), count);
  const users = await phase('users', 'rest', () => halo.listUsers(all), count);
  let contracts: HaloContractWithLines[];
  let standalone: HaloContractInvoice[];
  let items: HaloItem[];
  if (way === 'reports') {
    // The client's bulk read; its own parsing of the report rows is part of the measured time.
    const result = await phase('contracts + their invoices and lines', 'report', () => halo.readContractsWithLines(), (r) => {
      const invoices = r.contracts.flatMap((c) => c.recurringInvoices);
      return `${r.contracts.length} + ${invoices.length} inv + ${invoices.reduce((n, i) => n + i.lines.length, 0)} lines`;
    });
    if (result.source !== 'report') throw new Error(`the contracts-with-lines report fell back to REST: ${result.fallbackReason ?? ''}`);
    contracts = result.contracts;
    const unbound = await phase('stand-alone recurring invoices and lines', 'report', async () => {
      const { rows } = await halo.runReport(STANDALONE_INVOICES_SQL);
      if (rows.length >= REPORT_ROW_CAP) throw new Error(`the stand-alone invoices report reached Halo's ${REPORT_ROW_CAP}-row cap`);
      return standaloneFromReport(rows);
    }, (r) => `${r.length} inv + ${r.reduce((n, i) => n + i.lines.length, 0)} lines`);
    standalone = unbound;
    items = await phase('items (full catalogue)', 'rest', () => halo.listItems(all), count);
  } else {
    const listed = await phase('contracts', 'rest', () => halo.listContracts(all), count);
    const invoices = await phase('recurring invoices + lines (includelines)', 'rest', () => halo.listRecurringInvoices({ ...all, includeLines: true }),
      (r) => `${r.length} inv + ${r.reduce((n, i) => n + i.lines.length, 0)} lines`);
    items = await phase('items (full catalogue)', 'rest', () => halo.listItems(all), count);
    ({ contracts, standalone } = assembleFromRest(listed, invoices, items));
  }
  const assets = await phase('assets', 'rest', () => halo.listAssets(all), count);
  const ms = performance.now() - t0;
  const state = await sim.state();
  const reportCalls = phases.filter((p) => p.via === 'report').reduce((n, p) => n + p.requests, 0);
  if (state.counters.reports !== reportCalls || state.counters.rateLimited !== 0 || state.counters.injectedErrors !== 0) {
    throw new Error(`halo bench: the simulator saw ${state.counters.reports} reports (the client sent ${reportCalls}), ${state.counters.rateLimited} 429s, ${state.counters.injectedErrors} injected errors`);
  }
  return {
    way, ms, requests: halo.requestsUsed, haloCounted: state.counters.apiRequests, reports: state.counters.reports, phases,
    data: { clients: clients.length, sites: sites.length, users: users.length, items, assets: assets.length, contracts, standalone },
  };
}

/** The contracts-with-lines shape from the REST lists (libs/halo-client's fallback does the same; it is not exported). */
function assembleFromRest(listed: readonly HaloContract[], invoices: readonly HaloRecurringInvoice[], items: readonly HaloItem[]): { contracts: HaloContractWithLines[]; standalone: HaloContractInvoice[] } {
  const itemNames = new Map(items.map((item) => [item.id, item.name === '' ? null : item.name]));
  const contractIds = new Set(listed.map((c) => c.id));
  const byContract = new Map<number, HaloContractInvoice[]>();
  const standalone: HaloContractInvoice[] = [];
  for (const invoice of invoices) {
    if (invoice.id >= 0) continue; // recurring templates have negative ids (halo-api.md §4.5)
    const shaped: HaloContractInvoice = {
      id: invoice.id, client_id: invoice.client_id, site_id: invoice.site_id, disabled: invoice.disabled, startdate: invoice.startdate, enddate: invoice.enddate,
      lines: invoice.lines.map((line) => ({ ...line, item_name: line._itemid === null ? null : itemNames.get(line._itemid) ?? null })),
    };
    if (invoice.contract_id !== null && contractIds.has(invoice.contract_id)) {
      byContract.set(invoice.contract_id, [...(byContract.get(invoice.contract_id) ?? []), shaped]);
    } else standalone.push(shaped);
  }
  // Both ways leave out `expired` (no SQL column) and `billing_description_string` (not on REST list rows), as the client does.
  const contracts = listed.map(({ expired: _expired, billing_description_string: _label, ...contract }) => ({ ...contract, recurringInvoices: byContract.get(contract.id) ?? [] }));
  return { contracts, standalone };
}

function standaloneFromReport(rows: readonly Record<string, ReportCell>[]): HaloContractInvoice[] {
  const invoices = new Map<number, HaloContractInvoice>();
  const seenLines = new Set<number>();
  for (const row of rows) {
    const id = int(row['invoice_id']);
    if (id === null) throw new Error('stand-alone invoices report: a row without invoice_id');
    let invoice = invoices.get(id);
    if (invoice === undefined) {
      invoice = {
        id, client_id: int(row['client_id']), site_id: int(row['site_id']), disabled: flag(row['disabled']),
        startdate: isoDate(row['startdate']), enddate: isoDate(row['enddate']), lines: [],
      };
      invoices.set(id, invoice);
    }
    const lineId = int(row['line_id']);
    if (lineId === null || seenLines.has(lineId)) continue;
    seenLines.add(lineId);
    invoice.lines.push({
      id: lineId, _itemid: int(row['item_id']), item_code: text(row['item_code']), item_shortdescription: text(row['item_shortdescription']),
      qty_order: num(row['qty_order']), isinactive: flag(row['isinactive']), startdate: isoDate(row['line_startdate']), enddate: isoDate(row['line_enddate']),
      item_name: null, // filled from the item catalogue below, as the REST way does
    });
  }
  return [...invoices.values()];
}

// Report cells are text (halo-api.md §5.2); the client turns canonical numbers into numbers. NULL arrives as ''.
const text = (cell: ReportCell | undefined): string | null => (cell === null || cell === undefined || cell === '' ? null : String(cell));
const num = (cell: ReportCell | undefined): number | null => (text(cell) === null ? null : Number(cell));
const int = (cell: ReportCell | undefined): number | null => num(cell);
const flag = (cell: ReportCell | undefined): boolean | null => (text(cell) === null ? null : cell === 1 || cell === '1' || cell === 'true');
/** Zone-less datetimes are UTC; the 1900 sentinel (anything before 1901) means no date (halo-api.md §2.7). */
function isoDate(cell: ReportCell | undefined): string | null {
  const t = text(cell);
  if (t === null) return null;
  const iso = /(Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t.replace(' ', 'T')}Z`;
  const time = Date.parse(iso);
  return Number.isNaN(time) || time < Date.UTC(1901, 0, 1) ? null : new Date(time).toISOString();
}

// ------------------------------------------------------------------------------------------------ same data both ways

/** JSON with keys sorted at every level, so field order never counts as a difference. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

/** Ids and every field of contracts, invoices and lines must agree; returns the differences (at most `max`). */
function differences(a: FullRead, b: FullRead, max = 5): string[] {
  const out: string[] = [];
  const itemNames = new Map(a.items.map((i) => [i.id, i.name === '' ? null : i.name]));
  const canon = (invoices: readonly HaloContractInvoice[]): string =>
    stable([...invoices].sort((x, y) => x.id - y.id).map((inv) => ({
      ...inv, site_id: inv.site_id || null, // Halo writes 0 for "no site" (targeting.md R4 treats 0 and null alike)
      lines: [...inv.lines].sort((x, y) => x.id - y.id).map((l) => ({ ...l, item_name: l.item_name ?? (l._itemid === null ? null : itemNames.get(l._itemid) ?? null) })),
    })));
  const keyed = (contracts: readonly HaloContractWithLines[]): Map<number, string> =>
    new Map(contracts.map((c) => {
      const { recurringInvoices, ...fields } = c;
      return [c.id, `${stable({ ...fields, site_id: c.site_id || null })} ${canon(recurringInvoices)}`];
    }));
  const ca = keyed(a.contracts);
  const cb = keyed(b.contracts);
  for (const [id, value] of ca) {
    if (!cb.has(id)) out.push(`contract ${id}: only through reports`);
    else if (cb.get(id) !== value) {
      const other = cb.get(id) ?? '';
      let at = 0;
      while (at < value.length && value[at] === other[at]) at++;
      const from = Math.max(0, at - 120);
      out.push(`contract ${id} differs at:\n    reports …${value.slice(from, at + 120)}\n    REST    …${other.slice(from, at + 120)}`);
    }
  }
  for (const id of cb.keys()) if (!ca.has(id)) out.push(`contract ${id}: only through REST`);
  const sa = canon(a.standalone);
  const sb = canon(b.standalone);
  if (sa !== sb) out.push(`stand-alone invoices differ: ${a.standalone.length} through reports, ${b.standalone.length} through REST`);
  for (const key of ['clients', 'sites', 'users', 'assets'] as const) if (a[key] !== b[key]) out.push(`${key}: ${a[key]} vs ${b[key]}`);
  if (a.items.length !== b.items.length) out.push(`items: ${a.items.length} vs ${b.items.length}`);
  return out.slice(0, max);
}

function rowCounts(d: FullRead): Record<string, number> {
  const invoices = [...d.contracts.flatMap((c) => c.recurringInvoices), ...d.standalone];
  return {
    clients: d.clients, sites: d.sites, users: d.users, contracts: d.contracts.length,
    recurringInvoices: invoices.length, standaloneInvoices: d.standalone.length,
    recurringLines: invoices.reduce((s, i) => s + i.lines.length, 0), items: d.items.length, assets: d.assets,
  };
}

// ------------------------------------------------------------------------------------------------ the bench

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number >= 0`);
  return value;
}

const ms = (x: number): string => (x < 10 ? `${x.toFixed(2)} ms` : x < 10_000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(1)} s`);
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

function printTable(table: string[][]): void {
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}

interface Scenario {
  latencyMs: number;
  reports: ReadResult[];
  rest: ReadResult[];
}

export async function run(args: string[]): Promise<void> {
  const clients = Math.trunc(arg(args, 'clients', 2000));
  const runs = Math.max(1, Math.trunc(arg(args, 'runs', 3)));
  const latencies = [...new Set([0, arg(args, 'latency-ms', 20)])];
  const seed = Math.trunc(arg(args, 'seed', 1));
  const json = args.includes('--json');

  const [sim, startMs] = await (async (): Promise<[Sim, number]> => {
    const t0 = performance.now();
    // Lazy report database: its load happens on the first report, which the warm-up measures on its own.
    const s = await startSim(['--seed', String(seed), '--clients', String(clients), '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET,
      '--rate-limit', String(NO_THROTTLE), '--report-db', 'lazy']);
    return [s, performance.now() - t0];
  })();
  try {
    const { counts } = await sim.state();
    console.log(
      `halo bench: simulator (seed ${seed}) holds ${counts['clients']} clients, ${counts['sites']} sites, ${counts['users']} users, ${counts['contracts']} contracts, ` +
        `${counts['invoices']} recurring invoices with ${counts['invoiceLines']} lines, ${counts['items']} items, ${counts['assets']} assets (started in ${ms(startMs)})`,
    );
    console.log(
      `rate limits off for the bench (simulator --rate-limit ${NO_THROTTLE}, client requestBudget ${NO_THROTTLE}): the figures are requests and time, ` +
        `never 429 waits; page size 250 (the client's default); ${runs} timed run(s) per way and latency, each from a fresh client and token`,
    );

    // Warm-up, not timed: JIT, and the simulator's report database, which loads every table on the first report.
    const warmReports = await fullRead(sim, 'reports');
    const warmRest = await fullRead(sim, 'rest');
    const firstReport = warmReports.phases.find((p) => p.via === 'report');
    const diff = differences(warmReports.data, warmRest.data);
    const reportRows = rowCounts(warmReports.data);
    const restRows = rowCounts(warmRest.data);
    if (diff.length > 0 || JSON.stringify(reportRows) !== JSON.stringify(restRows)) {
      console.error(`halo bench: the two ways did not read the same data:\n  reports ${JSON.stringify(reportRows)}\n  REST    ${JSON.stringify(restRows)}`);
      for (const d of diff) console.error(`  ${d}`);
      throw new Error('halo bench: reports and REST lists disagree; the comparison would not be honest');
    }
    console.log(
      `same data both ways: ${reportRows['contracts']} contracts, ${reportRows['recurringInvoices']} recurring invoices (${reportRows['standaloneInvoices']} bound to no contract), ` +
        `${reportRows['recurringLines']} lines: every id and field equal; first report incl. loading the report database ${ms(firstReport?.ms ?? NaN)} (warm-up, not counted)`,
    );

    const scenarios: Scenario[] = [];
    for (const latencyMs of latencies) {
      await sim.admin('POST', '/_sim/faults', { latencyMs });
      const scenario: Scenario = { latencyMs, reports: [], rest: [] };
      for (let i = 0; i < runs; i++) {
        // Alternate the order so neither way always runs on a warmer (or more fragmented) process.
        for (const way of (i % 2 === 0 ? ['reports', 'rest'] : ['rest', 'reports']) as Way[]) {
          const result = await fullRead(sim, way);
          const rows = JSON.stringify(rowCounts(result.data));
          if (rows !== JSON.stringify(reportRows)) throw new Error(`halo bench: run ${i + 1} through ${way} read different rows: ${rows}`);
          const authRequests = result.phases.filter((p) => p.via === 'auth').reduce((s, p) => s + p.requests, 0);
          if (result.requests - authRequests !== result.haloCounted) {
            throw new Error(`halo bench: the client counted ${result.requests} requests (${authRequests} discovery + token) but the simulator saw ${result.haloCounted} /api requests`);
          }
          scenario[way].push(result);
        }
      }
      scenarios.push(scenario);
    }
    await sim.admin('POST', '/_sim/faults', {});

    // Per-resource requests and rows (identical in every run; from the first one).
    const first = scenarios[0];
    const r0 = first?.reports[0];
    const s0 = first?.rest[0];
    if (first === undefined || r0 === undefined || s0 === undefined) throw new Error('halo bench: no runs');
    console.log('');
    const find = (r: ReadResult, name: string): Phase | undefined => r.phases.find((p) => p.name === name);
    const phaseMs = (rs: ReadResult[], name: string): number => median(rs.map((r) => find(r, name)?.ms ?? NaN));
    const unit = (p: Phase): string => (p.via === 'report' ? (p.requests === 1 ? 'report' : 'reports') : p.via === 'auth' ? 'auth' : p.requests === 1 ? 'page' : 'pages');
    const cells = (rs: ReadResult[], name: string | null): string[] => {
      const p = name === null ? undefined : rs[0] && find(rs[0], name);
      return p === undefined ? ['', '', ''] : [`${p.requests} ${unit(p)}`, p.rows, ms(phaseMs(rs, name ?? ''))];
    };
    console.log(`per part of the read: requests, records, median time at ${first.latencyMs} ms latency`);
    const perPart: string[][] = [['part of the read', 'reports way', 'records', 'time', 'REST way', 'records', 'time']];
    const row = (label: string, reportsPart: string | null, restPart: string | null): void => {
      perPart.push([label, ...cells(first.reports, reportsPart), ...cells(first.rest, restPart)]);
    };
    row('discovery + token (not counted by Halo)', 'discovery + token', 'discovery + token');
    for (const name of ['clients', 'sites', 'users']) row(name, name, name);
    row('contracts + bound invoices + lines (contracts-with-lines)', 'contracts + their invoices and lines', null);
    row('invoices bound to no contract + lines', 'stand-alone recurring invoices and lines', null);
    row('contracts', null, 'contracts');
    row('recurring invoices + lines (includelines)', null, 'recurring invoices + lines (includelines)');
    row('items', 'items (full catalogue)', 'items (full catalogue)');
    row('assets (REST both ways: the client has no asset report)', 'assets', 'assets');
    const totalMs = (rs: ReadResult[]): string => ms(median(rs.map((r) => r.ms)));
    perPart.push(['total (client requestsUsed)', String(r0.requests), '', totalMs(first.reports), String(s0.requests), '', totalMs(first.rest)]);
    perPart.push(['counted by Halo (simulator /_sim/state)', String(r0.haloCounted), '', '', String(s0.haloCounted), '', '']);
    printTable(perPart);

    console.log('');
    const main: string[][] = [['measure', 'through reports', 'through REST lists', 'ratio (REST / reports)']];
    main.push(['Halo requests (client requestsUsed)', String(r0.requests), String(s0.requests), `${(s0.requests / r0.requests).toFixed(2)}x`]);
    main.push([`share of Halo's ${HALO_BUDGET} requests / 5 min`, pct(r0.haloCounted / HALO_BUDGET), pct(s0.haloCounted / HALO_BUDGET), `${(s0.haloCounted / r0.haloCounted).toFixed(2)}x`]);
    main.push([`full reads that fit in ${HALO_BUDGET} requests / 5 min`, String(Math.floor(HALO_BUDGET / r0.haloCounted)), String(Math.floor(HALO_BUDGET / s0.haloCounted)), '']);
    for (const sc of scenarios) {
      const rm = median(sc.reports.map((r) => r.ms));
      const sm = median(sc.rest.map((r) => r.ms));
      main.push([`wall time, ${sc.latencyMs} ms latency per request (median of ${runs})`, ms(rm), ms(sm), `${(sm / rm).toFixed(2)}x`]);
      const contractsMs = (rs: ReadResult[]): number => median(rs.map((r) => r.phases.filter((p) => /contract|invoice/.test(p.name)).reduce((s, p) => s + p.ms, 0)));
      const rc = contractsMs(sc.reports);
      const sc2 = contractsMs(sc.rest);
      main.push([`  of which contracts + recurring invoices + lines`, ms(rc), ms(sc2), `${(sc2 / rc).toFixed(2)}x`]);
    }
    printTable(main);
    const pagesOf = (r: ReadResult, name: string): number => find(r, name)?.requests ?? 0;
    const assetPages = pagesOf(s0, 'assets');
    const reportsNoAssets = r0.haloCounted - pagesOf(r0, 'assets');
    const restNoAssets = s0.haloCounted - assetPages;
    // apps/api's sync: REST clients, sites, users, contracts (for Halo's `expired`), items, and one report of every recurring invoice.
    const syncCounted = reportsNoAssets - (r0.reports - 1) + pagesOf(s0, 'contracts');
    console.log(
      `assets take ${assetPages} of the ${s0.haloCounted} counted requests either way. Without assets: ${reportsNoAssets} through reports, ${restNoAssets} through REST ` +
        `(${(restNoAssets / reportsNoAssets).toFixed(2)}x); apps/api's sync as written (reads no assets, contracts by REST for 'expired', every recurring ` +
        `invoice in one report) counts ${syncCounted}.`,
    );
    console.log(
      'times are the simulator\'s on this machine (sharing its cores with the bench); its reports run on PGlite (Postgres in WASM), ' +
        'so report times say nothing of a real Halo\'s SQL Server; request counts are exact and do not depend on the machine.',
    );

    if (json) {
      const summary = (rs: ReadResult[]) => ({
        medianMs: +median(rs.map((r) => r.ms)).toFixed(1),
        runsMs: rs.map((r) => +r.ms.toFixed(1)),
        requests: rs[0]?.requests,
        haloCounted: rs[0]?.haloCounted,
        reports: rs[0]?.reports,
        phases: rs[0]?.phases.map((p) => ({ name: p.name, via: p.via, requests: p.requests, read: p.rows, medianMs: +median(rs.map((r) => r.phases.find((q) => q.name === p.name)?.ms ?? NaN)).toFixed(1) })),
      });
      console.log(JSON.stringify({
        bench: 'halo',
        simulator: { seed, clients, counts, startMs: Math.round(startMs), firstReportWithDbLoadMs: Math.round(firstReport?.ms ?? NaN) },
        rows: reportRows,
        agreement: { contractsInvoicesLinesIdentical: true },
        haloBudget: HALO_BUDGET,
        scenarios: scenarios.map((sc) => ({
          latencyMs: sc.latencyMs, reports: summary(sc.reports), rest: summary(sc.rest),
          ratios: {
            requestsRestOverReports: +(s0.requests / r0.requests).toFixed(2),
            timeRestOverReports: +(median(sc.rest.map((r) => r.ms)) / median(sc.reports.map((r) => r.ms))).toFixed(2),
          },
        })),
      }));
    }
  } finally {
    await sim.stop();
  }
}
