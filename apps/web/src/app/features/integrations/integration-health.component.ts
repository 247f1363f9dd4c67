import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { IntegrationHealth, PermissionCheckStatus } from '@entitle/domain';

const STATUS_LABELS: Record<PermissionCheckStatus, string> = { granted: 'Granted', missing: 'Missing', unknown: 'Unknown' };

/** The result of a health check: whether Entitle reached Halo, then one green or red row per API permission. */
@Component({
  selector: 'ent-integration-health',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let result = health();
    <p class="summary" data-testid="health-summary">
      @if (!result.connected) {
        <span class="badge badge-danger">Not connected</span>
        <span class="error-text">{{ result.error ?? 'Halo did not answer.' }}</span>
        @if (result.errorCode) {
          <code class="muted">{{ result.errorCode }}</code>
        }
      } @else if (result.ok) {
        <span class="badge badge-success">Healthy</span> Connected, and every permission Entitle needs is granted.
      } @else {
        <span class="badge badge-danger">Needs attention</span> Connected, but {{ problems() }} of {{ result.permissions.length }}
        permissions {{ problems() === 1 ? 'is' : 'are' }} not granted. Fix {{ problems() === 1 ? 'it' : 'them' }} in Halo, then check again.
      }
      <span class="muted when">Checked {{ result.checkedAt | date: 'yyyy-MM-dd HH:mm:ss' }}</span>
    </p>
    @if (result.permissions.length) {
      <div class="table-wrap">
        <table class="table" aria-label="Halo API permissions">
          <thead>
            <tr>
              <th scope="col">Permission</th>
              <th scope="col">Status</th>
              <th scope="col">Needed for</th>
              <th scope="col">What Halo said / what to do</th>
            </tr>
          </thead>
          <tbody>
            @for (row of result.permissions; track row.permission) {
              <tr [class]="'permission-' + row.status" [attr.data-permission]="row.permission" [attr.data-status]="row.status">
                <td><code>{{ row.permission }}</code></td>
                <td>
                  <span class="badge" [class]="badge(row.status)">{{ label(row.status) }}</span>
                </td>
                <td>{{ row.neededFor }}</td>
                <td>
                  @if (row.action) {
                    <strong>{{ row.action }}</strong><br />
                  }
                  <span class="muted evidence">{{ row.evidence }}</span>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styles: `
    :host { display: block; }
    .summary { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0 0 0.75rem; }
    .when { margin-left: auto; font-size: 0.85rem; }
    tr.permission-granted td:first-child { border-left: 4px solid var(--success); }
    tr.permission-missing td:first-child { border-left: 4px solid var(--danger); }
    tr.permission-unknown td:first-child { border-left: 4px solid var(--warning); }
    tr.permission-missing { background: var(--danger-soft); }
    .evidence { font-size: 0.82rem; }
  `,
})
export class IntegrationHealthComponent {
  readonly health = input.required<IntegrationHealth>();

  protected readonly problems = computed(() => this.health().permissions.filter((p) => p.status !== 'granted').length);

  protected label(status: PermissionCheckStatus): string {
    return STATUS_LABELS[status];
  }

  protected badge(status: PermissionCheckStatus): string {
    if (status === 'granted') return 'badge-success';
    return status === 'missing' ? 'badge-danger' : 'badge-warning';
  }
}
