// The scenario format of targeting.md, its normalised types and its validator.
// Halo records keep Halo's field names (halo-api.md); unknown fields are ignored because Halo adds fields
// in every release. Values are normalised: ids arriving as `95.0` or "95" become integers, absent flags
// take Halo's defaults, dates are checked here so the resolver never meets a bad one.
import { parseHaloDay } from './dates';

export const COMPUTER_KINDS = ['workstation', 'server', 'portable'] as const;
export type ComputerKind = (typeof COMPUTER_KINDS)[number];
export const ACTIONS = ['install', 'uninstall', 'ignore'] as const;
export type DeploymentAction = (typeof ACTIONS)[number];
export const ENFORCEMENTS = ['required', 'onboarding', 'adhoc'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];
export const TARGET_KINDS = ['all', 'tenant', 'computer', 'contractType', 'recurringItem'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface HaloClient { id: number; name: string; inactive: boolean }
export interface HaloSite { id: number; client_id: number; name: string }
export interface HaloContract {
  id: number;
  client_id: number;
  /** null or 0: the whole client (R4). */
  site_id: number | null;
  ref: string | null;
  contracttype_name: string | null;
  start_date: string | null;
  end_date: string | null;
  active: boolean;
  expired: boolean;
}
export interface HaloRecurringLine {
  id: number;
  _itemid: number | null;
  item_code: string | null;
  item_shortdescription: string | null;
  qty_order: number;
  isinactive: boolean;
  startdate: string | null;
  enddate: string | null;
}
export interface HaloRecurringInvoice {
  id: number;
  client_id: number;
  site_id: number | null;
  /** null or 0: not bound to a contract (R6). */
  contract_id: number | null;
  disabled: boolean;
  startdate: string | null;
  enddate: string | null;
  lines: HaloRecurringLine[];
}
export interface HaloItem { id: number; name: string }
export interface HaloSnapshot {
  clients: HaloClient[];
  sites: HaloSite[];
  contracts: HaloContract[];
  recurringInvoices: HaloRecurringInvoice[];
  items: HaloItem[];
}
export interface Tenant { id: string; name: string; haloClientId: number | null }
export interface Computer { id: string; tenantId: string; haloSiteId: number | null; kind: ComputerKind }
export type Target =
  | { kind: 'all' }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'computer'; computerId: string }
  | { kind: 'contractType'; contractTypes: string[] }
  | { kind: 'recurringItem'; itemIds: number[] };
export interface Deployment {
  id: string;
  software: string;
  action: DeploymentAction;
  /** Only meaningful for `install` (`latest` when omitted); null for the other actions. */
  version: string | null;
  enforcement: Enforcement;
  priority: number;
  /** null: every kind (R7). */
  computerKinds: ComputerKind[] | null;
  target: Target;
}
export interface ResolutionInput {
  /** `YYYY-MM-DD`, the day the rules are evaluated on (R1). */
  asOf: string;
  halo: HaloSnapshot;
  tenants: Tenant[];
  computers: Computer[];
  deployments: Deployment[];
}

/** Bad input: `path` names the place (`deployments[3].target.kind`), `problem` says what is wrong. */
export class RulesInputError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'RulesInputError';
  }
}

type Obj = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new RulesInputError(path, problem);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (v === undefined) fail(path, 'missing array');
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  return v;
}

/** Halo ids arrive as integers, `95.0`-style doubles or numeric strings (halo-api.md §2.7); all become integers. */
function id(v: unknown, path: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(path, v === undefined ? 'missing id' : `expected an integer id, got ${describe(v)}`);
  if (!Number.isInteger(n)) fail(path, `expected an integer id, got ${describe(v)}`);
  return n;
}

function optId(v: unknown, path: string): number | null {
  return v === undefined || v === null || v === '' ? null : id(v, path);
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(path, v === undefined ? 'missing' : `expected a non-empty string, got ${describe(v)}`);
  return v;
}

function optStr(v: unknown, path: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(path, `expected a string, got ${describe(v)}`);
  return v;
}

/** Halo flags: absent or null take the default; Halo's older endpoints sometimes send 0/1. */
function flag(v: unknown, path: string, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  return fail(path, `expected true or false, got ${describe(v)}`);
}

function haloDate(v: unknown, path: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || parseHaloDay(v) === undefined) fail(path, `expected a date such as "2024-01-01T00:00:00Z", got ${describe(v)}`);
  return v;
}

function num(v: unknown, path: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(path, v === undefined ? 'missing number' : `expected a number, got ${describe(v)}`);
  return n;
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[], what: string): T {
  if (v === undefined) fail(path, `missing ${what}`);
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(path, `unknown ${what} ${describe(v)} (expected ${allowed.join(', ')})`);
  }
  return v as T;
}

function unique<K>(seen: Map<K, string>, key: K, path: string, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) fail(path, `duplicate ${what} ${JSON.stringify(key)} (first at ${first})`);
  seen.set(key, path);
}

function parseHalo(v: unknown): HaloSnapshot {
  const h = obj(v, 'halo');
  const clientIds = new Map<number, string>();
  const clients = arr(h['clients'], 'halo.clients').map((raw, i): HaloClient => {
    const p = `halo.clients[${i}]`;
    const o = obj(raw, p);
    const c = { id: id(o['id'], `${p}.id`), name: optStr(o['name'], `${p}.name`) ?? '', inactive: flag(o['inactive'], `${p}.inactive`, false) };
    unique(clientIds, c.id, `${p}.id`, 'client id');
    return c;
  });
  const siteIds = new Map<number, string>();
  const sites = arr(h['sites'], 'halo.sites').map((raw, i): HaloSite => {
    const p = `halo.sites[${i}]`;
    const o = obj(raw, p);
    const s = { id: id(o['id'], `${p}.id`), client_id: id(o['client_id'], `${p}.client_id`), name: optStr(o['name'], `${p}.name`) ?? '' };
    unique(siteIds, s.id, `${p}.id`, 'site id');
    return s;
  });
  const contractIds = new Map<number, string>();
  const contracts = arr(h['contracts'], 'halo.contracts').map((raw, i): HaloContract => {
    const p = `halo.contracts[${i}]`;
    const o = obj(raw, p);
    const c: HaloContract = {
      id: id(o['id'], `${p}.id`),
      client_id: id(o['client_id'], `${p}.client_id`),
      site_id: optId(o['site_id'], `${p}.site_id`),
      ref: optStr(o['ref'], `${p}.ref`),
      contracttype_name: optStr(o['contracttype_name'], `${p}.contracttype_name`),
      start_date: haloDate(o['start_date'], `${p}.start_date`),
      end_date: haloDate(o['end_date'], `${p}.end_date`),
      active: flag(o['active'], `${p}.active`, true),
      expired: flag(o['expired'], `${p}.expired`, false),
    };
    unique(contractIds, c.id, `${p}.id`, 'contract id');
    return c;
  });
  const invoiceIds = new Map<number, string>();
  const lineIds = new Map<number, string>();
  const recurringInvoices = arr(h['recurringInvoices'], 'halo.recurringInvoices').map((raw, i): HaloRecurringInvoice => {
    const p = `halo.recurringInvoices[${i}]`;
    const o = obj(raw, p);
    const inv: HaloRecurringInvoice = {
      id: id(o['id'], `${p}.id`),
      client_id: id(o['client_id'], `${p}.client_id`),
      site_id: optId(o['site_id'], `${p}.site_id`),
      contract_id: optId(o['contract_id'], `${p}.contract_id`),
      disabled: flag(o['disabled'], `${p}.disabled`, false),
      startdate: haloDate(o['startdate'], `${p}.startdate`),
      enddate: haloDate(o['enddate'], `${p}.enddate`),
      // An invoice header without lines bills nothing; Halo omits `lines` on list calls without includelines=true (halo-api.md, RecurringInvoice), so absent is [].
      lines: (o['lines'] === undefined || o['lines'] === null ? [] : arr(o['lines'], `${p}.lines`)).map((rawLine, j): HaloRecurringLine => {
        const lp = `${p}.lines[${j}]`;
        const l = obj(rawLine, lp);
        const line: HaloRecurringLine = {
          id: id(l['id'], `${lp}.id`),
          _itemid: optId(l['_itemid'], `${lp}._itemid`),
          item_code: optStr(l['item_code'], `${lp}.item_code`),
          item_shortdescription: optStr(l['item_shortdescription'], `${lp}.item_shortdescription`),
          // A line without a quantity bills nothing, so it does not count (R6 needs qty_order > 0).
          qty_order: l['qty_order'] === undefined || l['qty_order'] === null ? 0 : num(l['qty_order'], `${lp}.qty_order`),
          isinactive: flag(l['isinactive'], `${lp}.isinactive`, false),
          startdate: haloDate(l['startdate'], `${lp}.startdate`),
          enddate: haloDate(l['enddate'], `${lp}.enddate`),
        };
        unique(lineIds, line.id, `${lp}.id`, 'recurring invoice line id');
        return line;
      }),
    };
    unique(invoiceIds, inv.id, `${p}.id`, 'recurring invoice id');
    return inv;
  });
  const itemIds = new Map<number, string>();
  const items = arr(h['items'], 'halo.items').map((raw, i): HaloItem => {
    const p = `halo.items[${i}]`;
    const o = obj(raw, p);
    const it = { id: id(o['id'], `${p}.id`), name: optStr(o['name'], `${p}.name`) ?? '' };
    unique(itemIds, it.id, `${p}.id`, 'item id');
    return it;
  });
  return { clients, sites, contracts, recurringInvoices, items };
}

function parseTarget(v: unknown, p: string, tenants: Set<string>, computers: Set<string>): Target {
  const o = obj(v, p);
  const kind = oneOf(o['kind'], `${p}.kind`, TARGET_KINDS, 'kind');
  switch (kind) {
    case 'all':
      return { kind };
    case 'tenant': {
      const tenantId = str(o['tenantId'], `${p}.tenantId`);
      if (!tenants.has(tenantId)) fail(`${p}.tenantId`, `unknown tenant ${JSON.stringify(tenantId)}`);
      return { kind, tenantId };
    }
    case 'computer': {
      const computerId = str(o['computerId'], `${p}.computerId`);
      if (!computers.has(computerId)) fail(`${p}.computerId`, `unknown computer ${JSON.stringify(computerId)}`);
      return { kind, computerId };
    }
    case 'contractType': {
      const list = arr(o['contractTypes'], `${p}.contractTypes`);
      // An empty list would silently cover nothing: almost certainly a mistake in the form.
      if (list.length === 0) fail(`${p}.contractTypes`, 'must name at least one contract type');
      return { kind, contractTypes: list.map((t, i) => str(t, `${p}.contractTypes[${i}]`)) };
    }
    case 'recurringItem': {
      const list = arr(o['itemIds'], `${p}.itemIds`);
      if (list.length === 0) fail(`${p}.itemIds`, 'must name at least one item id');
      return { kind, itemIds: list.map((t, i) => id(t, `${p}.itemIds[${i}]`)) };
    }
  }
}

export interface ParseOptions {
  /** Overrides (or supplies) the document's `asOf`, e.g. the CLI's `--as-of`. */
  asOf?: string;
}

/** A `YYYY-MM-DD` calendar day, checked for existence. */
export function parseAsOf(v: unknown, path = 'asOf'): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || parseHaloDay(v) === undefined) {
    fail(path, v === undefined ? 'missing date (YYYY-MM-DD)' : `expected a date YYYY-MM-DD, got ${describe(v)}`);
  }
  return v;
}

/**
 * Validates a scenario document (already JSON-parsed) and returns it normalised.
 * Throws a RulesInputError naming the first bad place; nothing is returned half-checked.
 */
export function parseResolutionInput(value: unknown, options: ParseOptions = {}): ResolutionInput {
  const root = obj(value, '$');
  const asOf = options.asOf !== undefined ? parseAsOf(options.asOf, '--as-of') : parseAsOf(root['asOf']);
  const halo = parseHalo(root['halo']);

  const tenantIds = new Map<string, string>();
  const tenants = arr(root['tenants'], 'tenants').map((raw, i): Tenant => {
    const p = `tenants[${i}]`;
    const o = obj(raw, p);
    // A tenant mapping that names a client missing from the snapshot is not an error: the client may have
    // been deleted in Halo since the mapping was made. It simply is not covered (R2), and the diff says why.
    const t = { id: str(o['id'], `${p}.id`), name: optStr(o['name'], `${p}.name`) ?? '', haloClientId: optId(o['haloClientId'], `${p}.haloClientId`) };
    unique(tenantIds, t.id, `${p}.id`, 'tenant id');
    return t;
  });
  const tenantSet = new Set(tenantIds.keys());

  const computerIds = new Map<string, string>();
  const computers = arr(root['computers'], 'computers').map((raw, i): Computer => {
    const p = `computers[${i}]`;
    const o = obj(raw, p);
    const c: Computer = {
      id: str(o['id'], `${p}.id`),
      tenantId: str(o['tenantId'], `${p}.tenantId`),
      haloSiteId: optId(o['haloSiteId'], `${p}.haloSiteId`),
      kind: oneOf(o['kind'], `${p}.kind`, COMPUTER_KINDS, 'computer kind'),
    };
    if (!tenantSet.has(c.tenantId)) fail(`${p}.tenantId`, `unknown tenant ${JSON.stringify(c.tenantId)}`);
    unique(computerIds, c.id, `${p}.id`, 'computer id');
    return c;
  });
  const computerSet = new Set(computerIds.keys());

  const deploymentIds = new Map<string, string>();
  const deployments = arr(root['deployments'], 'deployments').map((raw, i): Deployment => {
    const p = `deployments[${i}]`;
    const o = obj(raw, p);
    const depId = str(o['id'], `${p}.id`);
    unique(deploymentIds, depId, `${p}.id`, 'deployment id');
    const action = oneOf(o['action'], `${p}.action`, ACTIONS, 'action');
    let version: string | null = null;
    if (action === 'install') version = o['version'] === undefined || o['version'] === null ? 'latest' : str(o['version'], `${p}.version`);
    const priority = o['priority'] === undefined || o['priority'] === null ? 100 : num(o['priority'], `${p}.priority`);
    if (!Number.isInteger(priority)) fail(`${p}.priority`, `expected an integer, got ${describe(o['priority'])}`);
    let computerKinds: ComputerKind[] | null = null;
    if (o['computerKinds'] !== undefined && o['computerKinds'] !== null) {
      const list = arr(o['computerKinds'], `${p}.computerKinds`);
      if (list.length === 0) fail(`${p}.computerKinds`, 'must list at least one kind, or be left out for all kinds');
      computerKinds = list.map((k, j) => oneOf(k, `${p}.computerKinds[${j}]`, COMPUTER_KINDS, 'computer kind'));
    }
    return {
      id: depId,
      software: str(o['software'], `${p}.software`),
      action,
      version,
      enforcement: oneOf(o['enforcement'], `${p}.enforcement`, ENFORCEMENTS, 'enforcement'),
      priority,
      computerKinds,
      target: parseTarget(o['target'], `${p}.target`, tenantSet, computerSet),
    };
  });

  return { asOf, halo, tenants, computers, deployments };
}
