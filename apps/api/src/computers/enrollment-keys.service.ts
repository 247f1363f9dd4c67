import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreatedEnrollmentKey, EnrollmentKeySummary } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { hashToken, randomToken } from '../auth/password';
import { CreateEnrollmentKeyDto } from './computers.dto';
import { must } from '../common/must';

export const ENROLLMENT_KEY_PREFIX = 'enr_';

interface KeyRow {
  id: string; tenant_id: string; tenant_name: string; name: string | null; prefix: string; expires_at: Date | null; max_uses: number | null; uses: number;
  revoked_at: Date | null; last_used_at: Date | null; created_at: Date;
}

function toSummary(r: KeyRow, now = new Date()): EnrollmentKeySummary {
  return {
    id: r.id, tenantId: r.tenant_id, tenantName: r.tenant_name, name: r.name, prefix: r.prefix,
    expiresAt: r.expires_at?.toISOString() ?? null, maxUses: r.max_uses, uses: r.uses,
    revokedAt: r.revoked_at?.toISOString() ?? null, lastUsedAt: r.last_used_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    usable: r.revoked_at === null && (r.expires_at === null || r.expires_at > now) && (r.max_uses === null || r.uses < r.max_uses),
  };
}

const SELECT = `SELECT k.*, t.name AS tenant_name FROM enrollment_keys k JOIN tenants t ON t.id = k.tenant_id`;

/** The shell command that downloads the agent from this Entitle and enrolls the machine with `key`. */
export function enrollCommand(baseUrl: string, key: string): string {
  return `curl -fsSL ${baseUrl}/api/v1/agent/download -o entitle-agent.js && sudo node entitle-agent.js enroll --server ${baseUrl} --key ${key} --run`;
}

/** Keys that let an agent enroll a computer into one tenant. Shown once, stored as a SHA-256 hash. */
@Injectable()
export class EnrollmentKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(tenantId?: string): Promise<EnrollmentKeySummary[]> {
    const rows = (await this.db.query(
      `${SELECT} ${tenantId ? 'WHERE k.tenant_id = $1' : ''} ORDER BY k.created_at DESC`,
      tenantId ? [tenantId] : [],
    )) as KeyRow[];
    return rows.map((r) => toSummary(r));
  }

  async create(dto: CreateEnrollmentKeyDto, by: string, baseUrl: string): Promise<CreatedEnrollmentKey> {
    const [tenant] = (await this.db.query(`SELECT id FROM tenants WHERE id = $1`, [dto.tenantId])) as unknown[];
    if (!tenant) throw AppException.validation([{ field: 'tenantId', message: `no tenant ${dto.tenantId}` }]);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw AppException.validation([{ field: 'expiresAt', message: 'must be in the future' }]);
    const key = randomToken(ENROLLMENT_KEY_PREFIX);
    const [row] = (await this.db.query(
      `INSERT INTO enrollment_keys (tenant_id, name, key_hash, prefix, expires_at, max_uses, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [dto.tenantId, dto.name?.trim() || null, hashToken(key), key.slice(0, ENROLLMENT_KEY_PREFIX.length + 6), expiresAt, dto.maxUses ?? null, by],
    )) as { id: string }[];
    return { ...(await this.get(must(row, 'the new key').id)), key, enrollCommand: enrollCommand(baseUrl, key) };
  }

  async get(id: string): Promise<EnrollmentKeySummary> {
    const [row] = (await this.db.query(`${SELECT} WHERE k.id = $1`, [id])) as KeyRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `enrollment key ${id} not found`);
    return toSummary(row);
  }

  async revoke(id: string): Promise<void> {
    await this.get(id);
    await this.db.query(`UPDATE enrollment_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`, [id]);
  }
}
