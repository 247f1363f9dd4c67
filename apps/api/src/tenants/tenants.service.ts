import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TenantSummary } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { CreateTenantDto, UpdateTenantDto } from './tenants.dto';

interface TenantRow {
  id: string;
  name: string;
  integration_id: string | null;
  halo_client_id: number | null;
  created_at: Date;
  updated_at: Date;
}

function toSummary(r: TenantRow): TenantSummary {
  return {
    id: r.id,
    name: r.name,
    mapping: r.integration_id !== null && r.halo_client_id !== null ? { integrationId: r.integration_id, haloClientId: r.halo_client_id } : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const nameTaken = (name: string): AppException =>
  new AppException(ErrorCode.Conflict, `name: a tenant named "${name}" already exists`, { errors: [{ field: 'name', message: 'already in use' }] });

/** Postgres unique_violation on the case-insensitive tenant name. */
function isNameConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'tenants_name_key';
}

@Injectable()
export class TenantsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<TenantSummary[]> {
    return ((await this.db.query(`SELECT * FROM tenants ORDER BY lower(name), id`)) as TenantRow[]).map(toSummary);
  }

  async get(id: string): Promise<TenantSummary> {
    const [row] = (await this.db.query(`SELECT * FROM tenants WHERE id = $1`, [id])) as TenantRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `tenant ${id} not found`);
    return toSummary(row);
  }

  async create(dto: CreateTenantDto): Promise<TenantSummary> {
    const name = dto.name.trim();
    try {
      const [row] = (await this.db.query(`INSERT INTO tenants (name) VALUES ($1) RETURNING *`, [name])) as [TenantRow];
      return toSummary(row);
    } catch (err) {
      if (isNameConflict(err)) throw nameTaken(name);
      throw err;
    }
  }

  async update(id: string, dto: UpdateTenantDto): Promise<TenantSummary> {
    await this.get(id);
    if (dto.name !== undefined) {
      const name = dto.name.trim();
      try {
        await this.db.query(`UPDATE tenants SET name = $1, updated_at = now() WHERE id = $2`, [name, id]);
      } catch (err) {
        if (isNameConflict(err)) throw nameTaken(name);
        throw err;
      }
    }
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.db.query(`DELETE FROM tenants WHERE id = $1`, [id]);
  }
}
