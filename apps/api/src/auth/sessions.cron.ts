import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClusterLock } from '../database/cluster-lock.service';
import { SessionEntity } from './session.entity';

@Injectable()
export class SessionsCron {
  private readonly logger = new Logger(SessionsCron.name);

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly lock: ClusterLock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'sessions.purge' })
  async purgeExpired(): Promise<void> {
    if (!this.config.cronEnabled) return;
    await this.lock.runExclusive('sessions.purge', async () => {
      const { affected } = await this.sessions.delete({ expiresAt: LessThan(new Date()) });
      if (affected) this.logger.log(`removed ${affected} expired sessions`);
    });
  }
}
