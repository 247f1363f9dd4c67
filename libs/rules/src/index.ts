export * from './input';
export { createResolver, reconcile, resolve, Resolver } from './resolver';
export type { ClientData, Reason, ReconciliationRow, Resolution, ResolvedEntry } from './resolver';
export { diffResolutions } from './diff';
export type { CoverageChange, DeploymentDiff, ResolutionDiff } from './diff';
export { contractNotCounting, lineNotCounting, normaliseContractType } from './coverage';
export { parseHaloDay } from './dates';
export type { NotCounting } from './coverage';
