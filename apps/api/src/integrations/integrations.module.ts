import { Module } from '@nestjs/common';
import { CatalogsService } from './catalogs.service';
import { HaloSyncService } from './halo-sync.service';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsCron } from './integrations.cron';
import { IntegrationsService } from './integrations.service';
import { MappingService } from './mapping.service';

@Module({
  controllers: [IntegrationsController],
  providers: [IntegrationsService, HaloSyncService, CatalogsService, MappingService, IntegrationsCron],
  exports: [IntegrationsService, HaloSyncService],
})
export class IntegrationsModule {}
