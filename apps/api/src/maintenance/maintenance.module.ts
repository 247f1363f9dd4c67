import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { MaintenanceController } from './maintenance.controller';
import { MaintenanceCron } from './maintenance.cron';
import { SessionEngine } from './session-engine.service';
import { SessionsService } from './sessions.service';

@Module({
  imports: [DeploymentsModule],
  controllers: [MaintenanceController],
  providers: [SessionsService, SessionEngine, MaintenanceCron],
  exports: [SessionsService, SessionEngine],
})
export class MaintenanceModule {}
