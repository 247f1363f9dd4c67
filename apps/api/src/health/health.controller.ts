import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { HealthResponse } from '@entitle/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../common/decorators';

const started = Date.now();

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Liveness and database readiness: 200 when the database answers, 503 when it does not (for load balancers). */
  @Public()
  @Get()
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const t0 = performance.now();
    let database: HealthResponse['database'];
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref()),
      ]);
      database = { status: 'up', latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
    } catch (err) {
      database = { status: 'down', latencyMs: null, error: err instanceof Error ? err.message : String(err) };
    }
    const status = database.status === 'up' ? 'ok' : 'degraded';
    if (status !== 'ok') res.status(503);
    return { status, version: this.config.version, uptimeSeconds: Math.round((Date.now() - started) / 1000), database };
  }
}
