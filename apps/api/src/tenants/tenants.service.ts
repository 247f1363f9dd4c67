import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TenantSummary } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { nextRun, scheduleProblem } from '../maintenance/schedule';
import { CreateTenantDto, UpdateTenantDto } from './tenants.dto';

interface TenantRow {
  id: string;
  name: string;
  integration_id: string | null;
  halo_client_id: number | null;
  maintenance_schedule: string | null;
  next_maintenance_at: Date | null;
  computer_count: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT t.*, (SELECT count(*)::int FROM computers c WHERE c.tenant_id = t.id) AS computer_count FROM tenants t`;

function toSummary(r: TenantRow): TenantSummary {
  return {
    id: r.id,
    name: r.name,
    mapping: r.integration_id !== null && r.halo_client_id !== null ? { integrationId: r.integration_id, haloClientId: r.halo_client_id } : null,
    maintenanceSchedule: r.maintenance_schedule,
    nextMaintenanceAt: r.next_maintenance_at?.toISOString() ?? null,
    computerCount: r.computer_count,
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
    return ((await this.db.query(`${SELECT} ORDER BY lower(t.name), t.id`)) as TenantRow[]).map(toSummary);
  }

  async get(id: string): Promise<TenantSummary> {
    const [row] = (await this.db.query(`${SELECT} WHERE t.id = $1`, [id])) as TenantRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `tenant ${id} not found`);
    return toSummary(row);
  }

  async create(dto: CreateTenantDto): Promise<TenantSummary> {
    const name = dto.name.trim();
    try {
      const [row] = (await this.db.query(`INSERT INTO tenants (name) VALUES ($1) RETURNING id`, [name])) as [{ id: string }];
      return this.get(row.id);
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
    if (dto.maintenanceSchedule !== undefined) {
      const schedule = dto.maintenanceSchedule?.trim() || null;
      const problem = schedule && scheduleProblem(schedule);
      if (problem) throw AppException.validation([{ field: 'maintenanceSchedule', message: problem }]);
      await this.db.query(`UPDATE tenants SET maintenance_schedule = $2, next_maintenance_at = $3, updated_at = now() WHERE id = $1`, [
        id, schedule, schedule ? nextRun(schedule) : null,
      ]);
    }
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const t = await this.get(id);
    if (t.computerCount > 0) throw new AppException(ErrorCode.Conflict, `${t.name} has ${t.computerCount} computer(s): delete or move them first`);
    const [used] = (await this.db.query(`SELECT count(*)::int AS n FROM deployments WHERE target_tenant_id = $1`, [id])) as { n: number }[];
    if (used && used.n > 0) throw new AppException(ErrorCode.Conflict, `${t.name} is the target of ${used.n} deployment(s): delete or change them first`);
    await this.db.query(`DELETE FROM tenants WHERE id = $1`, [id]);
  }
}
