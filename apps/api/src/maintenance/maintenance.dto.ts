import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { SESSION_STATUSES, type SessionStatus, type StartSessionsRequest } from '@entitle/domain';
import { IsOptionalNonNull } from '../common/validation';

export class StartSessionsDto implements StartSessionsRequest {
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) computerId?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) tenantId?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) deploymentId?: string;
}

export class SessionsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) computerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) tenantId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) deploymentId?: string;
  @ApiPropertyOptional({ enum: SESSION_STATUSES }) @IsOptional() @IsIn(SESSION_STATUSES, { message: `must be one of ${SESSION_STATUSES.join(', ')}` }) status?: SessionStatus;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
