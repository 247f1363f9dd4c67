import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ComputerKind, DeploymentAction, DeploymentTarget, Enforcement, Platform } from '@entitle/domain';
import { createResolver, type Deployment as RulesDeployment, type HaloSnapshot, type ResolvedEntry, type Target } from '@entitle/rules';
import { readForRules } from '../integrations/snapshot-store';
import { sortVersions } from '../software/software.service';

/** A deployment as the resolver and the API both need it. */
export interface DeploymentRecord {
  id: string;
  softwareId: string;
  action: DeploymentAction;
  version: string | null;
  enforcement: Enforcement;
  priority: number;
  computerKinds: ComputerKind[] | null;
  target: DeploymentTarget;
  notes: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SoftwareRecord {
  id: string;
  slug: string;
  name: string;
  platform: Platform;
  /** The highest version, null when it has none. */
  latest: string | null;
}

export interface ComputerRecord {
  id: string;
  tenantId: string;
  hostname: string;
  platform: Platform;
  kind: ComputerKind;
  haloSiteId: number | null;
}

export interface TenantRecord {
  id: string;
  name: string;
  integrationId: string | null;
  haloClientId: number | null;
}

/** The resolution of some computers, with everything needed to explain it. */
export interface FleetResolution {
  asOf: string;
  /** Entries per computer id (targeting.md R9), `software` being the software's slug. */
  entries: Map<string, readonly ResolvedEntry[]>;
  computers: Map<string, ComputerRecord>;
  tenants: Map<string, TenantRecord>;
  deployments: Map<string, DeploymentRecord>;
  softwareBySlug: Map<string, SoftwareRecord>;
  softwareById: Map<string, SoftwareRecord>;
  /** Integrations whose snapshot was read, with whether a good sync ever landed. */
  snapshots: Map<string, { synced: boolean; snapshot: HaloSnapshot }>;
}

interface DeploymentRow {
  id: string; software_id: string; action: DeploymentAction; version: string | null; enforcement: Enforcement; priority: number;
  computer_kinds: ComputerKind[] | null; target_kind: DeploymentTarget['kind']; target_tenant_id: string | null; target_computer_id: string | null;
  target_integration_id: string | null; target_contract_types: string[] | null; target_item_ids: number[] | null;
  notes: string | null; created_by: string | null; created_at: Date; updated_at: Date;
}

/** node-postgres returns arrays of enum values as the text `{a,b}`: parse those into a list. */
export function pgArray<T extends string>(value: T[] | string | null): T[] | null {
  if (value === null || Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : (inner.split(',').map((s) => s.replace(/^"|"$/g, '')) as T[]);
}

export function toDeploymentRecord(r: DeploymentRow): DeploymentRecord {
  let target: DeploymentTarget;
  switch (r.target_kind) {
    case 'tenant': target = { kind: 'tenant', tenantId: r.target_tenant_id as string }; break;
    case 'computer': target = { kind: 'computer', computerId: r.target_computer_id as string }; break;
    case 'contractType': target = { kind: 'contractType', integrationId: r.target_integration_id as string, contractTypes: r.target_contract_types ?? [] }; break;
    case 'recurringItem': target = { kind: 'recurringItem', integrationId: r.target_integration_id as string, itemIds: r.target_item_ids ?? [] }; break;
    default: target = { kind: 'all' };
  }
  return {
    id: r.id, softwareId: r.software_id, action: r.action, version: r.version, enforcement: r.enforcement, priority: r.priority,
    computerKinds: pgArray(r.computer_kinds), target, notes: r.notes, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const EMPTY_SNAPSHOT: HaloSnapshot = { clients: [], sites: [], contracts: [], recurringInvoices: [], items: [] };

interface CachedSnapshot {
  stamp: string;
  synced: boolean;
  full: HaloSnapshot;
  /** The snapshot cut per Halo client, for resolving a few computers without indexing every client. */
  byClient: Map<number, Omit<HaloSnapshot, 'items'>>;
}

/** Which computers to resolve. */
export interface ResolveScope {
  computerIds?: string[];
  tenantId?: string;
  platform?: Platform;
}

/**
 * The one place that turns Entitle's data into `@entitle/rules` input and back, so previews, maintenance sessions,
 * a computer's desired state and (later) the technician tab can never disagree (targeting.md: one resolver).
 *
 * Tenants map to a Halo client of one link, and a software runs on one platform, so computers are resolved in groups
 * of (link, platform): each group gets its link's snapshot, and the deployments that can apply there (contract and
 * recurring-item targets of that link, every other target, software of that platform). A deployment left out of a
 * group could not cover any of its computers, so winners and shadowed lists are exactly those of one big input.
 */
@Injectable()
export class ResolutionService {
  private readonly cache = new Map<string, CachedSnapshot>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Today as a UTC calendar day (targeting.md R1). */
  asOf(now = new Date()): string {
    return now.toISOString().slice(0, 10);
  }

  /** Every deployment, or the one with `id`. */
  async loadDeployments(id?: string): Promise<DeploymentRecord[]> {
    const rows = id === undefined
      ? ((await this.db.query(`SELECT * FROM deployments ORDER BY id`)) as DeploymentRow[])
      : ((await this.db.query(`SELECT * FROM deployments WHERE id = $1`, [id])) as DeploymentRow[]);
    return rows.map(toDeploymentRecord);
  }

  async loadSoftware(): Promise<SoftwareRecord[]> {
    const rows = (await this.db.query(`SELECT id, slug, name, platform FROM software`)) as Omit<SoftwareRecord, 'latest'>[];
    const versions = (await this.db.query(`SELECT software_id, version FROM software_versions`)) as { software_id: string; version: string }[];
    return rows.map((s) => ({ ...s, latest: sortVersions(versions.filter((v) => v.software_id === s.id))[0]?.version ?? null }));
  }

  /**
   * Resolves the computers in `scope` against every saved deployment, or against `deployments` when given (a preview
   * swaps a draft in).
   */
  async resolve(scope: ResolveScope = {}, deployments?: DeploymentRecord[]): Promise<FleetResolution> {
    const [deps, software, tenants, computers] = await Promise.all([
      deployments ? Promise.resolve(deployments) : this.loadDeployments(),
      this.loadSoftware(),
      this.loadTenants(),
      this.loadComputers(scope),
    ]);
    const softwareById = new Map(software.map((s) => [s.id, s]));
    const tenantMap = new Map(tenants.map((t) => [t.id, t]));
    const asOf = this.asOf();

    const groups = new Map<string, { integrationId: string | null; platform: Platform; computers: ComputerRecord[] }>();
    for (const c of computers) {
      const t = tenantMap.get(c.tenantId);
      const integrationId = t?.integrationId ?? null;
      const key = `${integrationId ?? '-'}|${c.platform}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { integrationId, platform: c.platform, computers: [] }));
      g.computers.push(c);
    }

    const entries = new Map<string, readonly ResolvedEntry[]>();
    const snapshots = new Map<string, { synced: boolean; snapshot: HaloSnapshot }>();
    const few = scope.computerIds !== undefined || scope.tenantId !== undefined;
    for (const g of groups.values()) {
      const groupTenants = [...new Set(g.computers.map((c) => c.tenantId))].map((id) => tenantMap.get(id) as TenantRecord);
      let halo = EMPTY_SNAPSHOT;
      if (g.integrationId) {
        const cached = await this.snapshot(g.integrationId);
        snapshots.set(g.integrationId, { synced: cached.synced, snapshot: cached.full });
        halo = few ? this.cut(cached, groupTenants) : cached.full;
      }
      const rulesDeps: RulesDeployment[] = [];
      for (const d of deps) {
        const sw = softwareById.get(d.softwareId);
        if (!sw || sw.platform !== g.platform) continue;
        if ((d.target.kind === 'contractType' || d.target.kind === 'recurringItem') && d.target.integrationId !== g.integrationId) continue;
        rulesDeps.push(toRules(d, sw));
      }
      const resolver = createResolver({
        asOf,
        halo,
        tenants: groupTenants.map((t) => ({ id: t.id, name: t.name, haloClientId: t.integrationId === g.integrationId ? t.haloClientId : null })),
        computers: g.computers.map((c) => ({ id: c.id, tenantId: c.tenantId, haloSiteId: c.haloSiteId, kind: c.kind })),
        deployments: rulesDeps,
      });
      const resolution = resolver.resolveAll();
      for (const [id, list] of Object.entries(resolution.computers)) entries.set(id, list);
    }

    return {
      asOf,
      entries,
      computers: new Map(computers.map((c) => [c.id, c])),
      tenants: tenantMap,
      deployments: new Map(deps.map((d) => [d.id, d])),
      softwareBySlug: new Map(software.map((s) => [s.slug, s])),
      softwareById,
      snapshots,
    };
  }

  /** The snapshot in force for a link, read once per landed sync and kept in memory. */
  async snapshot(integrationId: string): Promise<CachedSnapshot> {
    const [row] = (await this.db.query(
      `SELECT max(coalesce(decided_at, finished_at)) AS stamp FROM sync_runs WHERE integration_id = $1 AND status IN ('succeeded', 'approved')`,
      [integrationId],
    )) as { stamp: Date | null }[];
    const stamp = row?.stamp?.toISOString() ?? 'never';
    const hit = this.cache.get(integrationId);
    if (hit && hit.stamp === stamp) return hit;
    const full = stamp === 'never' ? EMPTY_SNAPSHOT : await readForRules(this.db.manager, integrationId);
    const byClient = new Map<number, Omit<HaloSnapshot, 'items'>>();
    const of = (id: number): Omit<HaloSnapshot, 'items'> => {
      let s = byClient.get(id);
      if (!s) byClient.set(id, (s = { clients: [], sites: [], contracts: [], recurringInvoices: [] }));
      return s;
    };
    for (const c of full.clients) of(c.id).clients.push(c);
    for (const s of full.sites) of(s.client_id).sites.push(s);
    for (const c of full.contracts) of(c.client_id).contracts.push(c);
    for (const i of full.recurringInvoices) of(i.client_id).recurringInvoices.push(i);
    const cached: CachedSnapshot = { stamp, synced: stamp !== 'never', full, byClient };
    this.cache.set(integrationId, cached);
    return cached;
  }

  private cut(cached: CachedSnapshot, tenants: TenantRecord[]): HaloSnapshot {
    const out: HaloSnapshot = { clients: [], sites: [], contracts: [], recurringInvoices: [], items: cached.full.items };
    for (const id of new Set(tenants.map((t) => t.haloClientId).filter((x): x is number => x !== null))) {
      const s = cached.byClient.get(id);
      if (!s) continue;
      out.clients.push(...s.clients);
      out.sites.push(...s.sites);
      out.contracts.push(...s.contracts);
      out.recurringInvoices.push(...s.recurringInvoices);
    }
    return out;
  }

  private async loadTenants(): Promise<TenantRecord[]> {
    return (await this.db.query(
      `SELECT id, name, integration_id AS "integrationId", halo_client_id AS "haloClientId" FROM tenants`,
    )) as TenantRecord[];
  }

  private async loadComputers(scope: ResolveScope): Promise<ComputerRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (scope.computerIds) {
      values.push(scope.computerIds);
      where.push(`id = ANY($${values.length}::uuid[])`);
    }
    if (scope.tenantId) {
      values.push(scope.tenantId);
      where.push(`tenant_id = $${values.length}`);
    }
    if (scope.platform) {
      values.push(scope.platform);
      where.push(`platform = $${values.length}`);
    }
    return (await this.db.query(
      `SELECT id, tenant_id AS "tenantId", hostname, platform, kind, halo_site_id AS "haloSiteId" FROM computers
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
      values,
    )) as ComputerRecord[];
  }
}

function toRules(d: DeploymentRecord, sw: SoftwareRecord): RulesDeployment {
  const t = d.target;
  let target: Target;
  switch (t.kind) {
    case 'contractType': target = { kind: 'contractType', contractTypes: t.contractTypes }; break;
    case 'recurringItem': target = { kind: 'recurringItem', itemIds: t.itemIds }; break;
    default: target = t;
  }
  return {
    id: d.id, software: sw.slug, action: d.action, version: d.action === 'install' ? (d.version ?? 'latest') : null,
    enforcement: d.enforcement, priority: d.priority, computerKinds: d.computerKinds, target,
  };
}
