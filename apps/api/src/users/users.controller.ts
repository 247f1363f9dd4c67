import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { uuidParam } from '../common/params';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { SessionUser, UserSummary } from '@entitle/domain';
import { AuditAction, CurrentUser, Roles } from '../common/decorators';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiCookieAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserSummary[]> {
    return this.users.list();
  }

  @Post()
  @AuditAction('user.create')
  create(@Body() dto: CreateUserDto): Promise<UserSummary> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @AuditAction('user.update')
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateUserDto, @CurrentUser() me: SessionUser): Promise<UserSummary> {
    return this.users.update(id, dto, me.id);
  }
}
