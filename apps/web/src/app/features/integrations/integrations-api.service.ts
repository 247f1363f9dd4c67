import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AutoMapProposal,
  BulkMappingResult,
  ConfirmAutoMapRequest,
  ContractTypeEntry,
  CreateIntegrationRequest,
  HaloClientEntry,
  IntegrationHealth,
  IntegrationSummary,
  RecurringItemEntry,
  StartSyncResponse,
  SyncRun,
  UpdateIntegrationRequest,
} from '@entitle/domain';
import type { Observable } from 'rxjs';
import { API_BASE } from '../../core/api';

const BASE = `${API_BASE}/integrations`;

/** `/api/v1/integrations`: everyone signed in reads; the API answers 403 to a technician's writes. */
@Injectable({ providedIn: 'root' })
export class IntegrationsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<IntegrationSummary[]> {
    return this.http.get<IntegrationSummary[]>(BASE);
  }

  get(id: string): Observable<IntegrationSummary> {
    return this.http.get<IntegrationSummary>(`${BASE}/${id}`);
  }

  create(body: CreateIntegrationRequest): Observable<IntegrationSummary> {
    return this.http.post<IntegrationSummary>(BASE, body);
  }

  update(id: string, body: UpdateIntegrationRequest): Observable<IntegrationSummary> {
    return this.http.patch<IntegrationSummary>(`${BASE}/${id}`, body);
  }

  healthCheck(id: string): Observable<IntegrationHealth> {
    return this.http.post<IntegrationHealth>(`${BASE}/${id}/health-check`, null);
  }

  /** Answers at once (202) with the run as it starts; poll `syncRun` until it ends. */
  startSync(id: string): Observable<StartSyncResponse> {
    return this.http.post<StartSyncResponse>(`${BASE}/${id}/sync`, null);
  }

  syncRuns(id: string, limit = 10): Observable<SyncRun[]> {
    return this.http.get<SyncRun[]>(`${BASE}/${id}/sync-runs`, { params: new HttpParams().set('limit', limit) });
  }

  syncRun(id: string, runId: string): Observable<SyncRun> {
    return this.http.get<SyncRun>(`${BASE}/${id}/sync-runs/${runId}`);
  }

  decideHeldRun(id: string, runId: string, decision: 'approve' | 'discard'): Observable<SyncRun> {
    return this.http.post<SyncRun>(`${BASE}/${id}/sync-runs/${runId}/${decision}`, null);
  }

  clients(id: string): Observable<HaloClientEntry[]> {
    return this.http.get<HaloClientEntry[]>(`${BASE}/${id}/clients`);
  }

  mapClient(id: string, haloClientId: number, tenantId: string): Observable<HaloClientEntry> {
    return this.http.put<HaloClientEntry>(`${BASE}/${id}/clients/${haloClientId}/tenant`, { tenantId });
  }

  unmapClient(id: string, haloClientId: number): Observable<HaloClientEntry> {
    return this.http.delete<HaloClientEntry>(`${BASE}/${id}/clients/${haloClientId}/tenant`);
  }

  createTenants(id: string, haloClientIds: number[]): Observable<BulkMappingResult> {
    return this.http.post<BulkMappingResult>(`${BASE}/${id}/clients/create-tenants`, { haloClientIds });
  }

  autoMapProposal(id: string): Observable<AutoMapProposal> {
    return this.http.get<AutoMapProposal>(`${BASE}/${id}/auto-map`);
  }

  confirmAutoMap(id: string, mappings: ConfirmAutoMapRequest['mappings']): Observable<BulkMappingResult> {
    return this.http.post<BulkMappingResult>(`${BASE}/${id}/auto-map`, { mappings } satisfies ConfirmAutoMapRequest);
  }

  /** The contract types of the link's last good snapshot, with how many are in force: the catalog for contract targets. */
  contractTypes(id: string): Observable<ContractTypeEntry[]> {
    return this.http.get<ContractTypeEntry[]>(`${BASE}/${id}/contract-types`);
  }

  /** The items billed on the link's recurring invoices: the catalog for recurring-item targets. */
  recurringItems(id: string): Observable<RecurringItemEntry[]> {
    return this.http.get<RecurringItemEntry[]>(`${BASE}/${id}/recurring-items`);
  }
}
