import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ComputerKind,
  ComputerPage,
  ComputerSummary,
  DesiredState,
  InventoryEntry,
  Platform,
  UpdateComputerRequest,
} from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

const BASE = `${API_BASE}/computers`;

export interface ComputerQuery {
  tenantId?: string | null;
  kind?: ComputerKind | null;
  online?: boolean | null;
  haloSiteId?: number | null;
  platform?: Platform | null;
  search?: string | null;
  limit: number;
  offset?: number;
}

export interface HaloSite {
  id: number;
  name: string;
}

/** `/api/v1/computers`: enrolled computers, what they have and what they should have. */
@Injectable({ providedIn: 'root' })
export class ComputersApiService {
  private readonly http = inject(HttpClient);

  list(query: ComputerQuery): Observable<ComputerPage> {
    let params = new HttpParams().set('limit', query.limit);
    if (query.offset) params = params.set('offset', query.offset);
    if (query.tenantId) params = params.set('tenantId', query.tenantId);
    if (query.kind) params = params.set('kind', query.kind);
    if (query.online !== null && query.online !== undefined) params = params.set('online', String(query.online));
    if (query.haloSiteId !== null && query.haloSiteId !== undefined) params = params.set('haloSiteId', query.haloSiteId);
    if (query.platform) params = params.set('platform', query.platform);
    if (query.search) params = params.set('search', query.search);
    return this.http.get<ComputerPage>(BASE, { params });
  }

  get(id: string): Observable<ComputerSummary> {
    return this.http.get<ComputerSummary>(`${BASE}/${id}`);
  }

  update(id: string, body: UpdateComputerRequest): Observable<ComputerSummary> {
    return this.http.patch<ComputerSummary>(`${BASE}/${id}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}`);
  }

  /** Its credential stops working: check-ins are refused until it enrolls again. */
  revokeAgent(id: string): Observable<ComputerSummary> {
    return this.http.post<ComputerSummary>(`${BASE}/${id}/revoke-agent`, null);
  }

  inventory(id: string): Observable<InventoryEntry[]> {
    return this.http.get<InventoryEntry[]>(`${BASE}/${id}/inventory`);
  }

  desiredState(id: string): Observable<DesiredState> {
    return this.http.get<DesiredState>(`${BASE}/${id}/desired-state`);
  }

  /** The sites of the Halo client the computer's tenant maps to; [] when the tenant is not mapped. */
  haloSites(id: string): Observable<HaloSite[]> {
    return this.http.get<HaloSite[]>(`${BASE}/${id}/halo-sites`);
  }
}
