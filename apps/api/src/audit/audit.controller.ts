import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { AuditPage } from '@entitle/domain';
import { Roles } from '../common/decorators';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiCookieAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() q: AuditQueryDto): Promise<AuditPage> {
    return this.audit.list({ limit: q.limit ?? 50, before: q.before, action: q.action, actorId: q.actor });
  }
}
