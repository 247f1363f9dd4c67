import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { IntegrationSummary, TenantSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { formErrors } from '../../core/form-errors';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { IntegrationsApiService } from '../integrations/integrations-api.service';
import { SessionsApiService } from '../sessions/sessions-api.service';
import { TenantsApiService } from './tenants-api.service';

type LoadState = 'loading' | 'ready' | 'error';

export interface TenantRow {
  tenant: TenantSummary;
  /** The link's name and the Halo client's name, when the tenant is mapped. */
  linkName: string | null;
  clientName: string | null;
}

/** Entitle's customers: the Halo client each one is mapped to, its computers and when maintenance runs for them. */
@Component({
  selector: 'ent-tenants-page',
  imports: [DatePipe, RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Tenants</h1>
        <p class="muted">Your customers, the Halo client each one is mapped to, and when maintenance runs on their computers.</p>
      </div>
      @if (state() === 'ready' && rows().length) {
        <span class="muted" data-testid="tenants-summary">{{ rows().length }} tenants · {{ mappedCount() }} mapped to Halo</span>
      }
    </header>

    <ent-page-state [state]="state()" what="the tenants" [error]="error()" (retry)="reload()">
      <ng-template>
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
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col">Halo client</th>
                  <th scope="col">Link</th>
                  <th scope="col">Computers</th>
                  <th scope="col">Maintenance</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (row of rows(); track row.tenant.id) {
                  <tr [attr.data-tenant]="row.tenant.name">
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
                    <td>
                      @if (row.tenant.computerCount) {
                        <a routerLink="/computers" [queryParams]="{ tenantId: row.tenant.id }">{{ row.tenant.computerCount }}</a>
                      } @else {
                        <span class="muted">0</span>
                      }
                    </td>
                    <td class="schedule">
                      @if (editing() === row.tenant.id) {
                        <form (submit)="saveSchedule($event, row.tenant, cron.value)" [attr.aria-label]="'Maintenance schedule of ' + row.tenant.name" novalidate>
                          <label class="visually-hidden" [for]="'schedule-' + row.tenant.id">Maintenance schedule (cron, UTC)</label>
                          <input #cron type="text" [id]="'schedule-' + row.tenant.id" [value]="row.tenant.maintenanceSchedule ?? ''" placeholder="0 2 * * *"
                            autocomplete="off" [attr.aria-invalid]="!!scheduleError()"
                            [attr.aria-describedby]="scheduleError() ? 'schedule-' + row.tenant.id + '-error' : 'schedule-' + row.tenant.id + '-hint'" />
                          <button type="submit" class="button button-primary" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save' }}</button>
                          <button type="button" class="button button-ghost" (click)="editing.set(null)">Cancel</button>
                          @if (scheduleError(); as message) {
                            <p class="field-error" [id]="'schedule-' + row.tenant.id + '-error'">{{ message }}</p>
                          } @else {
                            <p class="hint muted" [id]="'schedule-' + row.tenant.id + '-hint'">
                              Five cron fields in UTC: <code>0 2 * * *</code> is every day at 02:00 UTC, <code>0 3 * * 6</code> Saturdays at 03:00. Empty: only by hand.
                            </p>
                          }
                        </form>
                      } @else {
                        @if (row.tenant.maintenanceSchedule; as schedule) {
                          <code>{{ schedule }}</code>
                          @if (row.tenant.nextMaintenanceAt; as next) {
                            <span class="muted"> · next {{ next | date: 'yyyy-MM-dd HH:mm' : 'UTC' }} UTC</span>
                          }
                        } @else {
                          <span class="muted">only by hand</span>
                        }
                      }
                    </td>
                    <td class="nowrap">
                      @if (session.isAdmin() && editing() !== row.tenant.id) {
                        <button type="button" class="button button-ghost" (click)="edit(row.tenant)" [attr.aria-label]="'Edit the schedule of ' + row.tenant.name">Edit schedule</button>
                      }
                      @if (row.tenant.computerCount) {
                        <button type="button" class="button button-ghost" [disabled]="starting() === row.tenant.id" (click)="runMaintenance(row.tenant)"
                          [attr.aria-label]="'Run maintenance on every computer of ' + row.tenant.name">{{ starting() === row.tenant.id ? 'Starting…' : 'Run maintenance' }}</button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (formError(); as message) {
            <div class="alert alert-error banner" role="alert" data-testid="tenants-error">{{ message }}</div>
          }
          @if (started(); as done) {
            <div class="alert banner" role="status" data-testid="tenants-started">
              {{ done.text }} <a routerLink="/sessions">Follow them on the Sessions page</a>.
            </div>
          }
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    .schedule form { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; max-width: 28rem; }
    .schedule input { width: 10rem; font-family: var(--mono); }
    .schedule .field-error, .schedule .hint { flex-basis: 100%; }
    .banner { margin-top: 1rem; }
  `,
})
export class TenantsPageComponent implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly tenantsApi = inject(TenantsApiService);
  private readonly integrationsApi = inject(IntegrationsApiService);
  private readonly sessionsApi = inject(SessionsApiService);

  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly rows = signal<TenantRow[]>([]);
  protected readonly mappedCount = computed(() => this.rows().filter((r) => r.tenant.mapping).length);
  /** The tenant whose schedule is being edited. */
  protected readonly editing = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly scheduleError = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  /** The tenant whose maintenance is being started, and what the last start did. */
  protected readonly starting = signal<string | null>(null);
  protected readonly started = signal<{ text: string } | null>(null);

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

  protected edit(tenant: TenantSummary): void {
    this.scheduleError.set(null);
    this.formError.set(null);
    this.editing.set(tenant.id);
  }

  protected async saveSchedule(event: Event, tenant: TenantSummary, text: string): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.scheduleError.set(null);
    this.formError.set(null);
    try {
      const updated = await firstValueFrom(this.tenantsApi.update(tenant.id, { maintenanceSchedule: text.trim() || null }));
      this.rows.update((rows) => rows.map((row) => (row.tenant.id === updated.id ? { ...row, tenant: updated } : row)));
      this.editing.set(null);
    } catch (error) {
      const { fields, message } = formErrors(error, (f) => f === 'maintenanceSchedule', 'Only an administrator can change the schedule.');
      if (fields['maintenanceSchedule']) this.scheduleError.set(fields['maintenanceSchedule']);
      else this.formError.set(message);
    } finally {
      this.busy.set(false);
    }
  }

  /** One session per computer of the tenant; computers with a session already open are left out, and the message says so. */
  protected async runMaintenance(tenant: TenantSummary): Promise<void> {
    if (this.starting()) return;
    this.starting.set(tenant.id);
    this.formError.set(null);
    this.started.set(null);
    try {
      const res = await firstValueFrom(this.sessionsApi.start({ tenantId: tenant.id }));
      const n = res.sessions.length;
      const skipped = res.skipped.length ? ` ${res.skipped.length} left out: ${res.skipped.map((s) => `${s.hostname} (${s.reason})`).join('; ')}.` : '';
      this.started.set({ text: `Started ${n} maintenance session${n === 1 ? '' : 's'} for ${tenant.name}.${skipped}` });
    } catch (error) {
      this.formError.set(describeApiError(error));
    } finally {
      this.starting.set(null);
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
