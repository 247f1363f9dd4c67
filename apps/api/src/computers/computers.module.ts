import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { ComputersController } from './computers.controller';
import { ComputersService } from './computers.service';
import { EnrollmentKeysController } from './enrollment-keys.controller';
import { EnrollmentKeysService } from './enrollment-keys.service';

@Module({
  imports: [DeploymentsModule],
  controllers: [ComputersController, EnrollmentKeysController],
  providers: [ComputersService, EnrollmentKeysService],
})
export class ComputersModule {}
