import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClusterLock } from '../database/cluster-lock.service';
import { SessionsService } from './sessions.service';

/** An agent gets this long past an action's own timeout to report it (it kills the script at the timeout itself). */
export const REPORT_GRACE_SECONDS = 120;

/**
 * Every minute, once per cluster: expire sessions whose computer never checked in, time out actions an agent stopped
 * reporting (and their sessions), and start the tenants' scheduled maintenance.
 */
@Injectable()
export class MaintenanceCron {
  private readonly logger = new Logger(MaintenanceCron.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly lock: ClusterLock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'maintenance.tick' })
  async tick(): Promise<void> {
    if (!this.config.cronEnabled) return;
    await this.lock.runExclusive('maintenance.tick', async () => {
      try {
        await this.sweep();
        const started = await this.sessions.startScheduled();
        if (started) this.logger.log(`started ${started} scheduled maintenance session(s)`);
      } catch (err) {
        this.logger.error({ err }, 'maintenance tick failed');
      }
    });
  }

  /** Expires and times out what is overdue at `now`; returns how many sessions it ended. */
  async sweep(now = new Date()): Promise<number> {
    return this.db.transaction(async (m) => {
      const [expired] = (await m.query(
        `UPDATE maintenance_sessions SET status = 'expired', phase = 'done', finished_at = $1,
           summary = 'the computer did not check in before the session expired'
         WHERE status = 'pending' AND expires_at <= $1 RETURNING id`,
        [now],
      )) as [{ id: string }[], number];
      // Sessions first, then their actions: the order a check-in takes its locks in, so the two never deadlock.
      const late = `status = 'running' AND sent_at + make_interval(secs => timeout_seconds + ${REPORT_GRACE_SECONDS}) <= $1`;
      await m.query(
        `SELECT id FROM maintenance_sessions WHERE id IN (SELECT session_id FROM agent_actions WHERE ${late}) ORDER BY id FOR UPDATE`,
        [now],
      );
      const [overdue] = (await m.query(
        `UPDATE agent_actions SET status = 'timed_out', finished_at = $1,
           output = coalesce(output, '') || '[entitle] the agent did not report this action within its timeout (' || timeout_seconds || ' s) and ${REPORT_GRACE_SECONDS} s of grace'
         WHERE ${late} RETURNING session_id`,
        [now],
      )) as [{ session_id: string | null }[], number];
      const sessionIds = [...new Set(overdue.map((r) => r.session_id).filter((x): x is string => x !== null))];
      let timedOut: { id: string }[] = [];
      if (sessionIds.length) {
        await m.query(`UPDATE agent_actions SET status = 'cancelled', finished_at = $2 WHERE session_id = ANY($1::uuid[]) AND status = 'pending'`, [sessionIds, now]);
        [timedOut] = (await m.query(
          `UPDATE maintenance_sessions SET status = 'timed_out', phase = 'done', finished_at = $2, summary = 'the agent stopped reporting in the middle of the session'
           WHERE id = ANY($1::uuid[]) AND status = 'running' RETURNING id`,
          [sessionIds, now],
        )) as [{ id: string }[], number];
      }
      return expired.length + timedOut.length;
    });
  }
}
