import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { TenantSummary, UpdateTenantRequest } from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

/** `/api/v1/tenants`: Entitle's customers. Mapping them to Halo clients goes through the integration's clients. */
@Injectable({ providedIn: 'root' })
export class TenantsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<TenantSummary[]> {
    return this.http.get<TenantSummary[]>(`${API_BASE}/tenants`);
  }

  /** Admin-only; `maintenanceSchedule` is a five-field cron in UTC, null for "only by hand". */
  update(id: string, body: UpdateTenantRequest): Observable<TenantSummary> {
    return this.http.patch<TenantSummary>(`${API_BASE}/tenants/${id}`, body);
  }
}
