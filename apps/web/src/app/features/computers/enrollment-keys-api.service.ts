import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreatedEnrollmentKey, CreateEnrollmentKeyRequest, EnrollmentKeySummary } from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

const BASE = `${API_BASE}/enrollment-keys`;

/** `/api/v1/enrollment-keys`: keys that let an agent enroll a computer into a tenant. Writes are admin-only. */
@Injectable({ providedIn: 'root' })
export class EnrollmentKeysApiService {
  private readonly http = inject(HttpClient);

  list(tenantId?: string | null): Observable<EnrollmentKeySummary[]> {
    const params = tenantId ? new HttpParams().set('tenantId', tenantId) : undefined;
    return this.http.get<EnrollmentKeySummary[]>(BASE, { params });
  }

  /** The only answer that holds the key itself. */
  create(body: CreateEnrollmentKeyRequest): Observable<CreatedEnrollmentKey> {
    return this.http.post<CreatedEnrollmentKey>(BASE, body);
  }

  revoke(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}`);
  }
}
