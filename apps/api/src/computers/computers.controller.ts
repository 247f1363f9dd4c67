import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { ComputerPage, ComputerSummary, DesiredState, InventoryEntry } from '@entitle/domain';
import { AuditAction, Roles } from '../common/decorators';
import { uuidParam } from '../common/params';
import { ComputersQueryDto, UpdateComputerDto } from './computers.dto';
import { ComputersService } from './computers.service';

/** Enrolled computers. Everyone signed in reads; only admins change them. */
@ApiTags('computers')
@ApiCookieAuth()
@Controller('computers')
export class ComputersController {
  constructor(private readonly computers: ComputersService) {}

  @Get()
  list(@Query() query: ComputersQueryDto): Promise<ComputerPage> {
    return this.computers.list(query);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<ComputerSummary> {
    return this.computers.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @AuditAction('computer.update')
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateComputerDto): Promise<ComputerSummary> {
    return this.computers.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @AuditAction('computer.delete')
  remove(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.computers.remove(id);
  }

  @Post(':id/revoke-agent')
  @Roles('admin')
  @HttpCode(200)
  @AuditAction('computer.revoke-agent')
  revoke(@Param('id', uuidParam()) id: string): Promise<ComputerSummary> {
    return this.computers.revokeAgent(id);
  }

  @Get(':id/inventory')
  inventory(@Param('id', uuidParam()) id: string): Promise<InventoryEntry[]> {
    return this.computers.inventory(id);
  }

  /** The resolver's answer for this computer, each entry with why it won and what it shadowed. */
  @Get(':id/desired-state')
  desiredState(@Param('id', uuidParam()) id: string): Promise<DesiredState> {
    return this.computers.desiredState(id);
  }

  @Get(':id/halo-sites')
  haloSites(@Param('id', uuidParam()) id: string): Promise<{ id: number; name: string }[]> {
    return this.computers.haloSites(id);
  }
}
