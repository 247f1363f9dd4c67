import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgentEnrollResponse, Platform } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { hashToken, randomToken } from '../auth/password';
import { AgentEnrollDto } from '../computers/computers.dto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SessionsService } from '../maintenance/sessions.service';
import type { AgentComputer } from '../maintenance/session-engine.service';
import { must } from '../common/must';

export const AGENT_CREDENTIAL_PREFIX = 'agt_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const refused = (why: string): AppException => new AppException(ErrorCode.InvalidEnrollmentKey, `enrollment refused: ${why}`);

/** Enrollment, and the credential check every agent call goes through. */
@Injectable()
export class AgentService {
  private readonly logger = new Logger(AgentService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Registers the computer in the key's tenant and answers its own credential. The same hardware id enrolling again
   * updates that computer (new credential, possibly a new tenant) instead of adding a second one.
   */
  async enroll(dto: AgentEnrollDto): Promise<AgentEnrollResponse> {
    const result = await this.db.transaction(async (m) => {
      const [key] = (await m.query(
        `SELECT k.*, t.name AS tenant_name FROM enrollment_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1 FOR UPDATE OF k`,
        [hashToken(dto.key)],
      )) as { id: string; tenant_id: string; tenant_name: string; expires_at: Date | null; max_uses: number | null; uses: number; revoked_at: Date | null }[];
      if (!key) throw refused('the enrollment key is unknown');
      if (key.revoked_at) throw refused('the enrollment key was revoked');
      if (key.expires_at && key.expires_at <= new Date()) throw refused(`the enrollment key expired on ${key.expires_at.toISOString()}`);
      if (key.max_uses !== null && key.uses >= key.max_uses) throw refused(`the enrollment key was used ${key.uses} of ${key.max_uses} times`);

      const [computer] = (await m.query(
        `INSERT INTO computers (tenant_id, hostname, platform, os_name, os_version, serial, hardware_id, logged_in_user, kind, agent_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (hardware_id) DO UPDATE SET tenant_id = excluded.tenant_id, hostname = excluded.hostname, platform = excluded.platform,
           os_name = excluded.os_name, os_version = excluded.os_version, serial = excluded.serial, logged_in_user = excluded.logged_in_user,
           kind = excluded.kind, agent_version = excluded.agent_version, agent_revoked_at = NULL, enrolled_at = now(), updated_at = now(),
           -- A computer moved to another tenant keeps no Halo site of its old client.
           halo_site_id = CASE WHEN computers.tenant_id = excluded.tenant_id THEN computers.halo_site_id END
         RETURNING id, (xmax = 0) AS inserted`,
        [key.tenant_id, dto.hostname.trim(), dto.platform, dto.osName ?? null, dto.osVersion ?? null, dto.serial ?? null, dto.hardwareId, dto.loggedInUser ?? null, dto.kind, dto.agentVersion],
      )) as { id: string; inserted: boolean }[];
      const enrolled = must(computer, 'the enrolled computer');
      const credential = `${AGENT_CREDENTIAL_PREFIX}${enrolled.id}_${randomToken()}`;
      await m.query(`UPDATE computers SET agent_key_hash = $2, last_seen_at = now(), inventory_due_at = now() WHERE id = $1`, [enrolled.id, hashToken(credential)]);
      await m.query(`UPDATE enrollment_keys SET uses = uses + 1, last_used_at = now() WHERE id = $1`, [key.id]);
      return { computerId: enrolled.id, credential, tenant: { id: key.tenant_id, name: key.tenant_name }, reenrolled: !enrolled.inserted };
    });
    this.logger.log({ computerId: result.computerId, tenantId: result.tenant.id, reenrolled: result.reenrolled }, 'computer enrolled');
    await this.sessions.startForEnrollment(result.computerId);
    return { ...result, checkInIntervalSeconds: this.config.agentCheckInSeconds };
  }

  /**
   * Checks an agent's credential and records that it was seen, in one statement (this runs on every check-in).
   * Returns null for a malformed or unknown credential; throws AgentRevoked when an admin revoked it.
   */
  async authenticate(credential: string): Promise<AgentComputer | null> {
    if (!credential.startsWith(AGENT_CREDENTIAL_PREFIX)) return null;
    const id = credential.slice(AGENT_CREDENTIAL_PREFIX.length, AGENT_CREDENTIAL_PREFIX.length + 36);
    if (!UUID.test(id)) return null;
    const [rows] = (await this.db.query(
      `UPDATE computers c SET last_seen_at = now() WHERE c.id = $1 AND c.agent_key_hash = $2
       RETURNING c.id, c.tenant_id, c.platform, c.hostname, c.logged_in_user, c.os_version, c.agent_version,
         (c.inventory_due_at <= now()
          OR EXISTS (SELECT 1 FROM maintenance_sessions m WHERE m.computer_id = c.id AND m.status IN ('pending', 'running'))
          OR EXISTS (SELECT 1 FROM agent_actions a WHERE a.computer_id = c.id AND a.status = 'pending')) AS busy`,
      [id, hashToken(credential)],
    )) as [{ id: string; tenant_id: string; platform: Platform; hostname: string; logged_in_user: string | null; os_version: string | null; agent_version: string | null; busy: boolean }[], number];
    const c = rows?.[0];
    if (!c) {
      const [revoked] = (await this.db.query(`SELECT agent_revoked_at FROM computers WHERE id = $1 AND agent_revoked_at IS NOT NULL AND agent_key_hash IS NULL`, [id])) as unknown[];
      if (revoked) throw new AppException(ErrorCode.AgentRevoked, 'this agent was revoked by an admin: enroll the computer again with an enrollment key');
      return null;
    }
    return {
      id: c.id, tenantId: c.tenant_id, platform: c.platform, hostname: c.hostname, loggedInUser: c.logged_in_user,
      osVersion: c.os_version, agentVersion: c.agent_version, busy: c.busy,
    };
  }
}
