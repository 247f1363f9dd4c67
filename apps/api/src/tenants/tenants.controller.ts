import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { TenantSummary } from '@entitle/domain';
import { AuditAction, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import { CreateTenantDto, UpdateTenantDto } from './tenants.dto';
import { TenantsService } from './tenants.service';

/** Entitle's customers. Mapping to Halo clients lives under `/integrations/:id/clients`. */
@ApiTags('tenants')
@ApiCookieAuth()
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  list(): Promise<TenantSummary[]> {
    return this.tenants.list();
  }

  @Post()
  @Roles('admin')
  @AuditAction('tenant.create')
  create(@Body() dto: CreateTenantDto): Promise<TenantSummary> {
    return this.tenants.create(dto);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<TenantSummary> {
    return this.tenants.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @AuditAction('tenant.update')
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateTenantDto): Promise<TenantSummary> {
    return this.tenants.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @AuditAction('tenant.delete')
  remove(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.tenants.remove(id);
  }
}
