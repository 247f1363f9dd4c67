import { DatePipe, DOCUMENT, PercentPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  InjectionToken,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { IntegrationSummary, SyncRun } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError, isMissingRecord } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent, type PageState } from '../../shared/page-state.component';
import { IntegrationClientsComponent } from './integration-clients.component';
import { IntegrationHealthComponent } from './integration-health.component';
import { IntegrationsApiService } from './integrations-api.service';
import { describeCounts, describeDuration, isFinished, statusBadge, technicianTabUrl } from './sync-display';

/** How often a running sync is asked about. Tests set 0. */
export const SYNC_POLL_MS = new InjectionToken<number>('SYNC_POLL_MS', { factory: () => 1000 });

export const RECENT_RUNS = 10;

type Tab = 'overview' | 'clients';

/** One Halo link: health, syncs (with the held-sync decision), the technician tab URL, and its clients. */
@Component({
  selector: 'ent-integration-page',
  imports: [DatePipe, PercentPipe, RouterLink, IntegrationHealthComponent, IntegrationClientsComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ent-page-state [state]="state()" what="the link" [error]="error()" (retry)="reload()"
      notFoundTestId="link-not-found" notFoundText="This Halo link does not exist (any more)."
      backLink="/integrations" backLabel="Back to the integrations">
      <ng-template>
        @if (link(); as l) {
          <header class="page-header">
            <div>
              <p class="crumbs"><a routerLink="/integrations">Integrations</a> ›</p>
              <h1>{{ l.name }}</h1>
              <p class="muted"><code>{{ l.haloUrl }}</code> · client ID <code>{{ l.clientId }}</code> · syncs every {{ l.syncIntervalMinutes }} min
                @if (!l.enabled) { · <span class="badge badge-warning">disabled</span> }
              </p>
            </div>
          </header>

          <div class="tabs" role="tablist" aria-label="Link sections">
            <button type="button" role="tab" [attr.aria-selected]="tab() === 'overview'" (click)="tab.set('overview')">Overview</button>
            <button type="button" role="tab" [attr.aria-selected]="tab() === 'clients'" (click)="tab.set('clients')">Clients</button>
          </div>

          @if (tab() === 'clients') {
            <ent-integration-clients [integrationId]="l.id" />
          } @else {
            <section class="panel section" aria-labelledby="health-heading">
              <div class="section-head">
                <h2 id="health-heading">Health</h2>
                @if (session.isAdmin()) {
                  <button type="button" class="button" (click)="checkHealth()" [disabled]="checking()">
                    {{ checking() ? 'Checking…' : 'Run health check' }}
                  </button>
                }
              </div>
              @if (healthError(); as message) {
                <p class="error-text" role="alert">Could not run the check. {{ message }}</p>
              }
              @if (l.health; as health) {
                <ent-integration-health [health]="health" />
              } @else {
                <p class="muted">Not checked since the credentials last changed.</p>
              }
            </section>

            <section class="panel section" aria-labelledby="sync-heading">
              <div class="section-head">
                <h2 id="sync-heading">Syncs</h2>
                @if (session.isAdmin()) {
                  <button type="button" class="button button-primary" (click)="syncNow()" [disabled]="syncing()">
                    {{ syncing() ? 'Syncing…' : 'Sync now' }}
                  </button>
                }
              </div>
              @if (syncError(); as message) {
                <p class="error-text" role="alert">{{ message }}</p>
              }
              @if (activeRun(); as run) {
                <div class="progress" role="status" aria-live="polite" data-testid="sync-progress">
                  @if (run.status === 'running') {
                    <span class="spinner"></span> Syncing from Halo… {{ duration(run) }}
                  } @else {
                    <span class="badge" [class]="badge(run.status)">{{ run.status }}</span>
                    {{ describeCounts(run.counts) }} in {{ duration(run) }}
                    @if (run.haloRequests !== null) { · {{ run.haloRequests }} Halo requests }
                    @if (run.error) { <span class="error-text">· {{ run.error }}</span> }
                  }
                </div>
              }
              @if (heldRun(); as held) {
                <div class="held" data-testid="held-sync">
                  <h3>A sync is waiting for your decision</h3>
                  <p>
                    The sync of {{ held.startedAt | date: 'yyyy-MM-dd HH:mm' }} would drop more than
                    {{ (held.drop?.threshold ?? 0) | percent }} of what the last good sync had, so its data is held and nothing changed yet.
                  </p>
                  @if (held.drop; as drop) {
                    <ul>
                      <li>Contracts: {{ drop.contracts.dropped }} of {{ drop.contracts.before }} gone ({{ drop.contracts.share | percent: '1.0-1' }})</li>
                      <li>Recurring lines: {{ drop.recurringLines.dropped }} of {{ drop.recurringLines.before }} gone ({{ drop.recurringLines.share | percent: '1.0-1' }})</li>
                    </ul>
                  }
                  @if (session.isAdmin()) {
                    <p class="muted">Approve if the drop is real (contracts ended in Halo); discard if Halo answered wrongly.</p>
                    <div class="actions">
                      <button type="button" class="button button-primary" (click)="decide(held, 'approve')" [disabled]="deciding()">Approve the sync</button>
                      <button type="button" class="button" (click)="decide(held, 'discard')" [disabled]="deciding()">Discard it</button>
                    </div>
                  } @else {
                    <p class="muted">An administrator decides whether to apply it.</p>
                  }
                </div>
              }
              @if (runs().length === 0) {
                <p class="muted" data-testid="no-syncs">No sync yet.</p>
              } @else {
                <div class="table-wrap">
                  <table class="table" aria-label="Recent syncs">
                    <thead>
                      <tr>
                        <th scope="col">Started</th>
                        <th scope="col">Trigger</th>
                        <th scope="col">Status</th>
                        <th scope="col">Duration</th>
                        <th scope="col">Fetched</th>
                        <th scope="col">Error</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (run of runs(); track run.id) {
                        <tr>
                          <td class="nowrap" [title]="run.startedAt">{{ run.startedAt | date: 'yyyy-MM-dd HH:mm:ss' }}</td>
                          <td>{{ run.trigger }}</td>
                          <td><span class="badge" [class]="badge(run.status)">{{ run.status }}</span></td>
                          <td class="nowrap">{{ duration(run) }}</td>
                          <td class="counts">{{ describeCounts(run.counts) }}
                            @if (run.source) { <span class="muted">· via {{ run.source === 'report' ? 'Reporting API' : 'REST' }}</span> }
                          </td>
                          <td class="error-text">{{ run.error ?? '' }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
              }
            </section>

            <section class="panel section" aria-labelledby="tab-heading">
              <h2 id="tab-heading">The technician tab in Halo</h2>
              <p>Halo 2.125.5 and later show a custom tab as an iframe on tickets. Under <strong>Configuration › Custom Objects › Tabs</strong>,
                add a tab with Type <em>Iframe</em> and this URL, then allow it on your ticket types:</p>
              <div class="copy">
                <input type="text" readonly [value]="tabUrl()" aria-label="Custom tab URL" data-testid="tab-url" (focus)="select($event)" />
                <button type="button" class="button" (click)="copyTabUrl()">{{ copied() ? 'Copied' : 'Copy' }}</button>
              </div>
              <p class="muted">Halo replaces <code>$FAULTID</code> with the ticket id. Entitle must be on https for the tab to keep technicians
                signed in, and your Halo’s origin must be in <code>ENTITLE_FRAME_ANCESTORS</code> (<code>*.halopsa.com</code> is by default).</p>
            </section>
          }
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    .crumbs { margin: 0 0 0.25rem; font-size: 0.88rem; }
    .tabs { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--border); margin-bottom: 1rem; }
    .tabs button { font: inherit; font-weight: 550; background: none; border: 0; border-bottom: 2px solid transparent; padding: 0.5rem 0.9rem; cursor: pointer; color: var(--muted); }
    .tabs button[aria-selected='true'] { color: var(--text); border-bottom-color: var(--accent); }
    .section { padding: 1.25rem 1.5rem; margin-bottom: 1rem; }
    .section-head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: 0.75rem; }
    .section-head h2 { margin: 0; }
    .section .table-wrap { border: 1px solid var(--border); border-radius: var(--radius); }
    .progress { padding: 0.6rem 0.8rem; border-radius: var(--radius); background: var(--accent-soft); margin-bottom: 0.75rem; }
    .held { padding: 0.8rem 1rem; border: 1px solid #f1d39b; border-radius: var(--radius); background: var(--warning-soft); margin-bottom: 0.75rem; }
    .held h3 { margin: 0 0 0.25rem; font-size: 0.95rem; }
    .held ul { margin: 0.25rem 0; }
    .actions { display: flex; gap: 0.5rem; }
    .counts { font-size: 0.84rem; }
    .copy { display: flex; gap: 0.5rem; margin: 0.5rem 0; }
    .copy input { flex: 1; font-family: var(--mono); font-size: 0.85rem; }
    .badge-info { background: var(--accent-soft); color: var(--accent); }
  `,
})
export class IntegrationPageComponent {
  protected readonly session = inject(SessionService);
  private readonly api = inject(IntegrationsApiService);
  private readonly pollMs = inject(SYNC_POLL_MS);
  private readonly document = inject(DOCUMENT);

  /** The route's `:id`, bound by `withComponentInputBinding()`. */
  readonly id = input.required<string>();

  protected readonly state = signal<PageState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly tab = signal<Tab>('overview');
  protected readonly link = signal<IntegrationSummary | null>(null);
  protected readonly runs = signal<SyncRun[]>([]);
  protected readonly checking = signal(false);
  protected readonly healthError = signal<string | null>(null);
  protected readonly activeRun = signal<SyncRun | null>(null);
  protected readonly syncError = signal<string | null>(null);
  protected readonly deciding = signal(false);
  protected readonly copied = signal(false);

  protected readonly syncing = computed(() => this.activeRun()?.status === 'running');
  /** The newest run decides: an older held run was superseded by a later sync. */
  protected readonly heldRun = computed(() => {
    const newest = this.runs()[0];
    return newest?.status === 'held' ? newest : null;
  });
  protected readonly tabUrl = computed(() => technicianTabUrl(this.document.location.origin, this.id()));

  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.stopPolling();
    });
    // The router reuses this component from one link to another: a new id starts over.
    effect(() => {
      this.id();
      untracked(() => {
        this.stopPolling();
        this.activeRun.set(null);
        this.syncError.set(null);
        this.healthError.set(null);
        this.tab.set('overview');
        void this.reload();
      });
    });
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      const [link, runs] = await Promise.all([firstValueFrom(this.api.get(this.id())), firstValueFrom(this.api.syncRuns(this.id(), RECENT_RUNS))]);
      this.link.set(link);
      this.runs.set(runs);
      this.state.set('ready');
      // A sync started elsewhere (the schedule, another tab) shows its progress here too.
      const running = runs.find((run) => run.status === 'running');
      if (running && !this.activeRun()) {
        this.activeRun.set(running);
        this.schedulePoll(running.id);
      }
    } catch (error) {
      if (isMissingRecord(error)) {
        this.state.set('not-found');
        return;
      }
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  protected async checkHealth(): Promise<void> {
    if (this.checking()) return;
    this.checking.set(true);
    this.healthError.set(null);
    try {
      const health = await firstValueFrom(this.api.healthCheck(this.id()));
      this.link.update((link) => (link ? { ...link, health } : link));
    } catch (error) {
      this.healthError.set(describeApiError(error));
    } finally {
      this.checking.set(false);
    }
  }

  protected async syncNow(): Promise<void> {
    if (this.syncing()) return;
    this.syncError.set(null);
    try {
      const { run } = await firstValueFrom(this.api.startSync(this.id()));
      this.activeRun.set(run);
      if (isFinished(run)) await this.afterRun();
      else this.schedulePoll(run.id);
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 409) {
        // Another sync holds the link: follow that one rather than fail.
        await this.reload();
        if (!this.activeRun()) this.syncError.set(describeApiError(error));
        return;
      }
      this.syncError.set(`Could not start the sync. ${describeApiError(error)}`);
    }
  }

  protected async decide(run: SyncRun, decision: 'approve' | 'discard'): Promise<void> {
    if (this.deciding()) return;
    this.deciding.set(true);
    this.syncError.set(null);
    try {
      await firstValueFrom(this.api.decideHeldRun(this.id(), run.id, decision));
      await this.refreshRuns();
    } catch (error) {
      this.syncError.set(`Could not ${decision} the sync. ${describeApiError(error)}`);
    } finally {
      this.deciding.set(false);
    }
  }

  protected select(event: Event): void {
    (event.target as HTMLInputElement).select();
  }

  protected async copyTabUrl(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.tabUrl());
      this.copied.set(true);
    } catch {
      // No clipboard (plain http, or denied): the text box is selectable by hand.
      this.copied.set(false);
    }
  }

  protected badge = statusBadge;
  protected describeCounts = describeCounts;
  protected duration(run: SyncRun): string {
    return describeDuration(run);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private schedulePoll(runId: string): void {
    if (this.destroyed) return;
    this.pollTimer = setTimeout(() => void this.poll(runId), this.pollMs);
  }

  private async poll(runId: string): Promise<void> {
    this.pollTimer = null;
    try {
      const run = await firstValueFrom(this.api.syncRun(this.id(), runId));
      if (this.destroyed) return;
      this.activeRun.set(run);
      if (isFinished(run)) await this.afterRun();
      else this.schedulePoll(runId);
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 404) {
        // The run (or the link) is gone: asking again would never end.
        this.activeRun.set(null);
        this.syncError.set(`The sync can no longer be followed. ${describeApiError(error)}`);
        return;
      }
      // One failed poll (a restart, a blip) is not the run failing: say so and keep asking.
      this.syncError.set(`Lost touch with the sync for a moment. ${describeApiError(error)}`);
      this.schedulePoll(runId);
    }
  }

  private async afterRun(): Promise<void> {
    this.syncError.set(null);
    await this.refreshRuns();
  }

  private async refreshRuns(): Promise<void> {
    try {
      const [link, runs] = await Promise.all([firstValueFrom(this.api.get(this.id())), firstValueFrom(this.api.syncRuns(this.id(), RECENT_RUNS))]);
      this.link.set(link);
      this.runs.set(runs);
    } catch (error) {
      this.syncError.set(`Could not refresh the syncs. ${describeApiError(error)}`);
    }
  }
}
