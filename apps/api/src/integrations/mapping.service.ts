import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AutoMapMatch, AutoMapProposal, BulkMappingResult, HaloClientEntry } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { IntegrationsService } from './integrations.service';

interface ClientRow {
  id: number;
  name: string;
  inactive: boolean;
  missing_since: Date | null;
  tenant_id: string | null;
  tenant_name: string | null;
}

interface TenantRow {
  id: string;
  name: string;
  integration_id: string | null;
  halo_client_id: number | null;
}

const LEGAL_SUFFIXES = new Set(['ltd', 'limited', 'inc', 'incorporated', 'llc', 'plc', 'corp', 'corporation', 'co', 'company', 'gmbh', 'pty', 'llp', 'lp', 'sa', 'bv']);

/** Case, punctuation, `&`/`and` and legal suffixes (Ltd, Inc, LLC ...) do not tell two customers apart. */
export function normaliseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

/** Halo clients of a link's snapshot and their tenants: list, map, unmap, bulk-create tenants, auto-map. */
@Injectable()
export class MappingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly integrations: IntegrationsService,
  ) {}

  async clients(integrationId: string): Promise<HaloClientEntry[]> {
    await this.integrations.load(integrationId);
    return (await this.clientRows(this.db.manager, integrationId)).map((r) => ({
      haloClientId: r.id,
      name: r.name,
      inactive: r.inactive,
      missingFromHalo: r.missing_since !== null,
      tenant: r.tenant_id ? { id: r.tenant_id, name: r.tenant_name ?? '' } : null,
    }));
  }

  /** Maps a client to a tenant. Never overwrites: a client or tenant mapped elsewhere is a 409 until unmapped. */
  async map(integrationId: string, haloClientId: number, tenantId: string): Promise<HaloClientEntry> {
    await this.integrations.load(integrationId);
    await this.db.transaction(async (m) => {
      const client = await this.clientRow(m, integrationId, haloClientId);
      const [tenant] = (await m.query(`SELECT id, name, integration_id, halo_client_id FROM tenants WHERE id = $1 FOR UPDATE`, [tenantId])) as TenantRow[];
      if (!tenant) throw new AppException(ErrorCode.NotFound, `tenant ${tenantId} not found`, { errors: [{ field: 'tenantId', message: 'no such tenant' }] });
      if (tenant.integration_id === integrationId && tenant.halo_client_id === haloClientId) return;
      if (client.tenant_id) throw new AppException(ErrorCode.Conflict, `Halo client ${haloClientId} is already mapped to tenant "${client.tenant_name}"; unmap it first`);
      if (tenant.integration_id) throw new AppException(ErrorCode.Conflict, `tenant "${tenant.name}" is already mapped to another Halo client; unmap it first`, { errors: [{ field: 'tenantId', message: 'already mapped' }] });
      await m.query(`UPDATE tenants SET integration_id = $1, halo_client_id = $2, updated_at = now() WHERE id = $3`, [integrationId, haloClientId, tenantId]);
    });
    return this.entry(integrationId, haloClientId);
  }

  async unmap(integrationId: string, haloClientId: number): Promise<HaloClientEntry> {
    await this.integrations.load(integrationId);
    await this.clientRow(this.db.manager, integrationId, haloClientId);
    await this.db.query(`UPDATE tenants SET integration_id = NULL, halo_client_id = NULL, updated_at = now() WHERE integration_id = $1 AND halo_client_id = $2`, [integrationId, haloClientId]);
    return this.entry(integrationId, haloClientId);
  }

  /** One tenant per selected unmapped client, named after it; clients that cannot get one are listed with the reason. */
  async createTenants(integrationId: string, haloClientIds: number[]): Promise<BulkMappingResult> {
    await this.integrations.load(integrationId);
    return this.db.transaction(async (m) => {
      const result: BulkMappingResult = { applied: [], skipped: [] };
      const clients = new Map((await this.clientRows(m, integrationId)).map((c) => [c.id, c]));
      for (const haloClientId of new Set(haloClientIds)) {
        const client = clients.get(haloClientId);
        if (!client) {
          result.skipped.push({ haloClientId, reason: 'not a client of this integration (sync first)' });
          continue;
        }
        if (client.tenant_id) {
          result.skipped.push({ haloClientId, reason: `already mapped to tenant "${client.tenant_name}"` });
          continue;
        }
        const [taken] = (await m.query(`SELECT id FROM tenants WHERE lower(name) = lower($1)`, [client.name.trim()])) as { id: string }[];
        if (taken) {
          result.skipped.push({ haloClientId, reason: `a tenant named "${client.name.trim()}" already exists; map the client to it instead` });
          continue;
        }
        const [created] = (await m.query(`INSERT INTO tenants (name, integration_id, halo_client_id) VALUES ($1, $2, $3) RETURNING id, name`, [client.name.trim(), integrationId, haloClientId])) as [{ id: string; name: string }];
        result.applied.push({ haloClientId, tenantId: created.id, tenantName: created.name });
      }
      return result;
    });
  }

  /**
   * Proposes mappings between unmapped clients and unmapped tenants: exact names first, then normalised names among
   * what is left. A name shared by more than one client or tenant is ambiguous and never proposed. Applies nothing.
   */
  async proposals(integrationId: string): Promise<AutoMapProposal> {
    await this.integrations.load(integrationId);
    const clients = (await this.clientRows(this.db.manager, integrationId)).filter((c) => !c.tenant_id && !c.missing_since);
    const tenants = (await this.db.query(`SELECT id, name FROM tenants WHERE integration_id IS NULL ORDER BY name, id`)) as { id: string; name: string }[];
    const out: AutoMapProposal = { suggestions: [], ambiguous: [] };
    const usedClients = new Set<number>();
    const usedTenants = new Set<string>();
    const pass = (match: AutoMapMatch, key: (name: string) => string): void => {
      const byKey = <T extends { name: string }>(rows: T[]): Map<string, T[]> => {
        const map = new Map<string, T[]>();
        for (const r of rows) {
          const k = key(r.name);
          if (k === '') continue;
          map.set(k, [...(map.get(k) ?? []), r]);
        }
        return map;
      };
      const tenantsByKey = byKey(tenants.filter((t) => !usedTenants.has(t.id)));
      const clientsByKey = byKey(clients.filter((c) => !usedClients.has(c.id)));
      for (const [k, cs] of clientsByKey) {
        const ts = tenantsByKey.get(k);
        if (!ts) continue;
        const [client] = cs;
        const [tenant] = ts;
        if (cs.length === 1 && ts.length === 1 && client && tenant) {
          out.suggestions.push({ haloClientId: client.id, clientName: client.name, tenantId: tenant.id, tenantName: tenant.name, match });
        } else {
          for (const c of cs) out.ambiguous.push({ haloClientId: c.id, clientName: c.name, tenantIds: ts.map((t) => t.id), match });
        }
        // Clients and tenants met in this pass (proposed or ambiguous) are not offered again by a looser pass.
        cs.forEach((c) => usedClients.add(c.id));
        ts.forEach((t) => usedTenants.add(t.id));
      }
    };
    pass('exact', (n) => n.trim());
    pass('normalised', normaliseName);
    return out;
  }

  /** Applies confirmed pairs; a pair whose client or tenant got mapped meanwhile is skipped, never overwritten. */
  async confirm(integrationId: string, pairs: { haloClientId: number; tenantId: string }[]): Promise<BulkMappingResult> {
    await this.integrations.load(integrationId);
    return this.db.transaction(async (m) => {
      const result: BulkMappingResult = { applied: [], skipped: [] };
      const clients = new Map((await this.clientRows(m, integrationId)).map((c) => [c.id, c]));
      const mappedNow = new Set<number>();
      for (const { haloClientId, tenantId } of pairs) {
        const client = clients.get(haloClientId);
        if (!client) {
          result.skipped.push({ haloClientId, reason: 'not a client of this integration' });
          continue;
        }
        if (client.tenant_id || mappedNow.has(haloClientId)) {
          result.skipped.push({ haloClientId, reason: 'already mapped' });
          continue;
        }
        const updated = (await m.query(
          `UPDATE tenants SET integration_id = $1, halo_client_id = $2, updated_at = now() WHERE id = $3 AND integration_id IS NULL RETURNING id, name`,
          [integrationId, haloClientId, tenantId],
        )) as [{ id: string; name: string }[], number];
        const row = updated[0][0];
        if (!row) {
          result.skipped.push({ haloClientId, reason: `tenant ${tenantId} does not exist or is already mapped` });
          continue;
        }
        mappedNow.add(haloClientId);
        result.applied.push({ haloClientId, tenantId: row.id, tenantName: row.name });
      }
      return result;
    });
  }

  private async entry(integrationId: string, haloClientId: number): Promise<HaloClientEntry> {
    const r = await this.clientRow(this.db.manager, integrationId, haloClientId);
    return { haloClientId: r.id, name: r.name, inactive: r.inactive, missingFromHalo: r.missing_since !== null, tenant: r.tenant_id ? { id: r.tenant_id, name: r.tenant_name ?? '' } : null };
  }

  private async clientRow(m: EntityManager, integrationId: string, haloClientId: number): Promise<ClientRow> {
    const [row] = await this.clientRows(m, integrationId, haloClientId);
    if (!row) throw new AppException(ErrorCode.NotFound, `Halo client ${haloClientId} is not in the snapshot of integration ${integrationId}`);
    return row;
  }

  private async clientRows(m: EntityManager, integrationId: string, haloClientId?: number): Promise<ClientRow[]> {
    return (await m.query(
      `SELECT c.id, c.name, c.inactive, c.missing_since, t.id AS tenant_id, t.name AS tenant_name
       FROM halo_clients c LEFT JOIN tenants t ON t.integration_id = c.integration_id AND t.halo_client_id = c.id
       WHERE c.integration_id = $1 AND ($2::int IS NULL OR c.id = $2) ORDER BY c.name, c.id`,
      [integrationId, haloClientId ?? null],
    )) as ClientRow[];
  }
}
