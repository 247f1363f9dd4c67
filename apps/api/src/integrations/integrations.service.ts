import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HaloClient, HaloError } from '@entitle/halo-client';
import type { IntegrationHealth, IntegrationSummary } from '@entitle/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppException, ErrorCode } from '../common/app.exception';
import { CreateIntegrationDto, UpdateIntegrationDto } from './integrations.dto';
import { linkLockKey } from './link-lock';
import { decryptSecret, encryptSecret } from './secret-box';
import { SyncRunRow, toSyncRun } from './sync-run.row';

/** An `integrations` row. The encrypted secret is only read by `haloClient()`. */
export interface IntegrationRow {
  id: string;
  name: string;
  halo_url: string;
  auth_url: string | null;
  tenant: string | null;
  client_id: string;
  client_secret_enc: Buffer;
  sync_interval_minutes: number;
  enabled: boolean;
  health: IntegrationHealth | null;
  created_at: Date;
  updated_at: Date;
}

const SUMMARY_SQL = `
  SELECT i.*, to_jsonb(r.*) AS last_run
  FROM integrations i
  LEFT JOIN LATERAL (SELECT * FROM sync_runs s WHERE s.integration_id = i.id ORDER BY s.started_at DESC LIMIT 1) r ON true`;

interface SummaryRow extends IntegrationRow {
  last_run: (Omit<SyncRunRow, 'started_at' | 'finished_at' | 'decided_at'> & { started_at: string; finished_at: string | null; decided_at: string | null }) | null;
}

function toSummary(r: SummaryRow): IntegrationSummary {
  const run = r.last_run;
  return {
    id: r.id,
    name: r.name,
    haloUrl: r.halo_url,
    authUrl: r.auth_url,
    tenant: r.tenant,
    clientId: r.client_id,
    clientSecretSet: r.client_secret_enc.length > 0,
    syncIntervalMinutes: r.sync_interval_minutes,
    enabled: r.enabled,
    health: r.health,
    lastSync: run
      ? toSyncRun({ ...run, started_at: new Date(run.started_at), finished_at: run.finished_at ? new Date(run.finished_at) : null, decided_at: run.decided_at ? new Date(run.decided_at) : null })
      : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Trailing slashes and a pasted `/api` are not part of the Halo address (halo-api.md §1). */
function normaliseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/api$/i, '');
}

@Injectable()
export class IntegrationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<IntegrationSummary[]> {
    const rows = (await this.db.query(`${SUMMARY_SQL} ORDER BY i.created_at, i.id`)) as SummaryRow[];
    return rows.map(toSummary);
  }

  async get(id: string): Promise<IntegrationSummary> {
    const [row] = (await this.db.query(`${SUMMARY_SQL} WHERE i.id = $1`, [id])) as SummaryRow[];
    if (!row) throw notFound(id);
    return toSummary(row);
  }

  /** The row, for services that talk to Halo; 404 when the link does not exist. */
  async load(id: string): Promise<IntegrationRow> {
    const [row] = (await this.db.query(`SELECT * FROM integrations WHERE id = $1`, [id])) as IntegrationRow[];
    if (!row) throw notFound(id);
    return row;
  }

  async create(dto: CreateIntegrationDto): Promise<IntegrationSummary> {
    const [row] = (await this.db.query(
      `INSERT INTO integrations (name, halo_url, auth_url, tenant, client_id, client_secret_enc, sync_interval_minutes, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [dto.name.trim(), normaliseUrl(dto.haloUrl), dto.authUrl ? normaliseUrl(dto.authUrl) : null, dto.tenant?.trim() || null, dto.clientId.trim(),
        encryptSecret(this.config.secretKey, dto.clientSecret), dto.syncIntervalMinutes ?? 15, dto.enabled ?? true],
    )) as [{ id: string }];
    return this.get(row.id);
  }

  async update(id: string, dto: UpdateIntegrationDto): Promise<IntegrationSummary> {
    await this.load(id);
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (dto.name !== undefined) set('name', dto.name.trim());
    if (dto.haloUrl !== undefined) set('halo_url', normaliseUrl(dto.haloUrl));
    if (dto.authUrl !== undefined) set('auth_url', dto.authUrl ? normaliseUrl(dto.authUrl) : null);
    if (dto.tenant !== undefined) set('tenant', dto.tenant?.trim() || null);
    if (dto.clientId !== undefined) set('client_id', dto.clientId.trim());
    if (dto.clientSecret !== undefined) set('client_secret_enc', encryptSecret(this.config.secretKey, dto.clientSecret));
    if (dto.syncIntervalMinutes !== undefined) set('sync_interval_minutes', dto.syncIntervalMinutes);
    if (dto.enabled !== undefined) set('enabled', dto.enabled);
    // New credentials or a new address make the last health result stale.
    if (dto.haloUrl !== undefined || dto.authUrl !== undefined || dto.tenant !== undefined || dto.clientId !== undefined || dto.clientSecret !== undefined) sets.push('health = NULL');
    if (sets.length) {
      values.push(id);
      await this.db.query(`UPDATE integrations SET ${sets.join(', ')}, updated_at = now() WHERE id = $${values.length}`, values);
    }
    return this.get(id);
  }

  /** Tenants mapped to the link's clients are kept and become unmapped; the snapshot and runs go with the link. */
  async remove(id: string): Promise<void> {
    await this.load(id);
    await this.db.transaction(async (m) => {
      const [lock] = (await m.query(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`, [linkLockKey(id)])) as { locked: boolean }[];
      if (!lock?.locked) throw new AppException(ErrorCode.Conflict, `a sync is running for integration ${id}; delete it once the sync has ended`);
      await m.query(`UPDATE tenants SET integration_id = NULL, halo_client_id = NULL, updated_at = now() WHERE integration_id = $1`, [id]);
      await m.query(`DELETE FROM integrations WHERE id = $1`, [id]);
    });
  }

  /** A Halo client for the link, with the secret decrypted only here and only in memory. */
  haloClient(link: IntegrationRow): HaloClient {
    return new HaloClient({
      url: link.halo_url,
      authUrl: link.auth_url ?? undefined,
      tenant: link.tenant ?? undefined,
      clientId: link.client_id,
      clientSecret: decryptSecret(this.config.secretKey, link.client_secret_enc),
    });
  }

  /** Connects, lists the permission rows, and keeps the result as the link's health. Halo failures are a result, not an error. */
  async healthCheck(id: string): Promise<IntegrationHealth> {
    const link = await this.load(id);
    const halo = this.haloClient(link);
    let health: IntegrationHealth;
    try {
      const permissions = await halo.checkPermissions();
      health = {
        checkedAt: new Date().toISOString(), connected: true, ok: permissions.every((p) => p.status === 'granted'), errorCode: null, error: null,
        permissions: permissions.map((p) => ({ permission: p.permission, status: p.status, evidence: p.evidence, action: p.action, neededFor: p.neededFor })),
        requestsUsed: halo.requestsUsed,
      };
    } catch (error) {
      if (!(error instanceof HaloError)) throw error;
      health = { checkedAt: new Date().toISOString(), connected: false, ok: false, errorCode: error.code, error: error.message, permissions: [], requestsUsed: halo.requestsUsed };
    }
    await this.db.query(`UPDATE integrations SET health = $1 WHERE id = $2`, [JSON.stringify(health), id]);
    return health;
  }
}

export function notFound(id: string): AppException {
  return new AppException(ErrorCode.NotFound, `integration ${id} not found`);
}
