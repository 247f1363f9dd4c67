import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppExceptionFilter } from './common/app-exception.filter';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { dataSourceOptions } from './database/data-source';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { IntegrationsModule } from './integrations/integrations.module';
import { TenantsModule } from './tenants/tenants.module';
import { UsersModule } from './users/users.module';
import { AgentModule } from './agent/agent.module';
import { ComputersModule } from './computers/computers.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { SoftwareModule } from './software/software.module';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            transport: config.logPretty ? { target: 'pino-pretty' } : undefined,
            // Cookies, tokens and Halo secrets never reach a log line.
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.clientSecret', '*.client_secret', '*.token'],
              censor: '[redacted]',
            },
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const incoming = req.headers['x-request-id'];
              const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/v1/health' },
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
            },
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), migrationsRun: false }),
        ScheduleModule.forRoot(),
        DatabaseModule,
        UsersModule,
        AuthModule,
        AuditModule,
        IntegrationsModule,
        TenantsModule,
        SoftwareModule,
        DeploymentsModule,
        ComputersModule,
        MaintenanceModule,
        AgentModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: APP_FILTER, useClass: AppExceptionFilter }],
      exports: [APP_CONFIG],
    };
  }
}
