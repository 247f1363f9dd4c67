import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type SessionStatus, SESSION_STATUSES, type SessionSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { PageStateComponent } from '../../shared/page-state.component';
import { statusLabel } from './session-display';
import { SessionsApiService } from './sessions-api.service';
import { SessionsTableComponent } from './sessions-table.component';

export const SESSIONS_PAGE_SIZE = 50;

type LoadState = 'loading' | 'ready' | 'error';

/** Every maintenance session, newest first, with a status filter; a computer or a deployment narrows it (from their pages). */
@Component({
  selector: 'ent-sessions-page',
  imports: [RouterLink, SessionsTableComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Sessions</h1>
        <p class="muted">Maintenance sessions: each brings one computer to what its deployments want, and keeps the log of every step.</p>
      </div>
      <div class="filter">
        <label for="sessions-status">Status</label>
        <select id="sessions-status" [value]="status() ?? ''" (change)="setStatus(statusValue($event))">
          <option value="">Any</option>
          @for (s of statuses; track s) { <option [value]="s">{{ label(s) }}</option> }
        </select>
      </div>
    </header>

    @if (narrowed()) {
      <p class="narrowed" data-testid="sessions-narrowed">
        Only the sessions of one {{ computerId() ? 'computer' : deploymentId() ? 'deployment' : 'tenant' }}.
        <a routerLink="/sessions">Show every session</a>
      </p>
    }

    <ent-page-state [state]="state()" what="the sessions" [error]="error()" (retry)="reload()">
      <ng-template>
        @if (items().length === 0) {
          <div class="panel state" data-testid="sessions-empty">
            @if (status()) {
              <p>No {{ label(status() ?? 'pending') }} session.</p>
              <button type="button" class="button" (click)="setStatus(null)">Show every status</button>
            } @else {
              <p>No maintenance session yet.</p>
              <p class="muted">Start one with Run maintenance on a computer, or Run now on a deployment; schedules on the Tenants page start them too.</p>
            }
          </div>
        } @else {
          <div class="panel">
            <ent-sessions-table [sessions]="items()" />
          </div>
          <div class="pager">
            <span class="muted" data-testid="sessions-range">{{ offset() + 1 }}–{{ offset() + items().length }} of {{ total() }}</span>
            <button type="button" class="button" (click)="go(-1)" [disabled]="offset() === 0">Newer</button>
            <button type="button" class="button" (click)="go(1)" [disabled]="offset() + items().length >= total()">Older</button>
          </div>
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    .filter { display: flex; align-items: center; gap: 0.5rem; }
    .narrowed { margin: 0 0 1rem; }
  `,
})
export class SessionsPageComponent {
  private readonly api = inject(SessionsApiService);

  /** Query parameters, bound by `withComponentInputBinding()`. */
  readonly computerId = input<string | undefined>();
  readonly deploymentId = input<string | undefined>();
  readonly tenantId = input<string | undefined>();

  protected readonly statuses = SESSION_STATUSES;
  protected readonly label = statusLabel;
  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly items = signal<SessionSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly status = signal<SessionStatus | null>(null);
  protected readonly narrowed = computed(() => !!(this.computerId() || this.deploymentId() || this.tenantId()));
  /** Answers to an outdated filter or page are dropped: only the latest request may fill the table. */
  private generation = 0;

  constructor() {
    effect(() => {
      this.computerId();
      this.deploymentId();
      this.tenantId();
      untracked(() => {
        this.offset.set(0);
        void this.reload();
      });
    });
  }

  protected statusValue(event: Event): SessionStatus | null {
    return ((event.target as HTMLSelectElement).value || null) as SessionStatus | null;
  }

  protected setStatus(status: SessionStatus | null): void {
    this.status.set(status);
    this.offset.set(0);
    void this.reload();
  }

  protected go(direction: 1 | -1): void {
    this.offset.update((offset) => Math.max(0, offset + direction * SESSIONS_PAGE_SIZE));
    void this.reload();
  }

  protected async reload(): Promise<void> {
    const generation = ++this.generation;
    this.state.set('loading');
    try {
      const page = await firstValueFrom(
        this.api.list({
          limit: SESSIONS_PAGE_SIZE,
          offset: this.offset(),
          status: this.status(),
          computerId: this.computerId(),
          deploymentId: this.deploymentId(),
          tenantId: this.tenantId(),
        }),
      );
      if (generation !== this.generation) return;
      this.items.set(page.items);
      this.total.set(page.total);
      this.state.set('ready');
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }
}
