import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@entitle.local' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  password!: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'billing export script' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ description: 'ISO date; absent means the token never expires' })
  @IsOptional()
  @IsDateString({}, { message: 'must be an ISO date such as 2027-01-31' })
  expiresAt?: string;
}
