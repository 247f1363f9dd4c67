import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { IntegrationSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { IntegrationsApiService } from './integrations-api.service';
import { statusBadge } from './sync-display';

type LoadState = 'loading' | 'ready' | 'error';

/** The Halo links: their health and last sync at a glance, and the way to connect one. */
@Component({
  selector: 'ent-integrations-page',
  imports: [DatePipe, RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Integrations</h1>
        <p class="muted">Connections to HaloPSA: credentials, permission health and syncs.</p>
      </div>
      @if (session.isAdmin() && state() === 'ready' && links().length) {
        <a class="button button-primary" routerLink="/integrations/new">Connect HaloPSA</a>
      }
    </header>

    <ent-page-state [state]="state()" what="the integrations" [error]="error()" (retry)="reload()">
      <ng-template>
        @if (links().length === 0) {
          <div class="panel state" data-testid="integrations-empty">
            <p>No Halo connected yet.</p>
            @if (session.isAdmin()) {
              <p class="muted">The setup takes a few minutes in Halo, then Entitle checks every permission for you.</p>
              <a class="button button-primary" routerLink="/integrations/new">Connect HaloPSA</a>
            } @else {
              <p class="muted">An administrator connects Halo; the link will show here.</p>
            }
          </div>
        } @else {
          <div class="panel table-wrap">
            <table class="table" aria-label="Halo links">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Halo</th>
                  <th scope="col">Health</th>
                  <th scope="col">Last sync</th>
                </tr>
              </thead>
              <tbody>
                @for (link of links(); track link.id) {
                  <tr>
                    <td><a [routerLink]="['/integrations', link.id]">{{ link.name }}</a>
                      @if (!link.enabled) { <span class="badge badge-warning">disabled</span> }
                    </td>
                    <td class="url">{{ link.haloUrl }}</td>
                    <td>
                      @if (!link.health) {
                        <span class="muted">not checked</span>
                      } @else if (link.health.ok) {
                        <span class="badge badge-success">healthy</span>
                      } @else {
                        <span class="badge badge-danger">{{ link.health.connected ? 'permissions missing' : 'not connected' }}</span>
                      }
                    </td>
                    <td>
                      @if (link.lastSync; as run) {
                        <span class="badge" [class]="badge(run.status)">{{ run.status }}</span>
                        <span class="muted"> {{ run.startedAt | date: 'yyyy-MM-dd HH:mm' }}</span>
                      } @else {
                        <span class="muted">never</span>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    .url { font-family: var(--mono); font-size: 0.82rem; }
    .badge-info { background: var(--accent-soft); color: var(--accent); }
  `,
})
export class IntegrationsPageComponent implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly api = inject(IntegrationsApiService);

  protected readonly links = signal<IntegrationSummary[]>([]);
  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      this.links.set(await firstValueFrom(this.api.list()));
      this.state.set('ready');
    } catch (error) {
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  protected badge = statusBadge;
}
