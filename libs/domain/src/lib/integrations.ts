/** API contracts of the HaloPSA integration links (`/api/v1/integrations`). Dates are ISO strings. */

/** `POST /api/v1/integrations` */
export interface CreateIntegrationRequest {
  name: string;
  /** The Halo address, e.g. `https://acme.halopsa.com`. */
  haloUrl: string;
  /** Authorisation server; absent means discovered from Halo (`/api/authinfo`). */
  authUrl?: string | null;
  /** Hosted Halo tenant; absent means discovered. */
  tenant?: string | null;
  clientId: string;
  /** Write-only: stored encrypted (AES-256-GCM), never returned. */
  clientSecret: string;
  /** Minutes between scheduled syncs (default 15). */
  syncIntervalMinutes?: number;
  enabled?: boolean;
}

/** `PATCH /api/v1/integrations/:id`: every field optional; `clientSecret` replaces the stored one. */
export type UpdateIntegrationRequest = Partial<CreateIntegrationRequest>;

export type PermissionCheckStatus = 'granted' | 'missing' | 'unknown';

/** One Halo API permission the integration needs, with the fix in Halo's words when it is not granted. */
export interface PermissionCheckRow {
  permission: string;
  status: PermissionCheckStatus;
  evidence: string;
  action: string | null;
  neededFor: string;
}

/** `POST /api/v1/integrations/:id/health-check`; the last one is kept as the link's `health`. */
export interface IntegrationHealth {
  checkedAt: string;
  /** true when Entitle obtained a token and Halo answered. */
  connected: boolean;
  /** every required permission granted. */
  ok: boolean;
  /** Halo error code when the connection failed (`invalid_credentials`, `unavailable`, ...). */
  errorCode: string | null;
  error: string | null;
  permissions: PermissionCheckRow[];
  requestsUsed: number;
}

export interface IntegrationSummary {
  id: string;
  name: string;
  haloUrl: string;
  authUrl: string | null;
  tenant: string | null;
  clientId: string;
  /** The secret itself is never returned. */
  clientSecretSet: boolean;
  syncIntervalMinutes: number;
  enabled: boolean;
  health: IntegrationHealth | null;
  lastSync: SyncRun | null;
  createdAt: string;
  updatedAt: string;
}

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'failed', 'held', 'approved', 'discarded', 'abandoned'] as const;
/**
 * `held`: the sync would drop more than the configured share of contracts or recurring lines; the fetched data waits
 * for an admin to approve (becomes `approved`, in force) or discard it. `abandoned`: the process running it died.
 */
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];
export type SyncTrigger = 'manual' | 'schedule';

export interface SyncCounts {
  clients: number;
  sites: number;
  users: number;
  contracts: number;
  recurringInvoices: number;
  recurringLines: number;
  items: number;
}

/** Why a sync was held: what the last good snapshot had and how many of those the new data lacks. */
export interface SyncDrop {
  contracts: { before: number; dropped: number; share: number };
  recurringLines: { before: number; dropped: number; share: number };
  threshold: number;
}

/** `GET /api/v1/integrations/:id/sync-runs` (newest first) */
export interface SyncRun {
  id: string;
  integrationId: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: SyncCounts | null;
  /** HTTP requests sent to Halo by this run (token and retries included). */
  haloRequests: number | null;
  /** How contracts and lines were read: one Reporting API query, or the REST lists. */
  source: 'report' | 'rest' | null;
  error: string | null;
  drop: SyncDrop | null;
  /** Who approved or discarded a held run, and when. */
  decidedAt: string | null;
  decidedBy: string | null;
}

/** `POST /api/v1/integrations/:id/sync?wait=true` waits for the run to end; without it the run is answered at once (202). */
export interface StartSyncResponse {
  run: SyncRun;
}

/** `GET /api/v1/integrations/:id/contract-types` */
export interface ContractTypeEntry {
  name: string;
  /** Contracts of this type in force today (active, not expired, started, not ended). */
  contractsInForce: number;
  /** Distinct clients with a contract of this type in force. */
  clients: number;
  contractsTotal: number;
}

/** `GET /api/v1/integrations/:id/recurring-items`: items billed on recurring invoices. */
export interface RecurringItemEntry {
  itemId: number;
  name: string;
  code: string | null;
  /** Distinct clients with the item on a line in force (line active, invoice enabled, dates covering today). */
  clients: number;
  /** Sum of `qty_order` over lines in force. */
  totalQuantity: number;
  lines: number;
}

/** `GET /api/v1/integrations/:id/clients`: a Halo client of the last good snapshot and its tenant. */
export interface HaloClientEntry {
  haloClientId: number;
  name: string;
  inactive: boolean;
  /** The client was in an earlier sync but not in the last one: kept and flagged, never deleted. */
  missingFromHalo: boolean;
  tenant: { id: string; name: string } | null;
}

/** `PUT /api/v1/integrations/:id/clients/:haloClientId/tenant` */
export interface MapClientRequest {
  tenantId: string;
}

/** `POST /api/v1/integrations/:id/clients/create-tenants`: one tenant per selected unmapped client, named after it. */
export interface CreateTenantsForClientsRequest {
  haloClientIds: number[];
}

export interface BulkMappingResult {
  applied: { haloClientId: number; tenantId: string; tenantName: string }[];
  skipped: { haloClientId: number; reason: string }[];
}

export type AutoMapMatch = 'exact' | 'normalised';

/** `GET /api/v1/integrations/:id/auto-map`: proposals between unmapped clients and unmapped tenants; nothing is applied. */
export interface AutoMapProposal {
  suggestions: { haloClientId: number; clientName: string; tenantId: string; tenantName: string; match: AutoMapMatch }[];
  /** More than one candidate on either side: never proposed, listed so an admin maps them by hand. */
  ambiguous: { haloClientId: number; clientName: string; tenantIds: string[]; match: AutoMapMatch }[];
}

/** `POST /api/v1/integrations/:id/auto-map`: confirms chosen suggestions; never overwrites an existing mapping. */
export interface ConfirmAutoMapRequest {
  mappings: { haloClientId: number; tenantId: string }[];
}
