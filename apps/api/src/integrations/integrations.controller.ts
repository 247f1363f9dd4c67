import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  AutoMapProposal, BulkMappingResult, ContractTypeEntry, HaloClientEntry, IntegrationHealth, IntegrationSummary, RecurringItemEntry, SessionUser, StartSyncResponse, SyncRun,
} from '@entitle/domain';
import { AppException } from '../common/app.exception';
import { AuditAction, CurrentUser, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import { CatalogsService } from './catalogs.service';
import { HaloSyncService } from './halo-sync.service';
import { ConfirmAutoMapDto, CreateIntegrationDto, CreateTenantsForClientsDto, MapClientDto, SyncQueryDto, SyncRunsQueryDto, UpdateIntegrationDto } from './integrations.dto';
import { IntegrationsService } from './integrations.service';
import { MappingService } from './mapping.service';

/** An integer path parameter whose 400 names it. */
function intParam(name: string): ParseIntPipe {
  return new ParseIntPipe({ exceptionFactory: () => AppException.validation([{ field: name, message: 'must be an integer' }]) });
}

/** HaloPSA integration links. Everyone signed in reads; only admins change anything. */
@ApiTags('integrations')
@ApiCookieAuth()
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly sync: HaloSyncService,
    private readonly catalogs: CatalogsService,
    private readonly mapping: MappingService,
  ) {}

  @Get()
  list(): Promise<IntegrationSummary[]> {
    return this.integrations.list();
  }

  @Post()
  @Roles('admin')
  @AuditAction('integration.create')
  create(@Body() dto: CreateIntegrationDto): Promise<IntegrationSummary> {
    return this.integrations.create(dto);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<IntegrationSummary> {
    return this.integrations.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @AuditAction('integration.update')
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateIntegrationDto): Promise<IntegrationSummary> {
    return this.integrations.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @AuditAction('integration.delete')
  remove(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.integrations.remove(id);
  }

  @Post(':id/health-check')
  @Roles('admin')
  @HttpCode(200)
  @AuditAction('integration.health-check')
  healthCheck(@Param('id', uuidParam()) id: string): Promise<IntegrationHealth> {
    return this.integrations.healthCheck(id);
  }

  /** 202 with the run as it starts; with `?wait=true`, 200 with the run once it has ended. 409 while one is running. */
  @Post(':id/sync')
  @Roles('admin')
  @AuditAction('integration.sync')
  async startSync(@Param('id', uuidParam()) id: string, @Query() query: SyncQueryDto, @Res({ passthrough: true }) res: Response): Promise<StartSyncResponse> {
    const started = await this.sync.start(id, 'manual');
    if (query.wait === 'true') {
      res.status(200);
      return { run: await started.done };
    }
    res.status(202);
    return { run: started.run };
  }

  @Get(':id/sync-runs')
  runs(@Param('id', uuidParam()) id: string, @Query() query: SyncRunsQueryDto): Promise<SyncRun[]> {
    return this.sync.runs(id, query.limit ?? 50);
  }

  @Get(':id/sync-runs/:runId')
  run(@Param('id', uuidParam()) id: string, @Param('runId', uuidParam('runId')) runId: string): Promise<SyncRun> {
    return this.sync.run(id, runId);
  }

  @Post(':id/sync-runs/:runId/approve')
  @Roles('admin')
  @HttpCode(200)
  @AuditAction('integration.sync.approve')
  approve(@Param('id', uuidParam()) id: string, @Param('runId', uuidParam('runId')) runId: string, @CurrentUser() me: SessionUser): Promise<SyncRun> {
    return this.sync.approve(id, runId, me.email);
  }

  @Post(':id/sync-runs/:runId/discard')
  @Roles('admin')
  @HttpCode(200)
  @AuditAction('integration.sync.discard')
  discard(@Param('id', uuidParam()) id: string, @Param('runId', uuidParam('runId')) runId: string, @CurrentUser() me: SessionUser): Promise<SyncRun> {
    return this.sync.discard(id, runId, me.email);
  }

  @Get(':id/contract-types')
  contractTypes(@Param('id', uuidParam()) id: string): Promise<ContractTypeEntry[]> {
    return this.catalogs.contractTypes(id);
  }

  @Get(':id/recurring-items')
  recurringItems(@Param('id', uuidParam()) id: string): Promise<RecurringItemEntry[]> {
    return this.catalogs.recurringItems(id);
  }

  @Get(':id/clients')
  clients(@Param('id', uuidParam()) id: string): Promise<HaloClientEntry[]> {
    return this.mapping.clients(id);
  }

  @Put(':id/clients/:haloClientId/tenant')
  @Roles('admin')
  @AuditAction('integration.client.map')
  map(@Param('id', uuidParam()) id: string, @Param('haloClientId', intParam('haloClientId')) haloClientId: number, @Body() dto: MapClientDto): Promise<HaloClientEntry> {
    return this.mapping.map(id, haloClientId, dto.tenantId);
  }

  @Delete(':id/clients/:haloClientId/tenant')
  @Roles('admin')
  @AuditAction('integration.client.unmap')
  unmap(@Param('id', uuidParam()) id: string, @Param('haloClientId', intParam('haloClientId')) haloClientId: number): Promise<HaloClientEntry> {
    return this.mapping.unmap(id, haloClientId);
  }

  @Post(':id/clients/create-tenants')
  @Roles('admin')
  @HttpCode(200)
  @AuditAction('integration.client.create-tenants')
  createTenants(@Param('id', uuidParam()) id: string, @Body() dto: CreateTenantsForClientsDto): Promise<BulkMappingResult> {
    return this.mapping.createTenants(id, dto.haloClientIds);
  }

  @Get(':id/auto-map')
  autoMap(@Param('id', uuidParam()) id: string): Promise<AutoMapProposal> {
    return this.mapping.proposals(id);
  }

  @Post(':id/auto-map')
  @Roles('admin')
  @HttpCode(200)
  @AuditAction('integration.client.auto-map')
  confirmAutoMap(@Param('id', uuidParam()) id: string, @Body() dto: ConfirmAutoMapDto): Promise<BulkMappingResult> {
    return this.mapping.confirm(id, dto.mappings);
  }
}
