import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { SessionSummary } from '@entitle/domain';
import { statusBadge, statusLabel, TRIGGER_LABELS } from './session-display';

/** Maintenance sessions, newest first: one row each, linking to its progress and logs. */
@Component({
  selector: 'ent-sessions-table',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap">
      <table class="table" aria-label="Maintenance sessions">
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            @if (showComputer()) {
              <th scope="col">Computer</th>
              <th scope="col">Tenant</th>
            }
            <th scope="col">Trigger</th>
            <th scope="col">Summary</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          @for (s of sessions(); track s.id) {
            <tr [attr.data-session]="s.id">
              <td class="nowrap"><a [routerLink]="['/sessions', s.id]" [title]="s.createdAt">{{ s.createdAt | date: 'yyyy-MM-dd HH:mm' }}</a></td>
              <td><span class="badge" [class]="badge(s.status)">{{ label(s.status) }}</span></td>
              @if (showComputer()) {
                <td><a [routerLink]="['/computers', s.computerId]">{{ s.hostname }}</a></td>
                <td>{{ s.tenantName }}</td>
              }
              <td>{{ triggers[s.trigger] }}
                @if (s.deployment; as d) { <br /><a class="small" [routerLink]="['/deployments', d.id]">{{ d.label }}</a> }
              </td>
              <td>{{ s.summary }}
                @if (s.error) { <br /><span class="error-text small">{{ s.error }}</span> }
              </td>
              <td class="nowrap">{{ s.startedAt ? (s.startedAt | date: 'HH:mm:ss') : '—' }}</td>
              <td class="nowrap">{{ s.finishedAt ? (s.finishedAt | date: 'HH:mm:ss') : '—' }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    :host { display: block; }
    .small { font-size: 0.82rem; }
  `,
})
export class SessionsTableComponent {
  readonly sessions = input.required<SessionSummary[]>();
  /** Off on a computer's own page, where every row is that computer. */
  readonly showComputer = input(true);

  protected readonly triggers = TRIGGER_LABELS;
  protected readonly badge = statusBadge;
  protected readonly label = statusLabel;
}
