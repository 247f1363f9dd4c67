import { Global, Module } from '@nestjs/common';
import { ClusterLock } from './cluster-lock.service';

@Global()
@Module({ providers: [ClusterLock], exports: [ClusterLock] })
export class DatabaseModule {}
