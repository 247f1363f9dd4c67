import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked, type WritableSignal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  COMPUTER_KINDS,
  type ComputerKind,
  type ComputerSummary,
  type DesiredState,
  type InventoryEntry,
  type SessionSummary,
  type UpdateComputerRequest,
} from '@entitle/domain';
import { firstValueFrom, type Observable } from 'rxjs';
import { describeApiError, isMissingRecord } from '../../core/api';
import { formErrors } from '../../core/form-errors';
import { SessionService } from '../../core/session.service';
import { ConfirmButtonComponent } from '../../shared/confirm-button.component';
import { PageStateComponent, type PageState } from '../../shared/page-state.component';
import { SessionsApiService } from '../sessions/sessions-api.service';
import { SessionsTableComponent } from '../sessions/sessions-table.component';
import { PLATFORM_LABELS } from '../software/software-display';
import { KIND_LABELS } from './computer-display';
import { ComputersApiService, type HaloSite } from './computers-api.service';

/** A part of the page that loads on its own: one failing leaves the rest readable. */
interface Part<T> {
  state: 'loading' | 'ready' | 'error';
  value: T | null;
  error: string | null;
}
const FIELDS = ['haloSiteId', 'primaryUserEmail', 'kind'] as const;
type Field = (typeof FIELDS)[number];

export const RECENT_SESSIONS = 10;

const loading = <T>(): Part<T> => ({ state: 'loading', value: null, error: null });

/**
 * One computer: what it is, where it sits in Halo, what it should have and why (the desired state, with the winning
 * and the shadowed deployments), what detection found, and its recent maintenance sessions.
 */
@Component({
  selector: 'ent-computer-page',
  imports: [DatePipe, ReactiveFormsModule, RouterLink, ConfirmButtonComponent, SessionsTableComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ent-page-state [state]="state()" what="the computer" [error]="error()" (retry)="reload()"
      notFoundTestId="computer-not-found" notFoundText="This computer does not exist (any more)."
      backLink="/computers" backLabel="Back to the computers">
      <ng-template>
        @if (computer(); as c) {
          <header class="page-header">
            <div>
              <p class="crumbs"><a routerLink="/computers">Computers</a> ›</p>
              <h1><span class="dot" [class.online]="c.online"></span>{{ c.hostname }}</h1>
              <p class="muted">{{ c.tenantName }} · {{ kindLabel[c.kind] }} · {{ platformLabel[c.platform] }} ·
                <span data-testid="online">{{ c.online ? 'online' : 'offline' }}</span>
                @if (!c.agentActive) { · <span class="badge badge-danger">agent revoked</span> }
              </p>
            </div>
            <div class="header-actions">
              <button type="button" class="button button-primary" (click)="runMaintenance(c)" [disabled]="starting()">
                {{ starting() ? 'Starting…' : 'Run maintenance' }}
              </button>
              @if (session.isAdmin()) {
                @if (c.agentActive) {
                  <ent-confirm-button label="Revoke agent" [question]="'Revoke the agent of ' + c.hostname + '? Its check-ins are refused until it enrolls again.'"
                    confirmLabel="Revoke" [busy]="busy()" (confirmed)="revokeAgent(c)" />
                }
                <ent-confirm-button label="Delete" [question]="'Delete ' + c.hostname + ' from Entitle?'" confirmLabel="Delete" [busy]="busy()" (confirmed)="remove(c)" />
              }
            </div>
          </header>
          @if (message(); as text) {
            <div class="alert alert-error banner" role="alert" data-testid="computer-message">
              {{ text }}
              @if (skipped()) { <a [routerLink]="['/sessions']" [queryParams]="{ computerId: c.id }">See its sessions</a> }
            </div>
          }

          <div class="columns">
            <section class="panel section" aria-labelledby="facts-heading">
              <h2 id="facts-heading">Facts</h2>
              <dl class="facts">
                <dt>Operating system</dt><dd>{{ c.osName ?? platformLabel[c.platform] }} {{ c.osVersion ?? '' }}</dd>
                <dt>Serial</dt><dd>{{ c.serial ?? '—' }}</dd>
                <dt>Hardware ID</dt><dd><code>{{ c.hardwareId }}</code></dd>
                <dt>Logged-in user</dt><dd>{{ c.loggedInUser ?? '—' }}</dd>
                <dt>Agent</dt><dd>{{ c.agentVersion ?? '—' }} @if (!c.agentActive) { <span class="badge badge-danger">revoked</span> }</dd>
                <dt>Enrolled</dt><dd>{{ c.enrolledAt | date: 'yyyy-MM-dd HH:mm' }}</dd>
                <dt>Last seen</dt><dd>{{ c.lastSeenAt ? (c.lastSeenAt | date: 'yyyy-MM-dd HH:mm:ss') : 'never' }}</dd>
                <dt>Online</dt><dd>{{ c.online ? 'yes' : 'no' }}</dd>
              </dl>
            </section>

            <section class="panel section" aria-labelledby="settings-heading">
              <h2 id="settings-heading">In Halo and for targeting</h2>
              @if (session.isAdmin()) {
                <form [formGroup]="form" (ngSubmit)="save(c)" novalidate aria-label="Computer settings">
                  @if (formError(); as text) {
                    <div class="alert alert-error" role="alert" data-testid="form-error">{{ text }}</div>
                  }
                  @if (saved()) {
                    <div class="alert alert-ok" role="status" data-testid="form-saved">Saved. It counts from the next maintenance session.</div>
                  }
                  <div class="field">
                    <label for="computer-haloSiteId">Halo site</label>
                    <select id="computer-haloSiteId" formControlName="haloSiteId" [attr.aria-invalid]="!!fieldError('haloSiteId')"
                      [attr.aria-describedby]="fieldError('haloSiteId') ? 'computer-haloSiteId-error' : 'computer-haloSiteId-hint'">
                      <option value="">Not set</option>
                      @for (site of sites(); track site.id) { <option [value]="'' + site.id">{{ site.name }}</option> }
                    </select>
                    @if (fieldError('haloSiteId'); as text) {
                      <p class="field-error" id="computer-haloSiteId-error">{{ text }}</p>
                    } @else {
                      <p class="hint muted" id="computer-haloSiteId-hint">
                        @if (sitesLoaded() && sites().length === 0) {
                          {{ c.tenantName }} is not mapped to a Halo client, so there is no site to choose.
                        } @else {
                          Contracts scoped to a site cover only the computers at that site.
                        }
                      </p>
                    }
                  </div>
                  <div class="field">
                    <label for="computer-primaryUserEmail">Primary user e-mail</label>
                    <input id="computer-primaryUserEmail" type="email" formControlName="primaryUserEmail" autocomplete="off"
                      [attr.aria-invalid]="!!fieldError('primaryUserEmail')" [attr.aria-describedby]="fieldError('primaryUserEmail') ? 'computer-primaryUserEmail-error' : null" />
                    @if (fieldError('primaryUserEmail'); as text) { <p class="field-error" id="computer-primaryUserEmail-error">{{ text }}</p> }
                  </div>
                  <div class="field">
                    <label for="computer-kind">Kind</label>
                    <select id="computer-kind" formControlName="kind" [attr.aria-invalid]="!!fieldError('kind')"
                      [attr.aria-describedby]="fieldError('kind') ? 'computer-kind-error' : null">
                      @for (k of kinds; track k) { <option [value]="k">{{ kindLabel[k] }}</option> }
                    </select>
                    @if (fieldError('kind'); as text) { <p class="field-error" id="computer-kind-error">{{ text }}</p> }
                  </div>
                  <div>
                    <button type="submit" class="button" [disabled]="saving()">{{ saving() ? 'Saving…' : 'Save' }}</button>
                  </div>
                </form>
              } @else {
                <dl class="facts">
                  <dt>Halo site</dt><dd>{{ c.haloSiteName ?? 'not set' }}</dd>
                  <dt>Primary user</dt><dd>{{ c.primaryUserEmail ?? 'not set' }}</dd>
                  <dt>Kind</dt><dd>{{ kindLabel[c.kind] }}</dd>
                </dl>
              }
            </section>
          </div>

          <section class="panel section" aria-labelledby="desired-heading">
            <h2 id="desired-heading">What it should have, and why</h2>
            @let desired = desiredState();
            @switch (desired.state) {
              @case ('loading') { <p role="status"><span class="spinner"></span> Resolving its deployments…</p> }
              @case ('error') {
                <p class="error-text" role="alert">Could not resolve its deployments. {{ desired.error }}
                  <button type="button" class="button button-ghost" (click)="loadDesired()">Try again</button></p>
              }
              @default {
                @if (!desired.value?.entries?.length) {
                  <p class="muted" data-testid="desired-empty">No deployment covers this computer: maintenance changes nothing on it.</p>
                } @else {
                  <p class="muted small">Resolved as of {{ desired.value?.asOf }}. Where several deployments cover it, the most specific wins
                    (computer, then tenant, then Halo contracts and recurring items, then all); the others are shadowed.</p>
                  <div class="table-wrap">
                    <table class="table" aria-label="Desired state">
                      <thead>
                        <tr>
                          <th scope="col">Software</th>
                          <th scope="col">Wanted</th>
                          <th scope="col">Enforcement</th>
                          <th scope="col">Winning deployment</th>
                          <th scope="col">Why</th>
                          <th scope="col">Shadowed</th>
                          <th scope="col">Detected</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (e of desired.value?.entries ?? []; track e.softwareId) {
                          <tr [attr.data-software]="e.software">
                            <td>{{ e.softwareName }}</td>
                            <td>{{ wanted(e.action, e.version, e.resolvedVersion) }}</td>
                            <td>{{ e.enforcement }}</td>
                            <td><a [routerLink]="['/deployments', e.deployment.id]">{{ e.deployment.label }}</a></td>
                            <td>{{ e.reason }}</td>
                            <td>
                              @for (s of e.shadowed; track s.id; let last = $last) {
                                <a [routerLink]="['/deployments', s.id]">{{ s.label }}</a>@if (!last) {<br />}
                              } @empty {
                                <span class="muted">none</span>
                              }
                            </td>
                            <td>
                              @if (e.detected; as d) {
                                {{ d.version ?? 'absent' }} <span class="muted small">{{ d.detectedAt | date: 'yyyy-MM-dd HH:mm' }}</span>
                              } @else {
                                <span class="muted">not detected yet</span>
                              }
                            </td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                }
              }
            }
          </section>

          <section class="panel section" aria-labelledby="inventory-heading">
            <h2 id="inventory-heading">Detected software</h2>
            @let inventory = inventoryPart();
            @switch (inventory.state) {
              @case ('loading') { <p role="status"><span class="spinner"></span> Loading what detection found…</p> }
              @case ('error') {
                <p class="error-text" role="alert">Could not load the detected software. {{ inventory.error }}
                  <button type="button" class="button button-ghost" (click)="loadInventory()">Try again</button></p>
              }
              @default {
                @if (!inventory.value?.length) {
                  <p class="muted" data-testid="inventory-empty">Nothing detected yet: detection runs in each maintenance session.</p>
                } @else {
                  <div class="table-wrap">
                    <table class="table" aria-label="Detected software">
                      <thead><tr><th scope="col">Software</th><th scope="col">Version</th><th scope="col">Detected</th></tr></thead>
                      <tbody>
                        @for (i of inventory.value ?? []; track i.softwareId) {
                          <tr>
                            <td>{{ i.softwareName }}</td>
                            <td>{{ i.version ?? 'absent' }}</td>
                            <td class="nowrap">{{ i.detectedAt | date: 'yyyy-MM-dd HH:mm' }}</td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                }
              }
            }
          </section>

          <section class="panel section" aria-labelledby="sessions-heading">
            <div class="section-head">
              <h2 id="sessions-heading">Recent sessions</h2>
              <a [routerLink]="['/sessions']" [queryParams]="{ computerId: c.id }">All its sessions</a>
            </div>
            @let recent = sessionsPart();
            @switch (recent.state) {
              @case ('loading') { <p role="status"><span class="spinner"></span> Loading its sessions…</p> }
              @case ('error') {
                <p class="error-text" role="alert">Could not load its sessions. {{ recent.error }}
                  <button type="button" class="button button-ghost" (click)="loadSessions()">Try again</button></p>
              }
              @default {
                @if (!recent.value?.length) {
                  <p class="muted" data-testid="sessions-empty">No maintenance session yet. Run maintenance starts one.</p>
                } @else {
                  <ent-sessions-table [sessions]="recent.value ?? []" [showComputer]="false" />
                }
              }
            }
          </section>
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    .banner { margin-bottom: 1rem; }
    .header-actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 1rem; }
    .facts { display: grid; grid-template-columns: 9rem 1fr; gap: 0.35rem 1rem; margin: 0; }
    .facts dt { color: var(--muted); font-size: 0.88rem; }
    .facts dd { margin: 0; word-break: break-word; }
    form { display: grid; gap: 0.9rem; }
    .small { font-size: 0.82rem; }
    h1 .dot { width: 0.75rem; height: 0.75rem; vertical-align: 0.15rem; margin-right: 0.5rem; }
  `,
})
export class ComputerPageComponent {
  protected readonly session = inject(SessionService);
  private readonly api = inject(ComputersApiService);
  private readonly sessionsApi = inject(SessionsApiService);
  private readonly router = inject(Router);

  /** The route's `:id`, bound by `withComponentInputBinding()`. */
  readonly id = input.required<string>();

  protected readonly kinds = COMPUTER_KINDS;
  protected readonly kindLabel = KIND_LABELS;
  protected readonly platformLabel = PLATFORM_LABELS;

  protected readonly state = signal<PageState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly computer = signal<ComputerSummary | null>(null);
  protected readonly desiredState = signal<Part<DesiredState>>(loading());
  protected readonly inventoryPart = signal<Part<InventoryEntry[]>>(loading());
  protected readonly sessionsPart = signal<Part<SessionSummary[]>>(loading());
  protected readonly sites = signal<HaloSite[]>([]);
  protected readonly sitesLoaded = signal(false);
  protected readonly message = signal<string | null>(null);
  /** The last Run maintenance was skipped (a session is already under way). */
  protected readonly skipped = signal(false);
  protected readonly starting = signal(false);
  protected readonly busy = signal(false);
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly serverErrors = signal<Partial<Record<Field, string>>>({});

  protected readonly form = inject(NonNullableFormBuilder).group({
    haloSiteId: [''],
    primaryUserEmail: ['', Validators.email],
    kind: ['workstation' as ComputerKind],
  });

  constructor() {
    effect(() => {
      this.id();
      untracked(() => {
        this.message.set(null);
        void this.reload();
      });
    });
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      this.showComputer(await firstValueFrom(this.api.get(this.id())));
      this.state.set('ready');
    } catch (error) {
      if (isMissingRecord(error)) {
        this.state.set('not-found');
        return;
      }
      this.error.set(describeApiError(error));
      this.state.set('error');
      return;
    }
    void this.loadDesired();
    void this.loadInventory();
    void this.loadSessions();
    if (this.session.isAdmin()) void this.loadSites();
  }

  protected loadDesired(): Promise<void> {
    return this.loadPart(this.desiredState, this.api.desiredState(this.id()));
  }

  protected loadInventory(): Promise<void> {
    return this.loadPart(this.inventoryPart, this.api.inventory(this.id()));
  }

  protected async loadSessions(): Promise<void> {
    this.sessionsPart.set(loading());
    try {
      const page = await firstValueFrom(this.sessionsApi.list({ computerId: this.id(), limit: RECENT_SESSIONS }));
      this.sessionsPart.set({ state: 'ready', value: page.items, error: null });
    } catch (error) {
      this.sessionsPart.set({ state: 'error', value: null, error: describeApiError(error) });
    }
  }

  protected wanted(action: string, version: string | null, resolved: string | null): string {
    if (action !== 'install') return action;
    if (version === 'latest') return `install latest${resolved ? ` (${resolved})` : ''}`;
    return `install ${version ?? ''}`.trim();
  }

  protected fieldError(field: Field): string | null {
    const server = this.serverErrors()[field];
    if (server) return server;
    if (field === 'primaryUserEmail' && this.form.controls.primaryUserEmail.hasError('email')) return 'Enter an e-mail address, or leave it empty.';
    return null;
  }

  protected async save(c: ComputerSummary): Promise<void> {
    this.serverErrors.set({});
    this.formError.set(null);
    this.saved.set(false);
    if (this.form.invalid || this.saving()) return;
    const value = this.form.getRawValue();
    const body: UpdateComputerRequest = {
      haloSiteId: value.haloSiteId === '' ? null : Number(value.haloSiteId),
      primaryUserEmail: value.primaryUserEmail.trim() || null,
      kind: value.kind,
    };
    this.saving.set(true);
    try {
      this.showComputer(await firstValueFrom(this.api.update(c.id, body)));
      this.saved.set(true);
      // The kind and the site change what covers it.
      void this.loadDesired();
    } catch (error) {
      const { fields, message } = formErrors(error, (f) => (FIELDS as readonly string[]).includes(f), 'Only an administrator can change a computer.');
      this.serverErrors.set(fields);
      this.formError.set(message);
    } finally {
      this.saving.set(false);
    }
  }

  protected async runMaintenance(c: ComputerSummary): Promise<void> {
    if (this.starting()) return;
    this.starting.set(true);
    this.message.set(null);
    this.skipped.set(false);
    try {
      const { sessions, skipped } = await firstValueFrom(this.sessionsApi.start({ computerId: c.id }));
      const started = sessions[0];
      if (started) {
        await this.router.navigate(['/sessions', started.id]);
        return;
      }
      this.message.set(`No session started: ${skipped[0]?.reason ?? 'the API started none'}.`);
      this.skipped.set(skipped.length > 0);
    } catch (error) {
      this.message.set(`Could not start maintenance. ${describeApiError(error)}`);
    } finally {
      this.starting.set(false);
    }
  }

  protected async revokeAgent(c: ComputerSummary): Promise<void> {
    await this.act(async () => this.showComputer(await firstValueFrom(this.api.revokeAgent(c.id))), 'Could not revoke the agent.');
  }

  protected async remove(c: ComputerSummary): Promise<void> {
    await this.act(async () => {
      await firstValueFrom(this.api.remove(c.id));
      await this.router.navigate(['/computers']);
    }, `Could not delete ${c.hostname}.`);
  }

  private async act(change: () => Promise<void>, failure: string): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    this.skipped.set(false);
    try {
      await change();
    } catch (error) {
      this.message.set(`${failure} ${describeApiError(error)}`);
    } finally {
      this.busy.set(false);
    }
  }

  private showComputer(c: ComputerSummary): void {
    this.computer.set(c);
    this.form.reset({ haloSiteId: c.haloSiteId === null ? '' : String(c.haloSiteId), primaryUserEmail: c.primaryUserEmail ?? '', kind: c.kind });
    this.sites.update((sites) => this.withCurrentSite(sites));
  }

  /** A site the list does not hold (the mapping changed since) still shows, by name, until changed. */
  private withCurrentSite(sites: HaloSite[]): HaloSite[] {
    const c = this.computer();
    if (!c || c.haloSiteId === null || sites.some((s) => s.id === c.haloSiteId)) return sites;
    return [...sites, { id: c.haloSiteId, name: c.haloSiteName ?? `site ${c.haloSiteId}` }];
  }

  private async loadSites(): Promise<void> {
    try {
      const sites = await firstValueFrom(this.api.haloSites(this.id()));
      this.sites.set(this.withCurrentSite(sites));
      this.sitesLoaded.set(true);
    } catch {
      // Without the list the select offers the current site only; saving still works.
    }
  }

  private async loadPart<T>(part: WritableSignal<Part<T>>, request: Observable<T>): Promise<void> {
    part.set(loading());
    try {
      part.set({ state: 'ready', value: await firstValueFrom(request), error: null });
    } catch (error) {
      part.set({ state: 'error', value: null, error: describeApiError(error) });
    }
  }
}
