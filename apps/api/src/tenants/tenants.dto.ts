import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalNonNull } from '../common/validation';
import type { CreateTenantRequest, UpdateTenantRequest } from '@entitle/domain';

export class CreateTenantDto implements CreateTenantRequest {
  @ApiProperty({ example: 'Contoso Ltd' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class UpdateTenantDto implements UpdateTenantRequest {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, example: '0 2 * * *', description: 'cron, five fields, UTC; null: maintenance only by hand' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  maintenanceSchedule?: string | null;
}
