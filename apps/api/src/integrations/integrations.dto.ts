import { IsOptionalNonNull } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { ConfirmAutoMapRequest, CreateIntegrationRequest, CreateTenantsForClientsRequest, MapClientRequest, UpdateIntegrationRequest } from '@entitle/domain';

// Self-hosted Halo instances and the simulator live on plain hostnames and ports, so no TLD is required.
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const URL_MESSAGE = { message: 'must be an http(s) URL such as https://acme.halopsa.com' };

export class CreateIntegrationDto implements CreateIntegrationRequest {
  @ApiProperty({ example: 'Acme Halo' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'https://acme.halopsa.com' })
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(500)
  haloUrl!: string;

  @ApiPropertyOptional({ nullable: true, description: 'discovered from Halo when absent' })
  @IsOptional()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(500)
  authUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'hosted Halo tenant; discovered when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  tenant?: string | null;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientId!: string;

  @ApiProperty({ writeOnly: true, description: 'stored encrypted; never returned' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  clientSecret!: string;

  @ApiPropertyOptional({ default: 15, minimum: 5, maximum: 1440 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(1440)
  syncIntervalMinutes?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateIntegrationDto implements UpdateIntegrationRequest {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(500)
  haloUrl?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(500)
  authUrl?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  tenant?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientId?: string;

  @ApiPropertyOptional({ writeOnly: true, description: 'replaces the stored secret' })
  @IsOptionalNonNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  clientSecret?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 1440 })
  @IsOptionalNonNull()
  @IsInt()
  @Min(5)
  @Max(1440)
  syncIntervalMinutes?: number;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  enabled?: boolean;
}

export class SyncQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'answer when the run has ended (201) instead of at once (202)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  wait?: 'true' | 'false';
}

export class SyncRunsQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer from 1 to 500' })
  @Min(1, { message: 'must be an integer from 1 to 500' })
  @Max(500, { message: 'must be an integer from 1 to 500' })
  limit?: number;
}

export class MapClientDto implements MapClientRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  tenantId!: string;
}

export class CreateTenantsForClientsDto implements CreateTenantsForClientsRequest {
  @ApiProperty({ type: [Number], minItems: 1, maxItems: 5000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsInt({ each: true, message: 'must hold integer Halo client ids' })
  haloClientIds!: number[];
}

export class AutoMapPairDto {
  @ApiProperty()
  @IsInt()
  haloClientId!: number;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  tenantId!: string;
}

export class ConfirmAutoMapDto implements ConfirmAutoMapRequest {
  @ApiProperty({ type: [AutoMapPairDto], minItems: 1, maxItems: 5000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => AutoMapPairDto)
  mappings!: AutoMapPairDto[];
}
