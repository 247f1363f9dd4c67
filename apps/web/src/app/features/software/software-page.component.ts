import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { SoftwareSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { SoftwareApiService } from './software-api.service';
import { PLATFORM_LABELS } from './software-display';

type LoadState = 'loading' | 'ready' | 'error';

/** The software library: what Entitle can install, with its scripts per version. */
@Component({
  selector: 'ent-software-page',
  imports: [RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Software</h1>
        <p class="muted">What Entitle can install: each software with its versions and their install, uninstall and detection scripts.</p>
      </div>
      @if (session.isAdmin() && state() === 'ready' && items().length) {
        <a class="button button-primary" routerLink="/software/new">Add software</a>
      }
    </header>

    <ent-page-state [state]="state()" what="the software" [error]="error()" (retry)="reload()">
      <ng-template>
        @if (items().length === 0) {
          <div class="panel state" data-testid="software-empty">
            <p>No software yet.</p>
            @if (session.isAdmin()) {
              <p class="muted">Add a software and a first version with its scripts; deployments then say who gets it.</p>
              <a class="button button-primary" routerLink="/software/new">Add software</a>
            } @else {
              <p class="muted">An administrator adds software; it will show here.</p>
            }
          </div>
        } @else {
          <div class="panel table-wrap">
            <table class="table" aria-label="Software">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Vendor</th>
                  <th scope="col">Platform</th>
                  <th scope="col">Latest version</th>
                  <th scope="col">Deployments</th>
                </tr>
              </thead>
              <tbody>
                @for (item of items(); track item.id) {
                  <tr>
                    <td><a [routerLink]="['/software', item.id]">{{ item.name }}</a>&nbsp;<code class="muted">{{ item.slug }}</code></td>
                    <td>{{ item.vendor ?? '' }}</td>
                    <td>{{ platform[item.platform] }}</td>
                    <td>
                      @if (item.latestVersion) {
                        {{ item.latestVersion }}
                      } @else {
                        <span class="badge badge-warning">no version</span>
                      }
                    </td>
                    <td>{{ item.deploymentCount }}</td>
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
export class SoftwarePageComponent implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly api = inject(SoftwareApiService);

  protected readonly platform = PLATFORM_LABELS;
  protected readonly items = signal<SoftwareSummary[]>([]);
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
