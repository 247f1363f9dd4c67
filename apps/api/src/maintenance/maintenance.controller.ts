import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { SessionDetail, SessionPage, SessionUser, StartSessionsResponse } from '@entitle/domain';
import { AuditAction, CurrentUser, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import { SessionsQueryDto, StartSessionsDto } from './maintenance.dto';
import { SessionsService } from './sessions.service';

/** Maintenance sessions. Admins and technicians start, follow and cancel them. */
@ApiTags('maintenance-sessions')
@ApiCookieAuth()
@Controller('maintenance-sessions')
export class MaintenanceController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  list(@Query() query: SessionsQueryDto): Promise<SessionPage> {
    return this.sessions.list(query);
  }

  @Post()
  @Roles('admin', 'technician')
  @AuditAction('maintenance.start')
  start(@Body() dto: StartSessionsDto, @CurrentUser() me: SessionUser): Promise<StartSessionsResponse> {
    return this.sessions.start(dto, me.email);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<SessionDetail> {
    return this.sessions.get(id);
  }

  @Post(':id/cancel')
  @Roles('admin', 'technician')
  @HttpCode(200)
  @AuditAction('maintenance.cancel')
  cancel(@Param('id', uuidParam()) id: string, @CurrentUser() me: SessionUser): Promise<SessionDetail> {
    return this.sessions.cancel(id, me.email);
  }
}
