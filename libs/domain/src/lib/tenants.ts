/** Tenants are Entitle's customers; each may be mapped to one Halo client of one integration link. */
export interface TenantSummary {
  id: string;
  name: string;
  /** null when not mapped. */
  mapping: { integrationId: string; haloClientId: number } | null;
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
}
