export * from './lib/auth';
export * from './lib/audit';
export * from './lib/errors';
export * from './lib/health';
export * from './lib/integrations';
export * from './lib/tenants';
