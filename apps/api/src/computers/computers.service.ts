import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ComputerKind, ComputerPage, ComputerSummary, DesiredState, InventoryEntry, Platform } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeploymentsService } from '../deployments/deployments.service';
import { humaniseReason } from '../deployments/explain';
import { ResolutionService } from '../deployments/resolution.service';
import { ComputersQueryDto, UpdateComputerDto } from './computers.dto';
import { must } from '../common/must';

interface ComputerRow {
  id: string; tenant_id: string; tenant_name: string; hostname: string; platform: Platform; os_name: string | null; os_version: string | null;
  serial: string | null; hardware_id: string; logged_in_user: string | null; kind: ComputerKind; halo_site_id: number | null; halo_site_name: string | null;
  primary_user_email: string | null; agent_version: string | null; agent_key_hash: string | null; enrolled_at: Date; last_seen_at: Date | null; online: boolean;
}

/** Seen within `windowSeconds` (an integer from the typed config, never user input). */
const online = (windowSeconds: number): string =>
  `(c.last_seen_at IS NOT NULL AND c.last_seen_at > now() - interval '${Math.trunc(windowSeconds)} seconds')`;

/** Computers with their tenant and Halo site name. */
const select = (windowSeconds: number): string => `
  SELECT c.*, t.name AS tenant_name, s.name AS halo_site_name, ${online(windowSeconds)} AS online
  FROM computers c
  JOIN tenants t ON t.id = c.tenant_id
  LEFT JOIN halo_sites s ON s.integration_id = t.integration_id AND s.id = c.halo_site_id`;

function toSummary(r: ComputerRow): ComputerSummary {
  return {
    id: r.id, tenantId: r.tenant_id, tenantName: r.tenant_name, hostname: r.hostname, platform: r.platform, osName: r.os_name, osVersion: r.os_version,
    serial: r.serial, hardwareId: r.hardware_id, loggedInUser: r.logged_in_user, kind: r.kind, haloSiteId: r.halo_site_id, haloSiteName: r.halo_site_name,
    primaryUserEmail: r.primary_user_email, agentVersion: r.agent_version, agentActive: r.agent_key_hash !== null,
    enrolledAt: r.enrolled_at.toISOString(), lastSeenAt: r.last_seen_at?.toISOString() ?? null, online: r.online,
  };
}

/** Enrolled computers: listing, the facts an admin may correct, inventory, and the desired state with its reasons. */
@Injectable()
export class ComputersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resolution: ResolutionService,
    private readonly deployments: DeploymentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Online: seen within two check-in intervals. */
  private get onlineWindow(): number {
    return this.config.agentCheckInSeconds * 2;
  }

  async list(q: ComputersQueryDto): Promise<ComputerPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown): void => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (q.tenantId) add((p) => `c.tenant_id = ${p}`, q.tenantId);
    if (q.kind) add((p) => `c.kind = ${p}`, q.kind);
    if (q.platform) add((p) => `c.platform = ${p}`, q.platform);
    if (q.haloSiteId !== undefined) add((p) => `c.halo_site_id = ${p}`, q.haloSiteId);
    if (q.online !== undefined) {
      where.push(`${online(this.onlineWindow)} = ${q.online === 'true' ? 'true' : 'false'}`);
    }
    if (q.search?.trim()) {
      add(
        (p) => `(c.hostname ILIKE ${p} OR c.serial ILIKE ${p} OR c.logged_in_user ILIKE ${p} OR c.primary_user_email ILIKE ${p} OR t.name ILIKE ${p})`,
        `%${q.search.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`,
      );
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = (await this.db.query(
      `SELECT count(*)::int AS n FROM computers c JOIN tenants t ON t.id = c.tenant_id ${filter}`,
      values,
    )) as { n: number }[];
    values.push(q.limit ?? 50, q.offset ?? 0);
    const rows = (await this.db.query(
      `${select(this.onlineWindow)} ${filter} ORDER BY lower(t.name), lower(c.hostname), c.id LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    )) as ComputerRow[];
    return { total: count?.n ?? 0, items: rows.map(toSummary) };
  }

  async get(id: string): Promise<ComputerSummary> {
    const [row] = (await this.db.query(`${select(this.onlineWindow)} WHERE c.id = $1`, [id])) as ComputerRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `computer ${id} not found`);
    return toSummary(row);
  }

  async update(id: string, dto: UpdateComputerDto): Promise<ComputerSummary> {
    const c = await this.get(id);
    if (dto.haloSiteId !== undefined && dto.haloSiteId !== null) {
      const [tenant] = (await this.db.query(`SELECT integration_id, halo_client_id FROM tenants WHERE id = $1`, [c.tenantId])) as { integration_id: string | null; halo_client_id: number | null }[];
      if (!tenant?.integration_id || tenant.halo_client_id === null) {
        throw AppException.validation([{ field: 'haloSiteId', message: `tenant ${c.tenantName} is not mapped to a Halo client, so the computer has no Halo sites to choose from` }]);
      }
      const [site] = (await this.db.query(`SELECT 1 FROM halo_sites WHERE integration_id = $1 AND id = $2 AND client_id = $3`, [tenant.integration_id, dto.haloSiteId, tenant.halo_client_id])) as unknown[];
      if (!site) throw AppException.validation([{ field: 'haloSiteId', message: `site ${dto.haloSiteId} is not a site of the Halo client tenant ${c.tenantName} is mapped to` }]);
    }
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (dto.haloSiteId !== undefined) set('halo_site_id', dto.haloSiteId);
    if (dto.primaryUserEmail !== undefined) set('primary_user_email', dto.primaryUserEmail?.trim().toLowerCase() || null);
    if (dto.kind !== undefined) set('kind', dto.kind);
    if (sets.length) await this.db.query(`UPDATE computers SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    const [used] = (await this.db.query(`SELECT count(*)::int AS n FROM deployments WHERE target_computer_id = $1`, [id])) as { n: number }[];
    if (used && used.n > 0) throw new AppException(ErrorCode.Conflict, `the computer is the target of ${used.n} deployment(s): delete or change them first`);
    await this.db.query(`DELETE FROM computers WHERE id = $1`, [id]);
  }

  /** The agent's credential stops working at once; the agent must enroll again with a key. */
  async revokeAgent(id: string): Promise<ComputerSummary> {
    await this.get(id);
    await this.db.query(`UPDATE computers SET agent_key_hash = NULL, agent_revoked_at = now(), updated_at = now() WHERE id = $1`, [id]);
    return this.get(id);
  }

  async inventory(id: string): Promise<InventoryEntry[]> {
    await this.get(id);
    const rows = (await this.db.query(
      `SELECT cs.software_id, s.slug, s.name, cs.version, cs.detected_at FROM computer_software cs JOIN software s ON s.id = cs.software_id
       WHERE cs.computer_id = $1 ORDER BY lower(s.name)`,
      [id],
    )) as { software_id: string; slug: string; name: string; version: string | null; detected_at: Date }[];
    return rows.map((r) => ({ softwareId: r.software_id, software: r.slug, softwareName: r.name, version: r.version, detectedAt: r.detected_at.toISOString() }));
  }

  /** Sites of the Halo client the computer's tenant maps to, for choosing the computer's site. */
  async haloSites(id: string): Promise<{ id: number; name: string }[]> {
    const c = await this.get(id);
    return (await this.db.query(
      `SELECT s.id, s.name FROM tenants t JOIN halo_sites s ON s.integration_id = t.integration_id AND s.client_id = t.halo_client_id
       WHERE t.id = $1 ORDER BY lower(s.name), s.id`,
      [c.tenantId],
    )) as { id: number; name: string }[];
  }

  /** What the resolver wants on this computer today, each with why, what lost, and what detection last found. */
  async desiredState(id: string): Promise<DesiredState> {
    await this.get(id);
    const fleet = await this.resolution.resolve({ computerIds: [id] });
    const names = await this.deployments.names([...fleet.deployments.values()], fleet);
    const detected = new Map((await this.inventory(id)).map((e) => [e.softwareId, e]));
    const entries = (fleet.entries.get(id) ?? []).map((e) => {
      const sw = must(fleet.softwareBySlug.get(e.software), `software ${e.software}`);
      const seen = detected.get(sw.id);
      return {
        softwareId: sw.id, software: sw.slug, softwareName: sw.name, action: e.action, version: e.version,
        resolvedVersion: e.action === 'install' ? (e.version === 'latest' ? sw.latest : e.version) : null,
        enforcement: e.enforcement,
        deployment: { id: e.deploymentId, label: names.deployments.get(e.deploymentId) ?? e.deploymentId },
        shadowed: e.shadowed.map((s) => ({ id: s, label: names.deployments.get(s) ?? s })),
        reason: humaniseReason(e.reason.text, names),
        ...(seen ? { detected: { version: seen.version, detectedAt: seen.detectedAt } } : {}),
      };
    });
    return { computerId: id, asOf: fleet.asOf, entries };
  }
}
