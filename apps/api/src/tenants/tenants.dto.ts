import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}
