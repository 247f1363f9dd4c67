import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { SoftwareSummary } from '@entitle/domain';
import { AuditAction, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import { CreateSoftwareDto, CreateSoftwareVersionDto, UpdateSoftwareDto, UpdateSoftwareVersionDto } from './software.dto';
import { SoftwareService } from './software.service';

/** The software library. Everyone signed in reads; only admins change it. */
@ApiTags('software')
@ApiCookieAuth()
@Controller('software')
export class SoftwareController {
  constructor(private readonly software: SoftwareService) {}

  @Get()
  list(): Promise<SoftwareSummary[]> {
    return this.software.list();
  }

  @Post()
  @Roles('admin')
  @AuditAction('software.create')
  create(@Body() dto: CreateSoftwareDto): Promise<SoftwareSummary> {
    return this.software.create(dto);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<SoftwareSummary> {
    return this.software.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @AuditAction('software.update')
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateSoftwareDto): Promise<SoftwareSummary> {
    return this.software.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @AuditAction('software.delete')
  remove(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.software.remove(id);
  }

  @Post(':id/versions')
  @Roles('admin')
  @AuditAction('software.version.create')
  addVersion(@Param('id', uuidParam()) id: string, @Body() dto: CreateSoftwareVersionDto): Promise<SoftwareSummary> {
    return this.software.addVersion(id, dto);
  }

  @Patch(':id/versions/:versionId')
  @Roles('admin')
  @AuditAction('software.version.update')
  updateVersion(@Param('id', uuidParam()) id: string, @Param('versionId', uuidParam('versionId')) versionId: string, @Body() dto: UpdateSoftwareVersionDto): Promise<SoftwareSummary> {
    return this.software.updateVersion(id, versionId, dto);
  }

  @Delete(':id/versions/:versionId')
  @Roles('admin')
  @AuditAction('software.version.delete')
  removeVersion(@Param('id', uuidParam()) id: string, @Param('versionId', uuidParam('versionId')) versionId: string): Promise<SoftwareSummary> {
    return this.software.removeVersion(id, versionId);
  }
}
