import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNonNull } from '../common/validation';
import {
  PLATFORMS, SLUG_PATTERN,
  type CreateSoftwareRequest, type CreateSoftwareVersionRequest, type Platform, type UpdateSoftwareRequest, type UpdateSoftwareVersionRequest,
} from '@entitle/domain';

const SCRIPT_MAX = 256 * 1024;
const SLUG_MESSAGE = 'must be lower-case letters, digits and dashes, starting with a letter or digit (at most 63)';
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;
const VERSION_MESSAGE = 'must be a version such as 1.2.3 (letters, digits, dots, dashes; at most 64)';

export class CreateSoftwareDto implements CreateSoftwareRequest {
  @ApiProperty({ example: 'SentinelOne' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ example: 'sentinelone' }) @IsString() @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE }) slug!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) vendor?: string | null;
  @ApiProperty({ enum: PLATFORMS }) @IsIn(PLATFORMS, { message: `must be one of ${PLATFORMS.join(', ')}` }) platform!: Platform;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

export class UpdateSoftwareDto implements UpdateSoftwareRequest {
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE }) slug?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) vendor?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

export class CreateSoftwareVersionDto implements CreateSoftwareVersionRequest {
  @ApiProperty({ example: '1.2.3' }) @IsString() @Matches(VERSION_PATTERN, { message: VERSION_MESSAGE }) version!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(SCRIPT_MAX) installScript!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(SCRIPT_MAX) uninstallScript!: string;
  @ApiProperty({ description: 'prints the installed version, or nothing when absent' }) @IsString() @IsNotEmpty() @MaxLength(SCRIPT_MAX) detectionScript!: string;
  @ApiPropertyOptional({ nullable: true, minimum: 5, maximum: 86400 })
  @IsOptional() @IsInt() @Min(5) @Max(86400) timeoutSeconds?: number | null;
}

export class UpdateSoftwareVersionDto implements UpdateSoftwareVersionRequest {
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @Matches(VERSION_PATTERN, { message: VERSION_MESSAGE }) version?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(SCRIPT_MAX) installScript?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(SCRIPT_MAX) uninstallScript?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(SCRIPT_MAX) detectionScript?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(5) @Max(86400) timeoutSeconds?: number | null;
}
