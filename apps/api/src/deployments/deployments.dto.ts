import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import {
  COMPUTER_KINDS, DEPLOYMENT_ACTIONS, ENFORCEMENTS, TARGET_KINDS,
  type ComputerKind, type DeploymentAction, type DeploymentTargetKind, type Enforcement,
} from '@entitle/domain';
import { IsOptionalNonNull } from '../common/validation';

const oneOf = (list: readonly string[]) => ({ message: `must be one of ${list.join(', ')}` });

/**
 * A target as it arrives: the kind plus the fields that kind takes. Which fields a kind needs (and that it takes no
 * others) is checked by DeploymentsService, which names the field (`target.tenantId: required for a tenant target`).
 */
export class TargetDto {
  @ApiProperty({ enum: TARGET_KINDS }) @IsIn(TARGET_KINDS, oneOf(TARGET_KINDS)) kind!: DeploymentTargetKind;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) tenantId?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) computerId?: string;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) integrationId?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNonNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(200, { each: true })
  contractTypes?: string[];
  @ApiPropertyOptional({ type: [Number] })
  @IsOptionalNonNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsInt({ each: true })
  itemIds?: number[];
}

export class CreateDeploymentDto {
  @ApiProperty() @IsUUID('all', { message: 'must be a UUID' }) softwareId!: string;
  @ApiProperty({ enum: DEPLOYMENT_ACTIONS }) @IsIn(DEPLOYMENT_ACTIONS, oneOf(DEPLOYMENT_ACTIONS)) action!: DeploymentAction;
  @ApiPropertyOptional({ nullable: true, example: 'latest' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) version?: string | null;
  @ApiProperty({ enum: ENFORCEMENTS }) @IsIn(ENFORCEMENTS, oneOf(ENFORCEMENTS)) enforcement!: Enforcement;
  @ApiPropertyOptional({ default: 100 }) @IsOptionalNonNull() @IsInt() @Min(-1_000_000) @Max(1_000_000) priority?: number;
  @ApiPropertyOptional({ enum: COMPUTER_KINDS, isArray: true, nullable: true })
  @IsOptional() @IsArray() @ArrayMinSize(1, { message: 'must list at least one kind, or be null for every kind' }) @IsIn(COMPUTER_KINDS, { each: true, ...oneOf(COMPUTER_KINDS) })
  computerKinds?: ComputerKind[] | null;
  @ApiProperty({ type: TargetDto }) @IsObject() @ValidateNested() @Type(() => TargetDto) target!: TargetDto;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

export class UpdateDeploymentDto {
  @ApiPropertyOptional() @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) softwareId?: string;
  @ApiPropertyOptional({ enum: DEPLOYMENT_ACTIONS }) @IsOptionalNonNull() @IsIn(DEPLOYMENT_ACTIONS, oneOf(DEPLOYMENT_ACTIONS)) action?: DeploymentAction;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) version?: string | null;
  @ApiPropertyOptional({ enum: ENFORCEMENTS }) @IsOptionalNonNull() @IsIn(ENFORCEMENTS, oneOf(ENFORCEMENTS)) enforcement?: Enforcement;
  @ApiPropertyOptional() @IsOptionalNonNull() @IsInt() @Min(-1_000_000) @Max(1_000_000) priority?: number;
  @ApiPropertyOptional({ enum: COMPUTER_KINDS, isArray: true, nullable: true })
  @IsOptional() @IsArray() @ArrayMinSize(1, { message: 'must list at least one kind, or be null for every kind' }) @IsIn(COMPUTER_KINDS, { each: true, ...oneOf(COMPUTER_KINDS) })
  computerKinds?: ComputerKind[] | null;
  @ApiPropertyOptional({ type: TargetDto }) @IsOptionalNonNull() @IsObject() @ValidateNested() @Type(() => TargetDto) target?: TargetDto;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

export class PreviewDeploymentDto extends CreateDeploymentDto {
  @ApiPropertyOptional({ description: 'the saved deployment this draft stands in for (editing)' })
  @IsOptionalNonNull() @IsUUID('all', { message: 'must be a UUID' }) id?: string;
}

export class PreviewQueryDto {
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(5000) limit?: number;
}
