import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuditPage } from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

export interface AuditQuery {
  limit: number;
  /** `nextBefore` of the previous page. */
  before?: string | null;
  /** Only entries whose action contains this text. */
  action?: string | null;
}

/** `GET /api/v1/audit` (admins only). */
@Injectable({ providedIn: 'root' })
export class AuditApiService {
  private readonly http = inject(HttpClient);

  list({ limit, before, action }: AuditQuery): Observable<AuditPage> {
    let params = new HttpParams().set('limit', limit);
    if (before) params = params.set('before', before);
    if (action) params = params.set('action', action);
    return this.http.get<AuditPage>(`${API_BASE}/audit`, { params });
  }
}
