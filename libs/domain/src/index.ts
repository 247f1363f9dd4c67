export * from './lib/auth';
export * from './lib/audit';
export * from './lib/errors';
export * from './lib/health';
