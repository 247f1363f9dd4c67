import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import {
  AGENT_RESULT_STATUSES, COMPUTER_KINDS, PLATFORMS,
  type AgentActionResult, type AgentCheckInRequest, type AgentEnrollRequest, type AgentResultStatus, type ComputerKind, type CreateEnrollmentKeyRequest,
  type Platform, type UpdateComputerRequest,
} from '@entitle/domain';
import { IsOptionalNonNull } from '../common/validation';

const oneOf = (list: readonly string[]) => ({ message: `must be one of ${list.join(', ')}` });

export class ComputersQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) tenantId?: string;
  @ApiPropertyOptional({ enum: COMPUTER_KINDS }) @IsOptional() @IsIn(COMPUTER_KINDS, oneOf(COMPUTER_KINDS)) kind?: ComputerKind;
  @ApiPropertyOptional({ enum: PLATFORMS }) @IsOptional() @IsIn(PLATFORMS, oneOf(PLATFORMS)) platform?: Platform;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) online?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() haloSiteId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) search?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class UpdateComputerDto implements UpdateComputerRequest {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) haloSiteId?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(320) primaryUserEmail?: string | null;
  @ApiPropertyOptional({ enum: COMPUTER_KINDS }) @IsOptionalNonNull() @IsIn(COMPUTER_KINDS, oneOf(COMPUTER_KINDS)) kind?: ComputerKind;
}

export class CreateEnrollmentKeyDto implements CreateEnrollmentKeyRequest {
  @ApiProperty() @IsUUID('all', { message: 'must be a UUID' }) tenantId!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) name?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateString({}, { message: 'must be an ISO date-time' }) expiresAt?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000) maxUses?: number | null;
}

export class EnrollmentKeysQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) tenantId?: string;
}

const TEXT = 500;

export class AgentEnrollDto implements AgentEnrollRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) key!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(253) hostname!: string;
  @ApiProperty({ enum: PLATFORMS }) @IsIn(PLATFORMS, oneOf(PLATFORMS)) platform!: Platform;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT) osName!: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT) osVersion!: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT) serial!: string | null;
  @ApiProperty() @IsString() @Matches(/^[\x21-\x7e]{4,200}$/, { message: 'must be 4 to 200 printable characters without spaces' }) hardwareId!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT) loggedInUser!: string | null;
  @ApiProperty({ enum: COMPUTER_KINDS }) @IsIn(COMPUTER_KINDS, oneOf(COMPUTER_KINDS)) kind!: ComputerKind;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(64) agentVersion!: string;
}

export class AgentActionResultDto implements AgentActionResult {
  @ApiProperty() @IsUUID('all', { message: 'must be a UUID' }) actionId!: string;
  @ApiProperty({ enum: AGENT_RESULT_STATUSES }) @IsIn(AGENT_RESULT_STATUSES, oneOf(AGENT_RESULT_STATUSES)) status!: AgentResultStatus;
  @ApiProperty({ nullable: true }) @IsOptional() @IsInt() exitCode!: number | null;
  // The agent keeps at most 64 KiB; a little more is allowed for the "left out" line and multi-byte characters.
  @ApiProperty() @IsString() @MaxLength(200_000) output!: string;
  @ApiProperty() @IsBoolean() outputTruncated!: boolean;
  @ApiProperty() @IsDateString({}, { message: 'must be an ISO date-time' }) startedAt!: string;
  @ApiProperty() @IsDateString({}, { message: 'must be an ISO date-time' }) finishedAt!: string;
}

export class AgentCheckInDto implements AgentCheckInRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(64) agentVersion!: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(253) hostname?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT) loggedInUser?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT) osVersion?: string | null;
  @ApiPropertyOptional({ type: [AgentActionResultDto] })
  @IsOptionalNonNull() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AgentActionResultDto)
  results?: AgentActionResultDto[];
}
