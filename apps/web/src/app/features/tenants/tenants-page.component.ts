import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { IntegrationSummary, TenantSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { IntegrationsApiService } from '../integrations/integrations-api.service';
import { TenantsApiService } from './tenants-api.service';

type LoadState = 'loading' | 'ready' | 'error';

export interface TenantRow {
  tenant: TenantSummary;
  /** The link's name and the Halo client's name, when the tenant is mapped. */
  linkName: string | null;
  clientName: string | null;
}

/** Entitle's customers and the Halo client each one is mapped to. */
@Component({
  selector: 'ent-tenants-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Tenants</h1>
        <p class="muted">Your customers, and the Halo client each one is mapped to.</p>
      </div>
      @if (state() === 'ready' && rows().length) {
        <span class="muted" data-testid="tenants-summary">{{ rows().length }} tenants · {{ mappedCount() }} mapped to Halo</span>
      }
    </header>

    @switch (state()) {
      @case ('loading') {
        <div class="panel state" role="status" aria-live="polite"><span class="spinner"></span> Loading the tenants…</div>
      }
      @case ('error') {
        <div class="panel state" role="alert">
          <p class="error-text">Could not load the tenants. {{ error() }}</p>
          <button type="button" class="button" (click)="reload()">Try again</button>
        </div>
      }
      @default {
        @if (rows().length === 0) {
          <div class="panel state" data-testid="tenants-empty">
            <p>No tenants yet.</p>
            <p class="muted">Create them from Halo clients on an integration’s Clients tab.</p>
            <a class="button" routerLink="/integrations">Go to the integrations</a>
          </div>
        } @else {
          <div class="panel table-wrap">
            <table class="table" aria-label="Tenants">
              <thead>
                <tr><th scope="col">Tenant</th><th scope="col">Halo client</th><th scope="col">Link</th></tr>
              </thead>
              <tbody>
                @for (row of rows(); track row.tenant.id) {
                  <tr>
                    <td>{{ row.tenant.name }}</td>
                    <td>
                      @if (row.tenant.mapping; as mapping) {
                        {{ row.clientName ?? 'Halo client' }} <span class="muted">#{{ mapping.haloClientId }}</span>
                      } @else {
                        <span class="muted">not mapped</span>
                      }
                    </td>
                    <td>
                      @if (row.tenant.mapping; as mapping) {
                        <a [routerLink]="['/integrations', mapping.integrationId]">{{ row.linkName ?? 'Halo link' }}</a>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
    }
  `,
})
export class TenantsPageComponent implements OnInit {
  private readonly tenantsApi = inject(TenantsApiService);
  private readonly integrationsApi = inject(IntegrationsApiService);

  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly rows = signal<TenantRow[]>([]);
  protected readonly mappedCount = computed(() => this.rows().filter((r) => r.tenant.mapping).length);

  ngOnInit(): void {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      const [tenants, links] = await Promise.all([firstValueFrom(this.tenantsApi.list()), firstValueFrom(this.integrationsApi.list())]);
      this.rows.set(await this.withNames(tenants, links));
      this.state.set('ready');
    } catch (error) {
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  /** Client names come from each referenced link's last snapshot: one request per link, and MSPs have one or two. */
  private async withNames(tenants: TenantSummary[], links: IntegrationSummary[]): Promise<TenantRow[]> {
    const linkNames = new Map(links.map((l) => [l.id, l.name]));
    const used = [...new Set(tenants.flatMap((t) => (t.mapping && linkNames.has(t.mapping.integrationId) ? [t.mapping.integrationId] : [])))];
    const clientNames = new Map<string, string>();
    await Promise.all(
      used.map(async (linkId) => {
        for (const c of await firstValueFrom(this.integrationsApi.clients(linkId))) clientNames.set(`${linkId}:${c.haloClientId}`, c.name);
      }),
    );
    return tenants.map((tenant) => ({
      tenant,
      linkName: tenant.mapping ? (linkNames.get(tenant.mapping.integrationId) ?? null) : null,
      clientName: tenant.mapping ? (clientNames.get(`${tenant.mapping.integrationId}:${tenant.mapping.haloClientId}`) ?? null) : null,
    }));
  }
}
