import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, InjectionToken, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AGENT_OUTPUT_LIMIT_BYTES, type SessionAction, type SessionDetail } from '@entitle/domain';
import { firstValueFrom, type Subscription } from 'rxjs';
import { describeApiError, isMissingRecord } from '../../core/api';
import { PageStateComponent, type PageState } from '../../shared/page-state.component';
import { CHANGE_LABELS, describeDuration, isActive, PHASES, statusBadge, statusLabel, TRIGGER_SENTENCES } from './session-display';
import { SessionsApiService } from './sessions-api.service';

/** How often a pending or running session is asked about. Tests set 0. */
export const SESSION_POLL_MS = new InjectionToken<number>('SESSION_POLL_MS', { factory: () => 2000 });


/** One maintenance session, live while it runs: its phase, the plan with why, and each action with its log. */
@Component({
  selector: 'ent-session-page',
  imports: [DatePipe, RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ent-page-state [state]="state()" what="the session" [error]="error()" (retry)="reload()"
      notFoundTestId="session-not-found" notFoundText="This session does not exist (any more)."
      backLink="/sessions" backLabel="Back to the sessions">
      <ng-template>
        @if (session(); as s) {
          <header class="page-header">
            <div>
              <p class="crumbs"><a routerLink="/sessions">Sessions</a> ›</p>
              <h1>Maintenance of <a [routerLink]="['/computers', s.computerId]">{{ s.hostname }}</a></h1>
              <p class="muted">{{ s.tenantName }} · {{ triggers[s.trigger] }}
                @if (s.deployment; as d) { <a [routerLink]="['/deployments', d.id]">{{ d.label }}</a> }
                @if (s.createdBy && (s.trigger === 'manual' || s.trigger === 'deployment')) { · by {{ s.createdBy }} }
              </p>
            </div>
            @if (active()) {
              <button type="button" class="button" (click)="cancel()" [disabled]="cancelling()">{{ cancelling() ? 'Cancelling…' : 'Cancel session' }}</button>
            }
          </header>
          @if (message(); as text) {
            <div class="alert alert-error banner" role="alert" data-testid="session-message">{{ text }}</div>
          }

          <section class="panel section" aria-labelledby="progress-heading">
            <div class="section-head">
              <h2 id="progress-heading">Progress</h2>
              <span class="badge" [class]="badge(s.status)" data-testid="session-status">{{ label(s.status) }}</span>
            </div>
            <ol class="phases" aria-label="Phases">
              @for (p of phases; track p.id; let i = $index) {
                <li [class.done]="i < phaseIndex() && reachedAll()" [class.current]="i === phaseIndex()" [class.ended]="i === phaseIndex() && !reachedAll()"
                  [attr.aria-current]="i === phaseIndex() ? 'step' : null">{{ p.label }}</li>
              }
            </ol>
            <p class="summary" role="status" aria-live="polite" data-testid="session-summary">
              @if (active()) { <span class="spinner"></span> }
              {{ s.summary }}
            </p>
            @if (s.error) { <p class="error-text" data-testid="session-error">{{ s.error }}</p> }
            <dl class="times">
              <dt>Created</dt><dd>{{ s.createdAt | date: 'yyyy-MM-dd HH:mm:ss' }}</dd>
              <dt>Started</dt><dd>{{ s.startedAt ? (s.startedAt | date: 'yyyy-MM-dd HH:mm:ss') : 'not yet' }}</dd>
              <dt>Finished</dt><dd>{{ s.finishedAt ? (s.finishedAt | date: 'yyyy-MM-dd HH:mm:ss') : 'not yet' }}</dd>
              @if (s.status === 'pending') {
                <dt>Expires</dt><dd>{{ s.expiresAt | date: 'yyyy-MM-dd HH:mm' }}, when the computer has not checked in by then</dd>
              }
            </dl>
          </section>

          <section class="panel section" aria-labelledby="plan-heading">
            <h2 id="plan-heading">Plan</h2>
            @if (s.plan.length === 0) {
              <p class="muted" data-testid="plan-empty">
                @if (s.status === 'pending') {
                  The plan is made when the computer checks in.
                } @else if (!s.startedAt) {
                  No plan: the session ended before the computer checked in.
                } @else {
                  No deployment applies to this computer: nothing to do.
                }
              </p>
            } @else {
              <div class="table-wrap">
                <table class="table" aria-label="Plan">
                  <thead>
                    <tr>
                      <th scope="col">Software</th>
                      <th scope="col">Wanted</th>
                      <th scope="col">Detected</th>
                      <th scope="col">Change</th>
                      <th scope="col">Note</th>
                      <th scope="col">Final version</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (p of s.plan; track p.softwareId) {
                      <tr>
                        <td>{{ p.softwareName }}</td>
                        <td>{{ p.desiredAction }}{{ p.desiredVersion ? ' ' + p.desiredVersion : '' }}</td>
                        <td>{{ found(p.detectedVersion) }}</td>
                        <td>{{ p.change ? changes[p.change] : '—' }}</td>
                        <td>{{ p.note ?? '' }}</td>
                        <td>{{ found(p.finalVersion) }}</td>
                        <td>{{ p.reason }}<br /><a class="small" [routerLink]="['/deployments', p.deployment.id]">{{ p.deployment.label }}</a></td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            }
          </section>

          <section class="panel section" aria-labelledby="actions-heading">
            <h2 id="actions-heading">Actions</h2>
            @if (s.actions.length === 0) {
              <p class="muted" data-testid="actions-empty">No action handed to the agent{{ active() ? ' yet' : '' }}.</p>
            } @else {
              <div class="table-wrap">
                <table class="table" aria-label="Actions">
                  <thead>
                    <tr>
                      <th scope="col">Action</th>
                      <th scope="col">Status</th>
                      <th scope="col">Exit code</th>
                      <th scope="col">Duration</th>
                      <th scope="col">Output</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (a of s.actions; track a.id) {
                      <tr [attr.data-action]="a.id">
                        <td class="nowrap">{{ actionName(a) }} {{ a.softwareName }}{{ a.version ? ' ' + a.version : '' }}</td>
                        <td><span class="badge" [class]="badge(a.status)">{{ label(a.status) }}</span></td>
                        <td>{{ a.exitCode ?? '—' }}</td>
                        <td class="nowrap">{{ duration(a) || '—' }}</td>
                        <td class="output">
                          @if (a.output === null) {
                            <span class="muted">none yet</span>
                          } @else {
                            <details>
                              <summary>Output ({{ lines(a.output) }} {{ lines(a.output) === 1 ? 'line' : 'lines' }})</summary>
                              @if (a.outputTruncated) {
                                <p class="truncated" data-testid="output-truncated">
                                  The output was longer than {{ limitKb }} KB: the middle was left out, its start and end are kept.
                                </p>
                              }
                              <pre class="code">{{ a.output }}</pre>
                            </details>
                          }
                        </td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            }
          </section>
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    .banner { margin-bottom: 1rem; }
    .phases { display: flex; flex-wrap: wrap; gap: 0.35rem; list-style: none; padding: 0; margin: 0 0 0.75rem; }
    .phases li { padding: 0.2rem 0.65rem; border-radius: 999px; border: 1px solid var(--border); color: var(--muted); font-size: 0.85rem; }
    .phases li.done { color: var(--success); border-color: #b7dfc3; background: var(--success-soft); }
    .phases li.current { color: #fff; background: var(--accent); border-color: var(--accent); font-weight: 600; }
    .phases li.current.ended { color: var(--text); background: #eef1f5; border-color: var(--border); }
    .summary { margin: 0 0 0.5rem; }
    .times { display: grid; grid-template-columns: 6rem 1fr; gap: 0.2rem 1rem; margin: 0; font-size: 0.88rem; }
    .times dt { color: var(--muted); }
    .times dd { margin: 0; }
    .small { font-size: 0.82rem; }
    .output { min-width: 18rem; }
    .output summary { cursor: pointer; color: var(--accent); }
    .output pre { margin-top: 0.4rem; }
    .truncated { margin: 0.4rem 0 0; font-size: 0.82rem; color: var(--warning); }
  `,
})
export class SessionPageComponent {
  private readonly api = inject(SessionsApiService);
  private readonly pollMs = inject(SESSION_POLL_MS);

  /** The route's `:id`, bound by `withComponentInputBinding()`. */
  readonly id = input.required<string>();

  protected readonly phases = PHASES;
  protected readonly triggers = TRIGGER_SENTENCES;
  protected readonly changes = CHANGE_LABELS;
  protected readonly limitKb = AGENT_OUTPUT_LIMIT_BYTES / 1024;
  protected readonly badge = statusBadge;
  protected readonly label = statusLabel;
  protected readonly state = signal<PageState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly session = signal<SessionDetail | null>(null);
  protected readonly cancelling = signal(false);
  protected readonly active = computed(() => {
    const s = this.session();
    return !!s && isActive(s.status);
  });
  protected readonly phaseIndex = computed(() => PHASES.findIndex((p) => p.id === this.session()?.phase));
  /**
   * Whether the steps before the current one all ran: true while the session runs and when it succeeded. A session that
   * failed, expired or was cancelled is "done" without saying how far it got, so no step shows as passed.
   */
  protected readonly reachedAll = computed(() => {
    const status = this.session()?.status;
    return status === 'pending' || status === 'running' || status === 'succeeded';
  });

  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** The poll request on its way: cancelled with the polling, so a late answer never overwrites a newer one. */
  private pollRequest: Subscription | null = null;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.stopPolling();
    });
    effect(() => {
      this.id();
      untracked(() => {
        this.stopPolling();
        this.message.set(null);
        void this.reload();
      });
    });
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      this.show(await firstValueFrom(this.api.get(this.id())));
      this.state.set('ready');
    } catch (error) {
      if (isMissingRecord(error)) {
        this.state.set('not-found');
        return;
      }
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  protected async cancel(): Promise<void> {
    if (this.cancelling()) return;
    this.cancelling.set(true);
    this.message.set(null);
    this.stopPolling();
    try {
      this.show(await firstValueFrom(this.api.cancel(this.id())));
    } catch (error) {
      this.message.set(`Could not cancel the session. ${describeApiError(error)}`);
      this.schedulePoll();
    } finally {
      this.cancelling.set(false);
    }
  }

  protected found(version: string | null | undefined): string {
    if (version === undefined) return '—';
    return version ?? 'absent';
  }

  protected actionName(action: SessionAction): string {
    return action.type === 'install' && action.upgrade ? 'upgrade' : action.type;
  }

  protected duration(action: SessionAction): string {
    return describeDuration(action.startedAt, action.finishedAt);
  }

  protected lines(output: string): number {
    return output === '' ? 0 : output.replace(/\n$/, '').split('\n').length;
  }

  /** Shows an answer and keeps asking while the session can still change. */
  private show(session: SessionDetail): void {
    this.session.set(session);
    if (isActive(session.status)) this.schedulePoll();
    else this.stopPolling();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.pollRequest?.unsubscribe();
    this.pollRequest = null;
  }

  private schedulePoll(): void {
    if (this.destroyed || this.pollTimer || this.pollRequest) return;
    this.pollTimer = setTimeout(() => this.poll(), this.pollMs);
  }

  private poll(): void {
    this.pollTimer = null;
    this.pollRequest = this.api.get(this.id()).subscribe({
      next: (session) => {
        this.pollRequest = null;
        this.message.set(null);
        this.show(session);
      },
      error: (error: unknown) => {
        this.pollRequest = null;
        if (error instanceof HttpErrorResponse && error.status === 404) {
          this.message.set(`The session can no longer be followed. ${describeApiError(error)}`);
          return;
        }
        // One failed poll (a restart, a blip) is not the session failing: say so and keep asking.
        this.message.set(`Lost touch with the session for a moment. ${describeApiError(error)}`);
        this.schedulePoll();
      },
    });
  }
}
