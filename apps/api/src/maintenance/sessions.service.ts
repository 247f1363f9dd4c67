import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionDetail, SessionPage, SessionTrigger, StartSessionsResponse } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeploymentsService } from '../deployments/deployments.service';
import { ResolutionService } from '../deployments/resolution.service';
import { SessionsQueryDto, StartSessionsDto } from './maintenance.dto';
import { nextRun } from './schedule';
import { ActionRow, SESSION_SELECT, SessionRow, toSessionDetail, toSessionSummary } from './session-rows';

/** Maintenance sessions as admins and technicians start, follow and cancel them. The agent side is SessionEngine. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resolution: ResolutionService,
    private readonly deployments: DeploymentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts sessions for one computer, every computer of a tenant, or every computer a deployment wins on (narrowed
   * by computerId or tenantId). A computer with a session already open, or whose agent is revoked, is skipped with why.
   */
  async start(dto: StartSessionsDto, by: string): Promise<StartSessionsResponse> {
    if (!dto.computerId && !dto.tenantId && !dto.deploymentId) {
      throw AppException.validation([{ field: 'computerId', message: 'give a computerId, a tenantId or a deploymentId' }]);
    }
    if (dto.computerId && dto.tenantId) throw AppException.validation([{ field: 'tenantId', message: 'give a computerId or a tenantId, not both' }]);
    if (dto.computerId) await this.mustExist('computers', dto.computerId, 'computerId', 'computer');
    if (dto.tenantId) await this.mustExist('tenants', dto.tenantId, 'tenantId', 'tenant');

    let computerIds: string[];
    let trigger: SessionTrigger = 'manual';
    let deployment: { id: string; label: string } | null = null;
    if (dto.deploymentId) {
      const d = await this.deployments.get(dto.deploymentId).catch((err: unknown) => {
        if (err instanceof AppException && err.code === ErrorCode.NotFound) throw AppException.validation([{ field: 'deploymentId', message: `no deployment ${dto.deploymentId}` }]);
        throw err;
      });
      trigger = 'deployment';
      deployment = { id: d.id, label: d.label };
      const fleet = await this.resolution.resolve({
        platform: d.software.platform,
        ...(dto.computerId ? { computerIds: [dto.computerId] } : {}),
        ...(dto.tenantId ? { tenantId: dto.tenantId } : {}),
      });
      computerIds = [...fleet.entries].filter(([, list]) => list.some((e) => e.deploymentId === d.id)).map(([id]) => id);
    } else if (dto.computerId) {
      computerIds = [dto.computerId];
    } else {
      computerIds = ((await this.db.query(`SELECT id FROM computers WHERE tenant_id = $1`, [dto.tenantId])) as { id: string }[]).map((r) => r.id);
    }
    return this.create(computerIds, trigger, deployment, by);
  }

  /** The session that runs when a computer enrolls: required and onboarding deployments. */
  async startForEnrollment(computerId: string): Promise<void> {
    await this.create([computerId], 'enrollment', null, 'enrollment');
  }

  /** Starts the sessions of every tenant whose schedule is due, and moves each schedule to its next run. */
  async startScheduled(now = new Date()): Promise<number> {
    const due = (await this.db.query(
      `SELECT id, maintenance_schedule FROM tenants WHERE next_maintenance_at IS NOT NULL AND next_maintenance_at <= $1 ORDER BY next_maintenance_at`,
      [now],
    )) as { id: string; maintenance_schedule: string }[];
    let started = 0;
    for (const t of due) {
      const ids = ((await this.db.query(`SELECT id FROM computers WHERE tenant_id = $1`, [t.id])) as { id: string }[]).map((r) => r.id);
      started += (await this.create(ids, 'schedule', null, 'schedule')).sessions.length;
      await this.db.query(`UPDATE tenants SET next_maintenance_at = $2 WHERE id = $1`, [t.id, nextRun(t.maintenance_schedule, now)]);
    }
    return started;
  }

  async list(q: SessionsQueryDto): Promise<SessionPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (q.computerId) add('m.computer_id = ?', q.computerId);
    if (q.tenantId) add('c.tenant_id = ?', q.tenantId);
    if (q.deploymentId) add('m.deployment_id = ?', q.deploymentId);
    if (q.status) add('m.status = ?', q.status);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = (await this.db.query(
      `SELECT count(*)::int AS n FROM maintenance_sessions m JOIN computers c ON c.id = m.computer_id ${filter}`,
      values,
    )) as { n: number }[];
    values.push(q.limit ?? 50, q.offset ?? 0);
    const rows = (await this.db.query(`${SESSION_SELECT} ${filter} ORDER BY m.created_at DESC, m.id LIMIT $${values.length - 1} OFFSET $${values.length}`, values)) as SessionRow[];
    return { total: count?.n ?? 0, items: rows.map(toSessionSummary) };
  }

  async get(id: string): Promise<SessionDetail> {
    const [row] = (await this.db.query(`${SESSION_SELECT} WHERE m.id = $1`, [id])) as SessionRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `maintenance session ${id} not found`);
    const actions = (await this.db.query(`SELECT * FROM agent_actions WHERE session_id = $1 ORDER BY seq`, [id])) as ActionRow[];
    return toSessionDetail(row, actions);
  }

  /** Stops a pending or running session: actions not yet handed to the agent are cancelled; one already running finishes. */
  async cancel(id: string, by: string): Promise<SessionDetail> {
    const s = await this.get(id);
    if (s.status !== 'pending' && s.status !== 'running') throw new AppException(ErrorCode.Conflict, `the session is ${s.status}: only a pending or running session can be cancelled`);
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE agent_actions SET status = 'cancelled', finished_at = now() WHERE session_id = $1 AND status = 'pending'`, [id]);
      await m.query(
        `UPDATE maintenance_sessions SET status = 'cancelled', phase = 'done', finished_at = now(), summary = $2 WHERE id = $1 AND status IN ('pending', 'running')`,
        [id, `cancelled by ${by}`],
      );
    });
    return this.get(id);
  }

  private async create(computerIds: string[], trigger: SessionTrigger, deployment: { id: string; label: string } | null, by: string): Promise<StartSessionsResponse> {
    if (computerIds.length === 0) return { sessions: [], skipped: [] };
    const computers = (await this.db.query(
      `SELECT c.id, c.hostname, c.agent_key_hash IS NOT NULL AS active, m.id AS open_id, m.status AS open_status
       FROM computers c LEFT JOIN maintenance_sessions m ON m.computer_id = c.id AND m.status IN ('pending', 'running')
       WHERE c.id = ANY($1::uuid[]) ORDER BY lower(c.hostname)`,
      [computerIds],
    )) as { id: string; hostname: string; active: boolean; open_id: string | null; open_status: string | null }[];
    const skipped: StartSessionsResponse['skipped'] = [];
    const ready: string[] = [];
    for (const c of computers) {
      if (c.open_id) skipped.push({ computerId: c.id, hostname: c.hostname, reason: `a session is already ${c.open_status} (${c.open_id})` });
      else if (!c.active) skipped.push({ computerId: c.id, hostname: c.hostname, reason: 'its agent was revoked: enroll it again first' });
      else ready.push(c.id);
    }
    // The partial unique index allows one open session per computer: a concurrent start loses quietly here.
    const inserted = (await this.db.query(
      `INSERT INTO maintenance_sessions (computer_id, trigger, deployment_id, deployment_label, created_by, expires_at)
       SELECT id, $2, $3, $4, $5, now() + make_interval(hours => $6) FROM unnest($1::uuid[]) AS id
       ON CONFLICT DO NOTHING RETURNING id`,
      [ready, trigger, deployment?.id ?? null, deployment?.label ?? null, by, this.config.maintenanceExpiryHours],
    )) as { id: string }[];
    const sessions = inserted.length
      ? ((await this.db.query(`${SESSION_SELECT} WHERE m.id = ANY($1::uuid[]) ORDER BY lower(c.hostname)`, [inserted.map((r) => r.id)])) as SessionRow[]).map(toSessionSummary)
      : [];
    const started = new Set(sessions.map((s) => s.computerId));
    for (const c of computers) {
      if (ready.includes(c.id) && !started.has(c.id)) skipped.push({ computerId: c.id, hostname: c.hostname, reason: 'a session was started for it at the same moment' });
    }
    return { sessions, skipped };
  }

  private async mustExist(table: string, id: string, field: string, what: string): Promise<void> {
    const rows = (await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])) as unknown[];
    if (!rows.length) throw AppException.validation([{ field, message: `no ${what} ${id}` }]);
  }
}

