import { Module } from '@nestjs/common';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { ResolutionService } from './resolution.service';

@Module({
  controllers: [DeploymentsController],
  providers: [DeploymentsService, ResolutionService],
  exports: [DeploymentsService, ResolutionService],
})
export class DeploymentsModule {}
