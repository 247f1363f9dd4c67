import { Module } from '@nestjs/common';
import { MaintenanceModule } from '../maintenance/maintenance.module';
import { AgentController } from './agent.controller';
import { AgentGuard } from './agent.guard';
import { AgentService } from './agent.service';

@Module({
  imports: [MaintenanceModule],
  controllers: [AgentController],
  providers: [AgentService, AgentGuard],
})
export class AgentModule {}
