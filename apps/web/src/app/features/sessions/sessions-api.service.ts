import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SessionDetail, SessionPage, SessionStatus, StartSessionsRequest, StartSessionsResponse } from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

const BASE = `${API_BASE}/maintenance-sessions`;

export interface SessionQuery {
  computerId?: string | null;
  tenantId?: string | null;
  deploymentId?: string | null;
  status?: SessionStatus | null;
  limit: number;
  offset?: number;
}

/** `/api/v1/maintenance-sessions`: technicians and admins alike start, follow and cancel them. */
@Injectable({ providedIn: 'root' })
export class SessionsApiService {
  private readonly http = inject(HttpClient);

  list(query: SessionQuery): Observable<SessionPage> {
    let params = new HttpParams().set('limit', query.limit);
    if (query.offset) params = params.set('offset', query.offset);
    if (query.computerId) params = params.set('computerId', query.computerId);
    if (query.tenantId) params = params.set('tenantId', query.tenantId);
    if (query.deploymentId) params = params.set('deploymentId', query.deploymentId);
    if (query.status) params = params.set('status', query.status);
    return this.http.get<SessionPage>(BASE, { params });
  }

  get(id: string): Observable<SessionDetail> {
    return this.http.get<SessionDetail>(`${BASE}/${id}`);
  }

  start(body: StartSessionsRequest): Observable<StartSessionsResponse> {
    return this.http.post<StartSessionsResponse>(BASE, body);
  }

  cancel(id: string): Observable<SessionDetail> {
    return this.http.post<SessionDetail>(`${BASE}/${id}/cancel`, null);
  }
}
