import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import type { AuditEntry } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { AuditApiService } from './audit-api.service';

export const AUDIT_PAGE_SIZE = 50;

type LoadState = 'loading' | 'ready' | 'error' | 'forbidden';

/** Who did what, newest first, 50 at a time. */
@Component({
  selector: 'ent-audit-page',
  imports: [DatePipe, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Audit</h1>
        <p class="muted">Every sign-in and every change, with who made it and from where.</p>
      </div>
      @if (state() !== 'forbidden') {
        <form class="filter" role="search" (submit)="applyFilter($event, filterInput.value)">
          <label for="audit-action-filter" class="visually-hidden">Filter by action</label>
          <input
            #filterInput
            id="audit-action-filter"
            type="search"
            placeholder="Filter by action, e.g. auth.login"
            [value]="filter()"
          />
          <button type="submit" class="button">Filter</button>
        </form>
      }
    </header>

    @let current = state();
    @if (current === 'forbidden') {
      <div class="panel state" data-testid="admins-only">
        <h2>Admins only</h2>
        <p class="muted">The audit log is for administrators. Ask an admin of your Entitle if you need an entry.</p>
      </div>
    } @else {
      <ent-page-state [state]="current" what="the audit log" [error]="error()" (retry)="reload()">
        <ng-template>
          @if (entries().length === 0) {
            <div class="panel state" data-testid="audit-empty">
              @if (filter()) {
                <p>No entries whose action contains “{{ filter() }}”.</p>
                <button type="button" class="button" (click)="applyFilter(null, '')">Clear the filter</button>
              } @else {
                <p>Nothing recorded yet. Sign-ins and changes will show here.</p>
              }
            </div>
          } @else {
            <div class="panel table-wrap">
              <table class="table" aria-label="Audit log">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Request</th>
                    <th scope="col">Status</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  @for (entry of entries(); track entry.id) {
                    <tr>
                      <td class="nowrap" [title]="entry.at">{{ entry.at | date: 'yyyy-MM-dd HH:mm:ss' }}</td>
                      <td>{{ entry.actor?.email ?? '—' }}</td>
                      <td><code>{{ entry.action }}</code></td>
                      <td class="request"><span class="method">{{ entry.method }}</span> {{ entry.path }}</td>
                      <td><span class="badge" [class]="statusClass(entry)">{{ entry.status }}</span></td>
                      <td class="nowrap" [title]="entry.userAgent ?? ''">{{ entry.ip ?? '—' }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            <div class="pager">
              <span class="muted">{{ entries().length }} {{ entries().length === 1 ? 'entry' : 'entries' }} shown</span>
              @if (moreError(); as message) {
                <span class="error-text" role="alert">Could not load older entries. {{ message }}</span>
              }
              @if (nextBefore()) {
                <button type="button" class="button" (click)="loadOlder()" [disabled]="loadingMore()">
                  {{ loadingMore() ? 'Loading…' : 'Load older' }}
                </button>
              } @else {
                <span class="muted">That is the oldest entry.</span>
              }
            </div>
          }
        </ng-template>
      </ent-page-state>
    }
  `,
  styles: `
    .filter { display: flex; gap: 0.5rem; }
    .filter input { width: 18rem; }
    .request { font-family: var(--mono); font-size: 0.82rem; word-break: break-all; }
    .method { font-weight: 650; }
    .pager { display: flex; align-items: center; justify-content: flex-end; gap: 1rem; margin-top: 1rem; }
    .pager > :first-child { margin-right: auto; }
  `,
})
export class AuditPageComponent implements OnInit {
  private readonly api = inject(AuditApiService);
  private readonly session = inject(SessionService);

  protected readonly entries = signal<AuditEntry[]>([]);
  protected readonly nextBefore = signal<string | null>(null);
  protected readonly filter = signal('');
  protected readonly loadState = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly loadingMore = signal(false);
  protected readonly moreError = signal<string | null>(null);
  /** Answers to an outdated filter are dropped: only the latest request may fill the table. */
  private generation = 0;

  protected readonly state = computed<LoadState>(() => (this.session.isAdmin() ? this.loadState() : 'forbidden'));

  ngOnInit(): void {
    if (this.session.isAdmin()) void this.reload();
  }

  protected applyFilter(event: Event | null, text: string): void {
    event?.preventDefault();
    this.filter.set(text.trim());
    void this.reload();
  }

  protected async reload(): Promise<void> {
    const generation = ++this.generation;
    this.loadState.set('loading');
    this.moreError.set(null);
    try {
      const page = await firstValueFrom(this.api.list({ limit: AUDIT_PAGE_SIZE, action: this.filter() || null }));
      if (generation !== this.generation) return;
      this.entries.set(page.items);
      this.nextBefore.set(page.nextBefore);
      this.loadState.set('ready');
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(error);
    }
  }

  protected async loadOlder(): Promise<void> {
    const before = this.nextBefore();
    if (!before || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    this.moreError.set(null);
    try {
      const page = await firstValueFrom(this.api.list({ limit: AUDIT_PAGE_SIZE, before, action: this.filter() || null }));
      if (generation !== this.generation) return;
      this.entries.update((entries) => [...entries, ...page.items]);
      this.nextBefore.set(page.nextBefore);
    } catch (error) {
      if (generation === this.generation) this.moreError.set(describeApiError(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected statusClass(entry: AuditEntry): string {
    if (entry.status >= 500) return 'badge-danger';
    if (entry.status >= 400) return 'badge-warning';
    return 'badge-success';
  }

  private fail(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 403) {
      // The API is the authority on roles: a role changed since sign-in shows the same message as the nav.
      this.loadState.set('forbidden');
      return;
    }
    this.error.set(describeApiError(error));
    this.loadState.set('error');
  }
}
