export { HaloClient } from './lib/halo-client';
export type { HaloClientOptions, HaloLogger, HaloRequestEvent, ListOptions, ReportCell, ReportResult, RequestOptions } from './lib/halo-client';
export { HaloError, HaloErrorCode } from './lib/halo-error';
export type {
  HaloAsset,
  HaloAssetField,
  HaloAssetInput,
  HaloAssetType,
  HaloClientRecord,
  HaloContract,
  HaloInvoiceLine,
  HaloItem,
  HaloRecurringInvoice,
  HaloSite,
  HaloTicket,
  HaloTicketAsset,
  HaloUser,
} from './lib/halo-types';
export { CONTRACTS_WITH_LINES_SQL } from './lib/contracts-with-lines';
export type { ContractsWithLinesResult, HaloContractInvoice, HaloContractLine, HaloContractWithLines } from './lib/contracts-with-lines';
export { REQUIRED_PERMISSIONS } from './lib/permissions';
export type { PermissionRow, PermissionStatus } from './lib/permissions';
export { normaliseBaseUrl, resetSharedLimiters, RATE_WINDOW_MS } from './lib/rate-limiter';
export type { Clock, Sleep } from './lib/rate-limiter';
