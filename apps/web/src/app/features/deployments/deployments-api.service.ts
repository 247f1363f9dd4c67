import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  DeploymentInput,
  DeploymentPreview,
  DeploymentPreviewRequest,
  DeploymentSummary,
  UpdateDeploymentRequest,
} from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

const BASE = `${API_BASE}/deployments`;

/** How many computers of each list a preview returns; the totals count them all. */
export const PREVIEW_LIMIT = 50;

/** `/api/v1/deployments`: who gets what. Saving applies nothing; maintenance sessions do. Writes are admin-only. */
@Injectable({ providedIn: 'root' })
export class DeploymentsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<DeploymentSummary[]> {
    return this.http.get<DeploymentSummary[]>(BASE);
  }

  get(id: string): Observable<DeploymentSummary> {
    return this.http.get<DeploymentSummary>(`${BASE}/${id}`);
  }

  create(body: DeploymentInput): Observable<DeploymentSummary> {
    return this.http.post<DeploymentSummary>(BASE, body);
  }

  update(id: string, body: UpdateDeploymentRequest): Observable<DeploymentSummary> {
    return this.http.patch<DeploymentSummary>(`${BASE}/${id}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}`);
  }

  /** The saved deployment as it resolves today. */
  savedPreview(id: string, limit = PREVIEW_LIMIT): Observable<DeploymentPreview> {
    return this.http.get<DeploymentPreview>(`${BASE}/${id}/preview`, { params: new HttpParams().set('limit', limit) });
  }

  /** A draft as it would resolve; with `id`, standing in for that saved deployment. */
  preview(body: DeploymentPreviewRequest, limit = PREVIEW_LIMIT): Observable<DeploymentPreview> {
    return this.http.post<DeploymentPreview>(`${BASE}/preview`, body, { params: new HttpParams().set('limit', limit) });
  }
}
