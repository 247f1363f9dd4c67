import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import type { AgentCheckInResponse, AgentEnrollResponse } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { AuditAction, Public } from '../common/decorators';
import type { AppRequest } from '../common/request-context';
import { AgentCheckInDto, AgentEnrollDto } from '../computers/computers.dto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SessionEngine } from '../maintenance/session-engine.service';
import { AgentGuard } from './agent.guard';
import { AgentService } from './agent.service';
import { must } from '../common/must';

/** What endpoint agents call: enrollment (with an enrollment key), check-in (with their credential), and the download. */
@ApiTags('agent')
@Controller('agent')
export class AgentController {
  constructor(
    private readonly agents: AgentService,
    private readonly engine: SessionEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('enroll')
  @Public()
  @AuditAction('agent.enroll')
  async enroll(@Body() dto: AgentEnrollDto, @Req() req: AppRequest): Promise<AgentEnrollResponse> {
    const result = await this.agents.enroll(dto);
    req.audit = { ...req.audit, details: { computerId: result.computerId, hostname: dto.hostname, tenantId: result.tenant.id, reenrolled: result.reenrolled } };
    return result;
  }

  @Post('check-in')
  @Public()
  @UseGuards(AgentGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  checkIn(@Body() dto: AgentCheckInDto, @Req() req: AppRequest): Promise<AgentCheckInResponse> {
    return this.engine.checkIn(must(req.agentComputer, 'the agent AgentGuard identified'), dto);
  }

  /** The agent as one JavaScript file for Node.js 20+ (`node entitle-agent.js enroll ...`). */
  @Get('download')
  @Public()
  download(@Res() res: Response): void {
    const file = this.config.agentBundle;
    if (!file || !existsSync(file)) throw new AppException(ErrorCode.NotFound, 'the agent bundle is not built on this server (npx nx build agent, then set ENTITLE_AGENT_BUNDLE)');
    res.setHeader('Content-Disposition', 'attachment; filename="entitle-agent.js"');
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/javascript').sendFile(file);
  }
}
