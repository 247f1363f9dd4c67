/** Tenants are Entitle's customers; each may be mapped to one Halo client of one integration link. */
export interface TenantSummary {
  id: string;
  name: string;
  /** null when not mapped. */
  mapping: { integrationId: string; haloClientId: number } | null;
  /**
   * When maintenance runs for every computer of the tenant: a cron expression of five fields in UTC
   * (`0 2 * * *`: every day at 02:00 UTC); null: only by hand.
   */
  maintenanceSchedule: string | null;
  nextMaintenanceAt: string | null;
  computerCount: number;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/tenants` */
export interface CreateTenantRequest {
  name: string;
}

/** `PATCH /api/v1/tenants/:id` */
export interface UpdateTenantRequest {
  name?: string;
  maintenanceSchedule?: string | null;
}
