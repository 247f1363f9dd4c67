import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { CreatedEnrollmentKey, EnrollmentKeySummary, SessionUser } from '@entitle/domain';
import { AuditAction, CurrentUser, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import type { AppRequest } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CreateEnrollmentKeyDto, EnrollmentKeysQueryDto } from './computers.dto';
import { EnrollmentKeysService } from './enrollment-keys.service';

/** Enrollment keys: an agent presenting one joins the key's tenant. Admins only. */
@ApiTags('enrollment-keys')
@ApiCookieAuth()
@Roles('admin')
@Controller('enrollment-keys')
export class EnrollmentKeysController {
  constructor(
    private readonly keys: EnrollmentKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  list(@Query() query: EnrollmentKeysQueryDto): Promise<EnrollmentKeySummary[]> {
    return this.keys.list(query.tenantId);
  }

  /** The key is in this answer only. */
  @Post()
  @AuditAction('enrollment-key.create')
  create(@Body() dto: CreateEnrollmentKeyDto, @CurrentUser() me: SessionUser, @Req() req: AppRequest): Promise<CreatedEnrollmentKey> {
    const base = this.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    return this.keys.create(dto, me.email, base);
  }

  @Delete(':id')
  @HttpCode(204)
  @AuditAction('enrollment-key.revoke')
  revoke(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.keys.revoke(id);
  }
}
