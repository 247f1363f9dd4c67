import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { DeploymentPreview, DeploymentSummary, SessionUser } from '@entitle/domain';
import { AuditAction, CurrentUser, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import { CreateDeploymentDto, PreviewDeploymentDto, PreviewQueryDto, UpdateDeploymentDto } from './deployments.dto';
import { DeploymentsService } from './deployments.service';

/** Deployments. Everyone signed in reads and previews; only admins change them. Saving one changes no computer. */
@ApiTags('deployments')
@ApiCookieAuth()
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  list(): Promise<DeploymentSummary[]> {
    return this.deployments.list();
  }

  @Post()
  @Roles('admin')
  @AuditAction('deployment.create')
  create(@Body() dto: CreateDeploymentDto, @CurrentUser() me: SessionUser): Promise<DeploymentSummary> {
    return this.deployments.create(dto, me.email);
  }

  /** Resolution of an unsaved draft over the stored snapshot; changes nothing (not audited). */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() dto: PreviewDeploymentDto, @Query() query: PreviewQueryDto): Promise<DeploymentPreview> {
    return this.deployments.previewDraft(dto, query.limit);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<DeploymentSummary> {
    return this.deployments.get(id);
  }

  @Get(':id/preview')
  previewSaved(@Param('id', uuidParam()) id: string, @Query() query: PreviewQueryDto): Promise<DeploymentPreview> {
    return this.deployments.previewSaved(id, query.limit);
  }

  @Patch(':id')
  @Roles('admin')
  @AuditAction('deployment.update')
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateDeploymentDto): Promise<DeploymentSummary> {
    return this.deployments.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @AuditAction('deployment.delete')
  remove(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.deployments.remove(id);
  }
}
