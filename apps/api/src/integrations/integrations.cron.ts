import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClusterLock } from '../database/cluster-lock.service';
import { HaloSyncService } from './halo-sync.service';

/** Scheduled syncs: every minute, once per cluster, start the enabled links whose interval has elapsed. */
@Injectable()
export class IntegrationsCron {
  private readonly logger = new Logger(IntegrationsCron.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sync: HaloSyncService,
    private readonly lock: ClusterLock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'integrations.sync' })
  async tick(): Promise<void> {
    if (!this.config.cronEnabled) return;
    await this.lock.runExclusive('integrations.sync', async () => {
      await this.syncDue();
    });
  }

  /** Runs the due syncs one after another and returns how many ran. */
  async syncDue(now = new Date()): Promise<number> {
    const due = (await this.db.query(
      `SELECT i.id FROM integrations i
       WHERE i.enabled AND NOT EXISTS (
         SELECT 1 FROM sync_runs r WHERE r.integration_id = i.id AND r.started_at > $1::timestamptz - make_interval(mins => i.sync_interval_minutes))
       ORDER BY i.created_at`,
      [now.toISOString()],
    )) as { id: string }[];
    let ran = 0;
    for (const { id } of due) {
      try {
        await (await this.sync.start(id, 'schedule')).done;
        ran++;
      } catch (err) {
        // A manual sync of that link is running: it counts as this interval's sync.
        if (!(err instanceof AppException)) this.logger.error({ err, integrationId: id }, 'could not start the scheduled sync');
      }
    }
    return ran;
  }
}
