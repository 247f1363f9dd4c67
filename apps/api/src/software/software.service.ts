import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compareVersions, type Platform, type SoftwareSummary, type SoftwareVersion } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { isUniqueViolation } from '../common/postgres-errors';
import { CreateSoftwareDto, CreateSoftwareVersionDto, UpdateSoftwareDto, UpdateSoftwareVersionDto } from './software.dto';
import { must } from '../common/must';

interface SoftwareRow {
  id: string; name: string; slug: string; vendor: string | null; platform: Platform; notes: string | null;
  created_at: Date; updated_at: Date; deployment_count: number;
}
interface VersionRow {
  id: string; software_id: string; version: string; install_script: string; uninstall_script: string; detection_script: string;
  timeout_seconds: number | null; created_at: Date;
}

function toVersion(v: VersionRow): SoftwareVersion {
  return {
    id: v.id, version: v.version, installScript: v.install_script, uninstallScript: v.uninstall_script, detectionScript: v.detection_script,
    timeoutSeconds: v.timeout_seconds, createdAt: v.created_at.toISOString(),
  };
}

/** Versions newest first by version order, so `[0]` is the latest. */
export function sortVersions<T extends { version: string }>(versions: T[]): T[] {
  return [...versions].sort((a, b) => compareVersions(b.version, a.version));
}

const SELECT = `SELECT s.*, (SELECT count(*)::int FROM deployments d WHERE d.software_id = s.id) AS deployment_count FROM software s`;

const slugTaken = (slug: string): AppException =>
  new AppException(ErrorCode.Conflict, `slug: software "${slug}" already exists`, { errors: [{ field: 'slug', message: 'already in use' }] });
const versionTaken = (version: string): AppException =>
  new AppException(ErrorCode.Conflict, `version: ${version} already exists for this software`, { errors: [{ field: 'version', message: 'already exists' }] });

/** The software library: what can be deployed, with the scripts that install, remove and detect each version. */
@Injectable()
export class SoftwareService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<SoftwareSummary[]> {
    const rows = (await this.db.query(`${SELECT} ORDER BY lower(s.name), s.slug`)) as SoftwareRow[];
    const versions = (await this.db.query(`SELECT * FROM software_versions`)) as VersionRow[];
    return rows.map((r) => this.toSummary(r, versions.filter((v) => v.software_id === r.id)));
  }

  async get(id: string): Promise<SoftwareSummary> {
    const [row] = (await this.db.query(`${SELECT} WHERE s.id = $1`, [id])) as SoftwareRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `software ${id} not found`);
    const versions = (await this.db.query(`SELECT * FROM software_versions WHERE software_id = $1`, [id])) as VersionRow[];
    return this.toSummary(row, versions);
  }

  async create(dto: CreateSoftwareDto): Promise<SoftwareSummary> {
    try {
      const [row] = (await this.db.query(
        `INSERT INTO software (name, slug, vendor, platform, notes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [dto.name.trim(), dto.slug, dto.vendor?.trim() || null, dto.platform, dto.notes?.trim() || null],
      )) as { id: string }[];
      return this.get(must(row, 'the new software').id);
    } catch (err) {
      if (isUniqueViolation(err, 'software_slug_key')) throw slugTaken(dto.slug);
      throw err;
    }
  }

  async update(id: string, dto: UpdateSoftwareDto): Promise<SoftwareSummary> {
    await this.get(id);
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (dto.name !== undefined) set('name', dto.name.trim());
    if (dto.slug !== undefined) set('slug', dto.slug);
    if (dto.vendor !== undefined) set('vendor', dto.vendor?.trim() || null);
    if (dto.notes !== undefined) set('notes', dto.notes?.trim() || null);
    if (sets.length) {
      try {
        await this.db.query(`UPDATE software SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
      } catch (err) {
        if (isUniqueViolation(err, 'software_slug_key')) throw slugTaken(dto.slug ?? '');
        throw err;
      }
    }
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const s = await this.get(id);
    if (s.deploymentCount > 0) {
      throw new AppException(ErrorCode.Conflict, `${s.name} is used by ${s.deploymentCount} deployment(s): delete or change them first`);
    }
    await this.db.query(`DELETE FROM software WHERE id = $1`, [id]);
  }

  async addVersion(id: string, dto: CreateSoftwareVersionDto): Promise<SoftwareSummary> {
    await this.get(id);
    try {
      await this.db.query(
        `INSERT INTO software_versions (software_id, version, install_script, uninstall_script, detection_script, timeout_seconds) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, dto.version, dto.installScript, dto.uninstallScript, dto.detectionScript, dto.timeoutSeconds ?? null],
      );
    } catch (err) {
      if (isUniqueViolation(err, 'software_versions_key')) throw versionTaken(dto.version);
      throw err;
    }
    await this.touch(id);
    return this.get(id);
  }

  async updateVersion(id: string, versionId: string, dto: UpdateSoftwareVersionDto): Promise<SoftwareSummary> {
    const current = await this.version(id, versionId);
    const sets: string[] = [];
    const values: unknown[] = [versionId];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (dto.version !== undefined) {
      set('version', dto.version);
      if (dto.version !== current.version) await this.assertVersionUnused(id, current.version, 'renamed');
    }
    if (dto.installScript !== undefined) set('install_script', dto.installScript);
    if (dto.uninstallScript !== undefined) set('uninstall_script', dto.uninstallScript);
    if (dto.detectionScript !== undefined) set('detection_script', dto.detectionScript);
    if (dto.timeoutSeconds !== undefined) set('timeout_seconds', dto.timeoutSeconds);
    if (sets.length) {
      try {
        await this.db.query(`UPDATE software_versions SET ${sets.join(', ')} WHERE id = $1`, values);
      } catch (err) {
        if (isUniqueViolation(err, 'software_versions_key')) throw versionTaken(dto.version ?? '');
        throw err;
      }
      await this.touch(id);
    }
    return this.get(id);
  }

  async removeVersion(id: string, versionId: string): Promise<SoftwareSummary> {
    const current = await this.version(id, versionId);
    await this.assertVersionUnused(id, current.version, 'deleted');
    await this.db.query(`DELETE FROM software_versions WHERE id = $1`, [versionId]);
    await this.touch(id);
    return this.get(id);
  }

  private async version(id: string, versionId: string): Promise<VersionRow> {
    await this.get(id);
    const [row] = (await this.db.query(`SELECT * FROM software_versions WHERE id = $1 AND software_id = $2`, [versionId, id])) as VersionRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `version ${versionId} of software ${id} not found`);
    return row;
  }

  /** A version a deployment pins cannot disappear from under it. */
  private async assertVersionUnused(id: string, version: string, what: string): Promise<void> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS n FROM deployments WHERE software_id = $1 AND version = $2`, [id, version])) as { n: number }[];
    if (row && row.n > 0) throw new AppException(ErrorCode.Conflict, `version ${version} is pinned by ${row.n} deployment(s) and cannot be ${what}: change them first`);
  }

  private async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE software SET updated_at = now() WHERE id = $1`, [id]);
  }

  private toSummary(r: SoftwareRow, versions: VersionRow[]): SoftwareSummary {
    const sorted = sortVersions(versions);
    return {
      id: r.id, name: r.name, slug: r.slug, vendor: r.vendor, platform: r.platform, notes: r.notes,
      latestVersion: sorted[0]?.version ?? null,
      versions: sorted.map(toVersion),
      deploymentCount: r.deployment_count,
      createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    };
  }
}
