// The targeting resolver (targeting.md R1–R10). It indexes the snapshot once, per Halo client: the contracts
// in force by normalised contract type, the counting recurring lines by item. Deployments are indexed by
// what they target. A computer then meets only the deployments that can apply to it, so resolution grows
// with computers × applicable deployments, never with computers × every contract.
import { parseHaloDay, type DayNumber } from './dates';
import {
  clientNotCounting,
  contractLabel,
  contractNotCounting,
  datesInWords,
  invoiceNotCounting,
  lineLabel,
  lineNotCounting,
  normaliseContractType,
  siteScope,
} from './coverage';
import {
  parseResolutionInput,
  RulesInputError,
  type Computer,
  type Deployment,
  type DeploymentAction,
  type Enforcement,
  type HaloClient,
  type HaloContract,
  type HaloRecurringInvoice,
  type HaloRecurringLine,
  type HaloSite,
  type ResolutionInput,
  type TargetKind,
  type Tenant,
} from './input';

/** Why a deployment covers a computer, in words and ids. */
export interface Reason {
  text: string;
  kind: TargetKind;
  computerId?: string;
  tenantId?: string;
  haloClientId?: number;
  contractIds?: number[];
  recurringInvoiceIds?: number[];
  lineIds?: number[];
}

/** One desired entry for a (computer, software) (R9). */
export interface ResolvedEntry {
  software: string;
  action: DeploymentAction;
  version: string | null;
  enforcement: Enforcement;
  deploymentId: string;
  shadowed: string[];
  reason: Reason;
}

/** R10, with the sentence an admin reads. */
export interface ReconciliationRow {
  deploymentId: string;
  haloClientId: number;
  billed: number;
  covered: number;
  lineIds: number[];
  text: string;
}

export interface Resolution {
  asOf: string;
  computers: Record<string, readonly ResolvedEntry[]>;
  reconciliation: ReconciliationRow[];
}

/** One Halo client's records, as `replaceClientData` takes them (Halo field names, as in the scenario format). */
export interface ClientData {
  /** null or absent: the client is gone from Halo. */
  client?: unknown;
  sites?: unknown[];
  contracts?: unknown[];
  recurringInvoices?: unknown[];
}

const SPECIFICITY: Record<TargetKind, number> = { computer: 3, tenant: 2, contractType: 1, recurringItem: 1, all: 0 };

interface IndexedDeployment {
  dep: Deployment;
  /** Position in the global order (software, specificity desc, priority, id): the first per software wins (R8). */
  rank: number;
  kinds: Set<string> | null;
  /** recurringItem targets: the distinct item ids. */
  items: number[] | null;
}

/**
 * A deployment covering a computer, with its reason. Candidates are built once and shared: per deployment for
 * all/tenant/computer targets (`base`), per (client, site) for contract and recurring targets. That lets
 * identical winners be shared between computers instead of allocated 100,000 times.
 */
interface Candidate { d: IndexedDeployment; reason: Reason; base: boolean; solo?: ResolvedEntry }

interface ContractCover { contract: HaloContract; scope: number }
interface LineCover { invoice: HaloRecurringInvoice; line: HaloRecurringLine; contract: HaloContract | undefined; scope: number }

interface ClientRecords {
  client: HaloClient | undefined;
  sites: HaloSite[];
  contracts: HaloContract[];
  recurringInvoices: HaloRecurringInvoice[];
}

interface ClientIndex {
  id: number;
  records: ClientRecords;
  counts: boolean;
  /** Contracts in force (R3) by normalised contract type. */
  contractsByType: Map<string, ContractCover[]>;
  /** Counting lines on counting invoices (R6) by item id. */
  linesByItem: Map<number, LineCover[]>;
  /** Contract/recurring candidates per site scope key of a computer (memoised: computers of a site share them). */
  coverageBySite: Map<number, Candidate[]>;
  /** Reason words per contract (`c<id>`) and line (`l<id>`). */
  words: Map<string, string>;
  /** Reasons by the records they name (`c<ids>` / `l<ids>`). */
  reasons: Map<string, Reason>;
  /** Whether any counting record is scoped to one site (else all sites resolve alike). */
  siteScoped: boolean;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A stateful resolver over one input. Build it once (`createResolver`), read `resolveAll()` or
 * `resolveComputer(id)`, and after a sync of one Halo client call `replaceClientData` to re-resolve only
 * that client's computers. Returned entry lists are shared and must be treated as read-only.
 */
export class Resolver {
  private readonly asOfDay: DayNumber;
  private readonly deployments: IndexedDeployment[];
  private readonly allDeps: IndexedDeployment[] = [];
  private readonly tenantDeps = new Map<string, IndexedDeployment[]>();
  private readonly computerDeps = new Map<string, IndexedDeployment[]>();
  private readonly typeDeps = new Map<string, IndexedDeployment[]>();
  private readonly itemDeps = new Map<number, IndexedDeployment[]>();
  private readonly reconDeps: IndexedDeployment[];
  private readonly baseCands = new Map<string, Candidate>();
  private readonly allByKind = new Map<string, Candidate[]>();
  /** Entries for runs made only of base candidates (same for every computer they apply to), by candidate ranks. */
  private readonly baseRuns = new Map<string, ResolvedEntry>();
  private readonly reconIds: Set<string>;
  private reconSorted: ReconciliationRow[] | null = null;

  private readonly tenants = new Map<string, Tenant>();
  private readonly computers = new Map<string, Computer>();
  private readonly computersByTenant = new Map<string, Computer[]>();
  private readonly tenantsByClient = new Map<number, Tenant[]>();
  private readonly items = new Map<number, string>();
  private readonly clients = new Map<number, ClientIndex>();
  /** Contract, invoice and line ids across the snapshot, to keep them unique when one client is replaced. */
  private readonly contractOwner = new Map<number, number>();
  private readonly invoiceOwner = new Map<number, number>();
  private readonly lineOwner = new Map<number, number>();
  private readonly siteOwner = new Map<number, number>();

  private readonly results = new Map<string, Resolved>();
  /** Entries shared by computers of one tenant with the same site and kind and no computer-targeted deployment. */
  private readonly groupCache = new Map<string, Map<number, Resolved>>();
  private readonly reconByClient = new Map<number, ReconciliationRow[]>();
  private resolved = false;

  constructor(private readonly input: ResolutionInput) {
    this.asOfDay = parseHaloDay(input.asOf) as DayNumber;
    for (const t of input.tenants) {
      this.tenants.set(t.id, t);
      this.computersByTenant.set(t.id, []);
      if (t.haloClientId !== null) push(this.tenantsByClient, t.haloClientId, t);
    }
    for (const c of input.computers) {
      this.computers.set(c.id, c);
      (this.computersByTenant.get(c.tenantId) as Computer[]).push(c);
    }
    for (const it of input.halo.items) this.items.set(it.id, it.name);

    const sorted = [...input.deployments].sort(
      (a, b) =>
        byString(a.software, b.software) ||
        SPECIFICITY[b.target.kind] - SPECIFICITY[a.target.kind] ||
        a.priority - b.priority ||
        byString(a.id, b.id),
    );
    this.deployments = sorted.map((dep, rank) => ({
      dep,
      rank,
      kinds: dep.computerKinds ? new Set(dep.computerKinds) : null,
      items: dep.target.kind === 'recurringItem' ? [...new Set(dep.target.itemIds)] : null,
    }));
    for (const d of this.deployments) {
      const t = d.dep.target;
      switch (t.kind) {
        case 'all':
          this.allDeps.push(d);
          break;
        case 'tenant':
          push(this.tenantDeps, t.tenantId, d);
          break;
        case 'computer':
          push(this.computerDeps, t.computerId, d);
          break;
        case 'contractType':
          for (const name of new Set(t.contractTypes.map(normaliseContractType))) push(this.typeDeps, name, d);
          break;
        case 'recurringItem':
          for (const item of new Set(t.itemIds)) push(this.itemDeps, item, d);
          break;
      }
    }
    this.reconDeps = this.deployments
      .filter((d) => d.dep.action === 'install' && d.dep.target.kind === 'recurringItem')
      .sort((a, b) => byString(a.dep.id, b.dep.id));
    this.reconIds = new Set(this.reconDeps.map((d) => d.dep.id));
    for (const kind of ['workstation', 'server', 'portable']) {
      this.allByKind.set(kind, this.allDeps.filter((d) => d.kinds === null || d.kinds.has(kind)).map((d) => this.baseCandidate(d)));
    }

    const grouped = new Map<number, ClientRecords>();
    const recordsOf = (id: number): ClientRecords => {
      let r = grouped.get(id);
      if (!r) grouped.set(id, (r = { client: undefined, sites: [], contracts: [], recurringInvoices: [] }));
      return r;
    };
    for (const c of input.halo.clients) recordsOf(c.id).client = c;
    for (const s of input.halo.sites) recordsOf(s.client_id).sites.push(s);
    for (const c of input.halo.contracts) recordsOf(c.client_id).contracts.push(c);
    for (const inv of input.halo.recurringInvoices) recordsOf(inv.client_id).recurringInvoices.push(inv);
    for (const [id, records] of grouped) {
      this.own(id, records);
      this.clients.set(id, this.indexClient(id, records));
    }
  }

  /** The resolution of every computer, with the reconciliation (R9, R10). */
  resolveAll(): Resolution {
    this.ensureResolved();
    const computers: Record<string, readonly ResolvedEntry[]> = {};
    for (const c of this.input.computers) computers[c.id] = (this.results.get(c.id) as Resolved).entries;
    return { asOf: this.input.asOf, computers, reconciliation: this.reconciliation() };
  }

  /** One computer's entries; throws a RulesInputError for an unknown computer. */
  resolveComputer(computerId: string): readonly ResolvedEntry[] {
    const c = this.computers.get(computerId);
    if (!c) throw new RulesInputError('computerId', `unknown computer ${JSON.stringify(computerId)}`);
    return (this.results.get(computerId) ?? this.resolveOne(c)).entries;
  }

  /** R10 rows, sorted by deploymentId then haloClientId. */
  reconciliation(): ReconciliationRow[] {
    this.ensureResolved();
    if (!this.reconSorted) {
      const rows: ReconciliationRow[] = [];
      for (const list of this.reconByClient.values()) rows.push(...list);
      this.reconSorted = rows.sort((a, b) => byString(a.deploymentId, b.deploymentId) || a.haloClientId - b.haloClientId);
    }
    return [...this.reconSorted];
  }

  /** R10 rows of one Halo client, sorted by deploymentId. */
  reconciliationFor(haloClientId: number): ReconciliationRow[] {
    this.ensureResolved();
    return [...(this.reconByClient.get(haloClientId) ?? [])];
  }

  /** The current snapshot and inputs, as a ResolutionInput (after any `replaceClientData`). */
  currentInput(): ResolutionInput {
    const h: ResolutionInput['halo'] = { clients: [], sites: [], contracts: [], recurringInvoices: [], items: this.input.halo.items };
    for (const ci of this.clients.values()) {
      if (ci.records.client) h.clients.push(ci.records.client);
      h.sites.push(...ci.records.sites);
      h.contracts.push(...ci.records.contracts);
      h.recurringInvoices.push(...ci.records.recurringInvoices);
    }
    return { ...this.input, halo: h };
  }

  /**
   * Replaces everything the snapshot holds for one Halo client (its client record, sites, contracts and
   * recurring invoices, in Halo's field names) and re-resolves only the computers of tenants mapped to it.
   * The data is validated first; on bad data a RulesInputError is thrown and nothing changes.
   * Returns the ids of the computers that were re-resolved.
   */
  replaceClientData(haloClientId: number, data: ClientData): string[] {
    const doc = parseResolutionInput({
      asOf: this.input.asOf,
      halo: {
        clients: data.client === undefined || data.client === null ? [] : [data.client],
        sites: data.sites ?? [],
        contracts: data.contracts ?? [],
        recurringInvoices: data.recurringInvoices ?? [],
        items: [],
      },
      tenants: [],
      computers: [],
      deployments: [],
    });
    const h = doc.halo;
    const records: ClientRecords = { client: h.clients[0], sites: h.sites, contracts: h.contracts, recurringInvoices: h.recurringInvoices };
    const wrongClient = (list: { client_id: number }[], path: string): void => {
      const i = list.findIndex((r) => r.client_id !== haloClientId);
      if (i >= 0) throw new RulesInputError(`${path}[${i}].client_id`, `belongs to client ${list[i].client_id}, not ${haloClientId}`);
    };
    if (records.client && records.client.id !== haloClientId) throw new RulesInputError('client.id', `is ${records.client.id}, not ${haloClientId}`);
    wrongClient(records.sites, 'sites');
    wrongClient(records.contracts, 'contracts');
    wrongClient(records.recurringInvoices, 'recurringInvoices');
    this.checkOwnership(haloClientId, records);

    const old = this.clients.get(haloClientId);
    if (old) this.disown(haloClientId, old.records);
    this.own(haloClientId, records);
    this.clients.set(haloClientId, this.indexClient(haloClientId, records));

    const touched: string[] = [];
    for (const t of this.tenantsByClient.get(haloClientId) ?? []) {
      this.groupCache.delete(t.id);
      for (const c of this.computersByTenant.get(t.id) as Computer[]) {
        touched.push(c.id);
        if (this.resolved) this.results.set(c.id, this.resolveOne(c));
      }
    }
    if (this.resolved) this.reconcileClient(haloClientId);
    return touched;
  }

  private ensureResolved(): void {
    if (this.resolved) return;
    for (const c of this.input.computers) this.results.set(c.id, this.resolveOne(c));
    for (const id of this.clients.keys()) this.reconcileClient(id);
    this.resolved = true;
  }

  private checkOwnership(clientId: number, r: ClientRecords): void {
    const check = (owners: Map<number, number>, ids: number[], what: string): void => {
      const seen = new Set<number>();
      for (const id of ids) {
        const owner = owners.get(id);
        if ((owner !== undefined && owner !== clientId) || seen.has(id)) {
          throw new RulesInputError(what, `duplicate id ${id}${owner !== undefined && owner !== clientId ? ` (already held by client ${owner})` : ''}`);
        }
        seen.add(id);
      }
    };
    check(this.siteOwner, r.sites.map((s) => s.id), 'sites');
    check(this.contractOwner, r.contracts.map((c) => c.id), 'contracts');
    check(this.invoiceOwner, r.recurringInvoices.map((i) => i.id), 'recurringInvoices');
    check(this.lineOwner, r.recurringInvoices.flatMap((i) => i.lines.map((l) => l.id)), 'recurringInvoices.lines');
  }

  private own(clientId: number, r: ClientRecords): void {
    for (const s of r.sites) this.siteOwner.set(s.id, clientId);
    for (const c of r.contracts) this.contractOwner.set(c.id, clientId);
    for (const inv of r.recurringInvoices) {
      this.invoiceOwner.set(inv.id, clientId);
      for (const l of inv.lines) this.lineOwner.set(l.id, clientId);
    }
  }

  private disown(_clientId: number, r: ClientRecords): void {
    for (const s of r.sites) this.siteOwner.delete(s.id);
    for (const c of r.contracts) this.contractOwner.delete(c.id);
    for (const inv of r.recurringInvoices) {
      this.invoiceOwner.delete(inv.id);
      for (const l of inv.lines) this.lineOwner.delete(l.id);
    }
  }

  private indexClient(id: number, records: ClientRecords): ClientIndex {
    const ci: ClientIndex = {
      id,
      records,
      counts: clientNotCounting(records.client, id) === null,
      contractsByType: new Map(),
      linesByItem: new Map(),
      coverageBySite: new Map(),
      words: new Map(),
      reasons: new Map(),
      siteScoped: false,
    };
    if (!ci.counts) return ci;
    const contractsById = new Map<number, HaloContract>();
    for (const c of records.contracts) {
      contractsById.set(c.id, c);
      if (c.contracttype_name === null || contractNotCounting(c, this.asOfDay)) continue;
      const scope = siteScope(c.site_id);
      if (scope) ci.siteScoped = true;
      push(ci.contractsByType, normaliseContractType(c.contracttype_name), { contract: c, scope });
    }
    for (const inv of records.recurringInvoices) {
      const contract = inv.contract_id !== null && inv.contract_id > 0 ? contractsById.get(inv.contract_id) : undefined;
      if (invoiceNotCounting(inv, contract, this.asOfDay)) continue;
      // R6: an invoice bound to a contract takes the contract's site scope, otherwise its own.
      const scope = siteScope(contract ? contract.site_id : inv.site_id);
      if (scope) ci.siteScoped = true;
      for (const line of inv.lines) {
        if (line._itemid === null || lineNotCounting(line, this.asOfDay)) continue;
        push(ci.linesByItem, line._itemid, { invoice: inv, line, contract, scope });
      }
    }
    return ci;
  }

  /** Contract and recurring candidates for computers of this client at `site` (0: no site). */
  private clientCoverage(ci: ClientIndex, computerSite: number): Candidate[] {
    // Without site-scoped records every site of the client sees the same coverage: compute it once.
    const site = ci.siteScoped ? computerSite : 0;
    const cached = ci.coverageBySite.get(site);
    if (cached) return cached;
    const contracts = new Map<IndexedDeployment, ContractCover[]>();
    const lines = new Map<IndexedDeployment, LineCover[]>();
    const inScope = (scope: number): boolean => scope === 0 || scope === site;
    for (const [type, covers] of ci.contractsByType) {
      const deps = this.typeDeps.get(type);
      if (!deps) continue;
      const matching = covers.filter((c) => inScope(c.scope));
      if (matching.length === 0) continue;
      for (const d of deps) {
        const list = contracts.get(d);
        if (list) list.push(...matching);
        else contracts.set(d, [...matching]);
      }
    }
    for (const [item, covers] of ci.linesByItem) {
      const deps = this.itemDeps.get(item);
      if (!deps) continue;
      const matching = covers.filter((c) => inScope(c.scope));
      if (matching.length === 0) continue;
      for (const d of deps) {
        const list = lines.get(d);
        if (list) list.push(...matching);
        else lines.set(d, [...matching]);
      }
    }
    const name = ci.records.client ? `${ci.records.client.name} (${ci.id})` : `${ci.id}`;
    const out: Candidate[] = [];
    // Words per record are built once per client, not once per site group.
    const said = (key: string, make: () => string): string => {
      let w = ci.words.get(key);
      if (w === undefined) ci.words.set(key, (w = make()));
      return w;
    };
    // Deployments covered by the same records share one reason object.
    const reasonFor = (key: string, make: () => Reason): Reason => {
      let r = ci.reasons.get(key);
      if (!r) ci.reasons.set(key, (r = make()));
      return r;
    };
    for (const [d, covers] of contracts) {
      covers.sort((a, b) => a.contract.id - b.contract.id);
      out.push({ d, base: false, reason: reasonFor(`c${covers.map((c) => c.contract.id).join(',')}`, () => this.contractReason(ci, name, covers, said)) });
    }
    for (const [d, covers] of lines) {
      covers.sort((a, b) => a.invoice.id - b.invoice.id || a.line.id - b.line.id);
      out.push({ d, base: false, reason: reasonFor(`l${covers.map((c) => c.line.id).join(',')}`, () => this.lineReason(ci, name, covers, said)) });
    }
    out.sort((a, b) => a.d.rank - b.d.rank);
    ci.coverageBySite.set(site, out);
    return out;
  }

  private contractReason(ci: ClientIndex, name: string, covers: ContractCover[], said: (key: string, make: () => string) => string): Reason {
    const words = covers.map(({ contract: c, scope }) =>
      said(`c${c.id}`, () => `${contractLabel(c)} in force ${datesInWords(c.start_date, c.end_date)}${scope ? `, for site ${this.siteName(ci, scope)}` : ''}`),
    );
    return {
      text: `Halo client ${name} has ${words.join('; and ')}`,
      kind: 'contractType',
      haloClientId: ci.id,
      contractIds: covers.map((c) => c.contract.id),
    };
  }

  private lineReason(ci: ClientIndex, name: string, covers: LineCover[], said: (key: string, make: () => string) => string): Reason {
    const words = covers.map(({ invoice, line, contract, scope }) => said(`l${line.id}`, () => {
      const item = line._itemid !== null ? this.items.get(line._itemid) : undefined;
      const under = contract ? `, under ${contractLabel(contract)} in force ${datesInWords(contract.start_date, contract.end_date)}` : '';
      return `recurring invoice ${invoice.id} ${lineLabel(line)} for item ${line._itemid}${item ? ` ${item}` : ''}, quantity ${line.qty_order}, ${datesInWords(line.startdate, line.enddate)}${under}${scope ? `, for site ${this.siteName(ci, scope)}` : ''}`;
    }));
    return {
      text: `Halo client ${name} is billed on ${words.join('; and on ')}`,
      kind: 'recurringItem',
      haloClientId: ci.id,
      contractIds: [...new Set(covers.flatMap((c) => (c.contract ? [c.contract.id] : [])))],
      recurringInvoiceIds: [...new Set(covers.map((c) => c.invoice.id))],
      lineIds: covers.map((c) => c.line.id),
    };
  }

  private siteName(ci: ClientIndex, site: number): string {
    const s = ci.records.sites.find((x) => x.id === site);
    return s ? `${s.name} (${site})` : `${site}`;
  }

  private baseCandidate(d: IndexedDeployment): Candidate {
    const cached = this.baseCands.get(d.dep.id);
    if (cached) return cached;
    let r: Reason;
    const t = d.dep.target;
    const kinds = d.dep.computerKinds ? `, ${d.dep.computerKinds.join(' and ')} only` : '';
    if (t.kind === 'computer') r = { text: `deployment ${d.dep.id} targets computer ${t.computerId} itself${kinds}`, kind: 'computer', computerId: t.computerId };
    else if (t.kind === 'tenant') {
      const name = this.tenants.get(t.tenantId)?.name;
      r = { text: `deployment ${d.dep.id} targets tenant ${t.tenantId}${name ? ` (${name})` : ''}${kinds}`, kind: 'tenant', tenantId: t.tenantId };
    } else r = { text: `deployment ${d.dep.id} targets all computers${kinds}`, kind: 'all' };
    const cand: Candidate = { d, reason: r, base: true };
    this.baseCands.set(d.dep.id, cand);
    return cand;
  }

  private resolveOne(c: Computer): Resolved {
    const own = this.computerDeps.get(c.id);
    const groupKey = (c.haloSiteId ?? 0) * 4 + KIND_INDEX[c.kind];
    let group = this.groupCache.get(c.tenantId);
    if (!own) {
      const hit = group?.get(groupKey);
      if (hit) return hit;
    }
    const kind = c.kind;
    const extra: Candidate[] = [];
    const td = this.tenantDeps.get(c.tenantId);
    if (td) for (const d of td) if (d.kinds === null || d.kinds.has(kind)) extra.push(this.baseCandidate(d));
    if (own) for (const d of own) if (d.kinds === null || d.kinds.has(kind)) extra.push(this.baseCandidate(d));
    const tenant = this.tenants.get(c.tenantId) as Tenant;
    // R2: an unmapped tenant, or one mapped to a client that does not count, gets no contract or recurring coverage.
    const ci = tenant.haloClientId === null ? undefined : this.clients.get(tenant.haloClientId);
    if (ci && ci.counts) for (const cand of this.clientCoverage(ci, siteScope(c.haloSiteId))) if (cand.d.kinds === null || cand.d.kinds.has(kind)) extra.push(cand);
    // The all-computers candidates per kind are already in rank order; only a computer with more needs a sort.
    const all = this.allByKind.get(c.kind) as Candidate[];
    const cands = extra.length === 0 ? all : mergeByRank(all, extra.length > 1 ? extra.sort((a, b) => a.d.rank - b.d.rank) : extra);

    const entries = this.decide(cands);
    if (!own) {
      if (!group) this.groupCache.set(c.tenantId, (group = new Map()));
      group.set(groupKey, entries);
    }
    return entries;
  }

  /** R8 over candidates in rank order: per software the first wins; the rest are shadowed. */
  private decide(cands: readonly Candidate[]): Resolved {
    if (cands.length === 0) return EMPTY;
    const out: ResolvedEntry[] = [];
    let i = 0;
    while (i < cands.length) {
      const win = cands[i];
      const software = win.d.dep.software;
      let j = i + 1;
      let allBase = win.base;
      while (j < cands.length && cands[j].d.dep.software === software) allBase = cands[j++].base && allBase;
      if (j === i + 1) {
        // Alone for its software: the same entry object serves every computer this candidate covers.
        out.push(win.solo ?? (win.solo = entry(win, [])));
      } else if (allBase) {
        let key = String(win.d.rank);
        for (let k = i + 1; k < j; k++) key += `,${cands[k].d.rank}`;
        let e = this.baseRuns.get(key);
        if (!e) this.baseRuns.set(key, (e = entry(win, cands.slice(i + 1, j))));
        out.push(e);
      } else out.push(entry(win, cands.slice(i + 1, j)));
      i = j;
    }
    let wins: string[] | undefined;
    for (const e of out) if (this.reconIds.has(e.deploymentId)) (wins ??= []).push(e.deploymentId);
    return { entries: out, reconWins: wins ?? null };
  }

  private reconcileClient(clientId: number): void {
    this.reconSorted = null;
    this.reconByClient.delete(clientId);
    const ci = this.clients.get(clientId);
    if (!ci || !ci.counts || ci.linesByItem.size === 0) return;
    // One pass over the client's computers counts every deployment's wins.
    const wins = new Map<string, number>();
    for (const tenant of this.tenantsByClient.get(clientId) ?? []) {
      for (const c of this.computersByTenant.get(tenant.id) as Computer[]) {
        for (const id of (this.results.get(c.id) as Resolved).reconWins ?? []) wins.set(id, (wins.get(id) ?? 0) + 1);
      }
    }
    const rows: ReconciliationRow[] = [];
    for (const d of this.reconDeps) {
      const t = d.dep.target;
      if (t.kind !== 'recurringItem') continue;
      let covers: LineCover[] | undefined;
      for (const item of d.items as number[]) {
        const l = ci.linesByItem.get(item);
        if (l) covers = covers ? covers.concat(l) : l;
      }
      if (!covers) continue;
      const billed = covers.reduce((s, c) => s + c.line.qty_order, 0);
      const covered = wins.get(d.dep.id) ?? 0;
      const name = ci.records.client?.name ?? String(clientId);
      const items = [...new Set(covers.map((c) => (c.line._itemid !== null && this.items.get(c.line._itemid)) || c.line.item_code || `item ${c.line._itemid}`))].join(', ');
      rows.push({
        deploymentId: d.dep.id,
        haloClientId: clientId,
        billed,
        covered,
        lineIds: covers.map((c) => c.line.id).sort((a, b) => a - b),
        text: `you bill ${name} for ${billed} ${items} and deployment ${d.dep.id} covers ${covered} computer${covered === 1 ? '' : 's'}`,
      });
    }
    if (rows.length) this.reconByClient.set(clientId, rows);
  }
}

const KIND_INDEX: Record<string, number> = { workstation: 0, server: 1, portable: 2 };

/** One computer's entries (shared by computers that resolve alike) and the reconciled deployments winning in them. */
interface Resolved { entries: readonly ResolvedEntry[]; reconWins: string[] | null }

const EMPTY: Resolved = { entries: Object.freeze([]), reconWins: null };

/** Merges two candidate lists already in rank order. */
function mergeByRank(a: readonly Candidate[], b: readonly Candidate[]): Candidate[] {
  const out = new Array<Candidate>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i].d.rank <= b[j].d.rank ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

function entry(win: Candidate, others: Candidate[]): ResolvedEntry {
  const dep = win.d.dep;
  const shadowed = others.map((c) => c.d.dep.id);
  if (shadowed.length > 1) shadowed.sort(byString);
  return {
    software: dep.software,
    action: dep.action,
    version: dep.action === 'install' ? dep.version : null,
    enforcement: dep.enforcement,
    deploymentId: dep.id,
    shadowed,
    reason: win.reason,
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Builds a resolver over validated input (see `parseResolutionInput`). */
export function createResolver(input: ResolutionInput): Resolver {
  return new Resolver(input);
}

/** The whole resolution of one input, as `npm run rules -- resolve` prints it. */
export function resolve(input: ResolutionInput): Resolution {
  return new Resolver(input).resolveAll();
}

/** R10 alone. */
export function reconcile(input: ResolutionInput): ReconciliationRow[] {
  return new Resolver(input).reconciliation();
}
