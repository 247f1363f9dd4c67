import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DeploymentSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { ACTION_LABELS, ENFORCEMENT_LABELS } from './deployment-display';
import { DeploymentsApiService } from './deployments-api.service';

type LoadState = 'loading' | 'ready' | 'error';

/** Who gets what: every deployment with its software, action, target and enforcement. */
@Component({
  selector: 'ent-deployments-page',
  imports: [RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Deployments</h1>
        <p class="muted">Which software goes where, and why. Saving one changes nothing by itself: maintenance sessions apply them.</p>
      </div>
      @if (session.isAdmin() && state() === 'ready' && items().length) {
        <a class="button button-primary" routerLink="/deployments/new">New deployment</a>
      }
    </header>

    <ent-page-state [state]="state()" what="the deployments" [error]="error()" (retry)="reload()">
      <ng-template>
        @if (items().length === 0) {
          <div class="panel state" data-testid="deployments-empty">
            <p>No deployment yet.</p>
            @if (session.isAdmin()) {
              <p class="muted">A deployment says which software goes to which computers: all, a tenant, one computer, or the clients with a Halo contract or recurring item.</p>
              <a class="button button-primary" routerLink="/deployments/new">New deployment</a>
            } @else {
              <p class="muted">An administrator creates deployments; they will show here.</p>
            }
          </div>
        } @else {
          <div class="panel table-wrap">
            <table class="table" aria-label="Deployments">
              <thead>
                <tr>
                  <th scope="col">Deployment</th>
                  <th scope="col">Software</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Enforcement</th>
                  <th scope="col">Priority</th>
                </tr>
              </thead>
              <tbody>
                @for (d of items(); track d.id) {
                  <tr>
                    <td><a [routerLink]="['/deployments', d.id]">{{ d.label }}</a></td>
                    <td>{{ d.software.name }}</td>
                    <td>{{ actions[d.action].label }}{{ d.action === 'install' && d.version ? ' ' + d.version : '' }}</td>
                    <td>{{ d.targetLabel }}</td>
                    <td>{{ enforcements[d.enforcement].label }}</td>
                    <td>{{ d.priority }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </ng-template>
    </ent-page-state>
  `,
})
export class DeploymentsPageComponent implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly api = inject(DeploymentsApiService);

  protected readonly actions = ACTION_LABELS;
  protected readonly enforcements = ENFORCEMENT_LABELS;
  protected readonly items = signal<DeploymentSummary[]>([]);
  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      this.items.set(await firstValueFrom(this.api.list()));
      this.state.set('ready');
    } catch (error) {
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }
}
