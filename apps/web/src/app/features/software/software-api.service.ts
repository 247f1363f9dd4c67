import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateSoftwareRequest,
  CreateSoftwareVersionRequest,
  SoftwareSummary,
  UpdateSoftwareRequest,
  UpdateSoftwareVersionRequest,
} from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

const BASE = `${API_BASE}/software`;

/** `/api/v1/software`: the library of software and its versions' scripts. Writes are admin-only. */
@Injectable({ providedIn: 'root' })
export class SoftwareApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<SoftwareSummary[]> {
    return this.http.get<SoftwareSummary[]>(BASE);
  }

  get(id: string): Observable<SoftwareSummary> {
    return this.http.get<SoftwareSummary>(`${BASE}/${id}`);
  }

  create(body: CreateSoftwareRequest): Observable<SoftwareSummary> {
    return this.http.post<SoftwareSummary>(BASE, body);
  }

  update(id: string, body: UpdateSoftwareRequest): Observable<SoftwareSummary> {
    return this.http.patch<SoftwareSummary>(`${BASE}/${id}`, body);
  }

  /** 409 while deployments name it. */
  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}`);
  }

  addVersion(id: string, body: CreateSoftwareVersionRequest): Observable<SoftwareSummary> {
    return this.http.post<SoftwareSummary>(`${BASE}/${id}/versions`, body);
  }

  updateVersion(id: string, versionId: string, body: UpdateSoftwareVersionRequest): Observable<SoftwareSummary> {
    return this.http.patch<SoftwareSummary>(`${BASE}/${id}/versions/${versionId}`, body);
  }

  removeVersion(id: string, versionId: string): Observable<SoftwareSummary> {
    return this.http.delete<SoftwareSummary>(`${BASE}/${id}/versions/${versionId}`);
  }
}
