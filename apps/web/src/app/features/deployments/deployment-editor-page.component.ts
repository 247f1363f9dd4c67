import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  COMPUTER_KINDS,
  type ComputerSummary,
  DEPLOYMENT_ACTIONS,
  type DeploymentPreview,
  type DeploymentPreviewRequest,
  type DeploymentSummary,
  ENFORCEMENTS,
  type IntegrationSummary,
  type SoftwareSummary,
  type TenantSummary,
} from '@entitle/domain';
import { catchError, debounceTime, distinctUntilChanged, firstValueFrom, map, type Observable, of, startWith, switchMap } from 'rxjs';
import { describeApiError, isMissingRecord } from '../../core/api';
import { formErrors } from '../../core/form-errors';
import { SessionService } from '../../core/session.service';
import { ConfirmButtonComponent } from '../../shared/confirm-button.component';
import { PageStateComponent, type PageState } from '../../shared/page-state.component';
import { KIND_LABELS } from '../computers/computer-display';
import { ComputersApiService } from '../computers/computers-api.service';
import { IntegrationsApiService } from '../integrations/integrations-api.service';
import { SessionsApiService } from '../sessions/sessions-api.service';
import { SoftwareApiService } from '../software/software-api.service';
import { PLATFORM_LABELS } from '../software/software-display';
import { TenantsApiService } from '../tenants/tenants-api.service';
import { ACTION_LABELS, ENFORCEMENT_LABELS } from './deployment-display';
import { buildDeploymentForm, formValueOf, toInput } from './deployment-form';
import { PREVIEW_DEBOUNCE_MS, type PreviewState, DeploymentPreviewComponent } from './deployment-preview.component';
import { DeploymentTargetComponent } from './deployment-target.component';
import { DeploymentsApiService } from './deployments-api.service';

/** What the preview asks: the saved deployment as it stands, or a draft (standing in for the saved one when editing). */
type Question = { kind: 'saved'; id: string; key: string } | { kind: 'draft'; body: DeploymentPreviewRequest; key: string } | null;
type Answer = { state: PreviewState; preview?: DeploymentPreview; error?: string };

const FIELDS = ['softwareId', 'action', 'version', 'enforcement', 'priority', 'computerKinds', 'notes'] as const;

/**
 * Creates or edits a deployment, every field of it, with a live preview beside the form: each complete draft is resolved
 * (after a short pause in typing) into the computers it would win on and those where another deployment wins.
 */
@Component({
  selector: 'ent-deployment-editor-page',
  imports: [ReactiveFormsModule, RouterLink, ConfirmButtonComponent, DeploymentPreviewComponent, DeploymentTargetComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <p class="crumbs"><a routerLink="/deployments">Deployments</a> ›</p>
        <h1>{{ saved()?.label ?? 'New deployment' }}</h1>
        <p class="muted">What to do with which software, where, and when it applies.</p>
      </div>
      @if (saved(); as d) {
        <div class="header-actions">
          <button type="button" class="button" (click)="runNow(d)" [disabled]="starting() || dirty()"
            [title]="dirty() ? 'Save the changes first: Run now applies the saved deployment.' : ''">{{ starting() ? 'Starting…' : 'Run now' }}</button>
          @if (session.isAdmin()) {
            <ent-confirm-button label="Delete" [question]="'Delete this deployment? Computers keep what they have; the next sessions stop applying it.'"
              confirmLabel="Delete" [busy]="busy()" (confirmed)="remove(d)" />
          }
        </div>
      }
    </header>

    @if (!id() && !session.isAdmin()) {
      <div class="panel state" data-testid="admins-only">
        <h2>Admins only</h2>
        <p class="muted">Only an administrator can create deployments. The existing ones are on the Deployments page.</p>
      </div>
    } @else {
      <ent-page-state [state]="state()" what="the deployment" loadingText="Loading…" [error]="error()" (retry)="reload()"
        notFoundTestId="deployment-not-found" notFoundText="This deployment does not exist (any more)."
        backLink="/deployments" backLabel="Back to the deployments">
        <ng-template>
          @if (message(); as text) {
            <div class="alert banner" [class.alert-ok]="!messageIsError()" [class.alert-error]="messageIsError()" role="status" data-testid="deployment-message">
              {{ text }}
              @if (runLink()) { <a routerLink="/sessions" [queryParams]="{ deploymentId: saved()?.id }">Follow them</a> }
            </div>
          }
          <div class="editor">
            <form class="panel section" [formGroup]="form" (ngSubmit)="save()" novalidate aria-label="Deployment">
              @if (formError(); as text) {
                <div class="alert alert-error" role="alert" data-testid="form-error">{{ text }}</div>
              }
              <div class="field">
                <label for="deployment-softwareId">Software</label>
                <select id="deployment-softwareId" formControlName="softwareId" [attr.aria-invalid]="!!fieldError('softwareId')"
                  [attr.aria-describedby]="fieldError('softwareId') ? 'deployment-softwareId-error' : null">
                  <option value="" disabled>Choose the software…</option>
                  @for (s of software(); track s.id) { <option [value]="s.id">{{ s.name }} ({{ platformLabel[s.platform] }})</option> }
                </select>
                @if (fieldError('softwareId'); as text) { <p class="field-error" id="deployment-softwareId-error">{{ text }}</p> }
                @if (software().length === 0) { <p class="hint muted">No software yet: <a routerLink="/software/new">add one</a> first.</p> }
              </div>

              <fieldset>
                <legend>Action</legend>
                @for (a of actions; track a) {
                  <label class="choice"><input type="radio" formControlName="action" [value]="a" /> <strong>{{ actionLabel[a].label }}</strong>
                    <span class="muted">{{ actionLabel[a].hint }}</span></label>
                }
                @if (fieldError('action'); as text) { <p class="field-error">{{ text }}</p> }
              </fieldset>

              @if (value().action === 'install') {
                <div class="field">
                  <label for="deployment-version">Version</label>
                  <select id="deployment-version" formControlName="version" [attr.aria-invalid]="!!fieldError('version')"
                    [attr.aria-describedby]="fieldError('version') ? 'deployment-version-error' : 'deployment-version-hint'">
                    <option value="latest">Latest{{ chosenSoftware()?.latestVersion ? ' (today ' + chosenSoftware()?.latestVersion + ')' : '' }}</option>
                    @for (v of chosenSoftware()?.versions ?? []; track v.id) { <option [value]="v.version">{{ v.version }}</option> }
                  </select>
                  @if (fieldError('version'); as text) {
                    <p class="field-error" id="deployment-version-error">{{ text }}</p>
                  } @else {
                    <p class="hint muted" id="deployment-version-hint">Latest follows each new version you add; a fixed version pins it.</p>
                  }
                </div>
              }

              <fieldset>
                <legend>Enforcement</legend>
                @for (e of enforcements; track e) {
                  <label class="choice"><input type="radio" formControlName="enforcement" [value]="e" /> <strong>{{ enforcementLabel[e].label }}</strong>
                    <span class="muted">{{ enforcementLabel[e].hint }}</span></label>
                }
                @if (fieldError('enforcement'); as text) { <p class="field-error">{{ text }}</p> }
              </fieldset>

              <div class="field narrow">
                <label for="deployment-priority">Priority</label>
                <input id="deployment-priority" type="number" step="1" formControlName="priority" [attr.aria-invalid]="!!fieldError('priority')"
                  [attr.aria-describedby]="fieldError('priority') ? 'deployment-priority-error' : 'deployment-priority-hint'" />
                @if (fieldError('priority'); as text) {
                  <p class="field-error" id="deployment-priority-error">{{ text }}</p>
                } @else {
                  <p class="hint muted" id="deployment-priority-hint">Between equally specific deployments of the same software, the lower number wins.</p>
                }
              </div>

              <fieldset formGroupName="kinds">
                <legend>Computer kinds</legend>
                <div class="inline">
                  @for (k of kinds; track k) {
                    <label class="choice"><input type="checkbox" [formControlName]="k" /> {{ kindLabel[k] }}</label>
                  }
                </div>
                @if (fieldError('computerKinds'); as text) {
                  <p class="field-error">{{ text }}</p>
                } @else {
                  <p class="hint muted">None ticked: every kind.</p>
                }
              </fieldset>

              <ent-deployment-target [form]="form.controls.target" [tenants]="tenants()" [integrations]="integrations()"
                [computer]="savedComputer()" [readonly]="!session.isAdmin()" [error]="fieldError('target')" />

              <div class="field">
                <label for="deployment-notes">Notes (optional)</label>
                <textarea id="deployment-notes" rows="2" formControlName="notes" [attr.aria-invalid]="!!fieldError('notes')"></textarea>
                @if (fieldError('notes'); as text) { <p class="field-error">{{ text }}</p> }
              </div>

              <p class="applies" data-testid="applies-later">Saving changes nothing on any computer: it applies at the next maintenance session.</p>
              @if (session.isAdmin()) {
                <div class="actions">
                  <a class="button" routerLink="/deployments">Cancel</a>
                  <button type="submit" class="button button-primary" [disabled]="busy()">
                    {{ busy() ? 'Saving…' : saved() ? 'Save changes' : 'Create deployment' }}
                  </button>
                </div>
              }
            </form>
            <aside>
              <ent-deployment-preview [state]="previewState()" [preview]="preview()" [error]="previewError()" />
            </aside>
          </div>
        </ng-template>
      </ent-page-state>
    }
  `,
  styles: `
    .banner { margin-bottom: 1rem; }
    .header-actions { display: flex; gap: 0.5rem; align-items: center; }
    .editor { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1rem; align-items: start; }
    aside { position: sticky; top: 1rem; }
    form { display: grid; gap: 1.1rem; }
    fieldset { display: grid; gap: 0.3rem; }
    .choice { display: flex; align-items: baseline; gap: 0.45rem; font-weight: 450; }
    .choice .muted { font-size: 0.85rem; }
    .inline { display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; }
    .narrow input { width: 8rem; }
    .applies { margin: 0; padding: 0.6rem 0.8rem; border-radius: var(--radius); background: var(--accent-soft); font-size: 0.9rem; }
    .actions { display: flex; gap: 0.5rem; }
    @media (max-width: 64rem) { .editor { grid-template-columns: 1fr; } aside { position: static; } }
  `,
})
export class DeploymentEditorPageComponent {
  protected readonly session = inject(SessionService);
  private readonly api = inject(DeploymentsApiService);
  private readonly softwareApi = inject(SoftwareApiService);
  private readonly tenantsApi = inject(TenantsApiService);
  private readonly integrationsApi = inject(IntegrationsApiService);
  private readonly computersApi = inject(ComputersApiService);
  private readonly sessionsApi = inject(SessionsApiService);
  private readonly router = inject(Router);
  private readonly debounceMs = inject(PREVIEW_DEBOUNCE_MS);

  /** The route's `:id`, bound by `withComponentInputBinding()`; absent on /deployments/new. */
  readonly id = input<string | undefined>();

  protected readonly actions = DEPLOYMENT_ACTIONS;
  protected readonly actionLabel = ACTION_LABELS;
  protected readonly enforcements = ENFORCEMENTS;
  protected readonly enforcementLabel = ENFORCEMENT_LABELS;
  protected readonly kinds = COMPUTER_KINDS;
  protected readonly kindLabel = KIND_LABELS;
  protected readonly platformLabel = PLATFORM_LABELS;

  protected readonly state = signal<PageState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly software = signal<SoftwareSummary[]>([]);
  protected readonly tenants = signal<TenantSummary[]>([]);
  protected readonly integrations = signal<IntegrationSummary[]>([]);
  protected readonly saved = signal<DeploymentSummary | null>(null);
  protected readonly savedComputer = signal<ComputerSummary | null>(null);
  protected readonly busy = signal(false);
  protected readonly starting = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly messageIsError = signal(false);
  protected readonly runLink = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly serverErrors = signal<Record<string, string>>({});
  private readonly submitted = signal(false);

  protected readonly previewState = signal<PreviewState>('incomplete');
  protected readonly preview = signal<DeploymentPreview | null>(null);
  protected readonly previewError = signal<string | null>(null);

  protected readonly form = buildDeploymentForm(inject(NonNullableFormBuilder));
  protected readonly value = signal(this.form.getRawValue());
  protected readonly draft = computed(() => toInput(this.value()));
  /** The saved deployment as the form would send it: the draft differs from it once something changed. */
  private readonly savedDraft = signal<string | null>(null);
  protected readonly dirty = computed(() => !!this.saved() && JSON.stringify(this.draft()) !== this.savedDraft());
  protected readonly chosenSoftware = computed(() => this.software().find((s) => s.id === this.value().softwareId) ?? null);

  private readonly question = computed<Question>(() => {
    const draft = this.draft();
    if (!draft) return null;
    const saved = this.saved();
    const json = JSON.stringify(draft);
    // The key holds the saved content too: after a save, the saved deployment is asked about afresh.
    if (saved && json === this.savedDraft()) return { kind: 'saved', id: saved.id, key: `saved:${json}` };
    // Notes change nothing on any computer: leaving them out spares a preview per keystroke.
    const { notes: _notes, ...rest } = draft;
    const body: DeploymentPreviewRequest = saved ? { ...rest, id: saved.id } : rest;
    return { kind: 'draft', body, key: JSON.stringify(body) };
  });

  constructor() {
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.value.set(this.form.getRawValue()));
    // A version of the previous software means nothing for this one.
    this.form.controls.softwareId.valueChanges.pipe(takeUntilDestroyed()).subscribe((id) => {
      const versions = this.software().find((s) => s.id === id)?.versions ?? [];
      const version = this.form.controls.version.value;
      if (version !== 'latest' && !versions.some((v) => v.version === version)) this.form.controls.version.setValue('latest');
    });

    // The live preview: the latest complete draft after a pause in typing; switchMap drops the answer to an older draft.
    toObservable(this.question)
      .pipe(
        debounceTime(this.debounceMs),
        distinctUntilChanged((a, b) => (a?.key ?? null) === (b?.key ?? null)),
        switchMap((question): Observable<Answer> => {
          if (!question) return of({ state: 'incomplete' });
          const request = question.kind === 'saved' ? this.api.savedPreview(question.id) : this.api.preview(question.body);
          return request.pipe(
            map((preview): Answer => ({ state: 'ready', preview })),
            catchError((error: unknown) => of<Answer>({ state: 'error', error: describeApiError(error) })),
            startWith<Answer>({ state: 'loading' }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((answer) => {
        this.previewState.set(answer.state);
        if (answer.preview) this.preview.set(answer.preview);
        this.previewError.set(answer.error ?? null);
      });

    effect(() => {
      this.id();
      untracked(() => void this.reload());
    });
  }

  protected async reload(): Promise<void> {
    const id = this.id();
    if (!id && !this.session.isAdmin()) return;
    this.state.set('loading');
    this.message.set(null);
    try {
      const [software, tenants, integrations, saved] = await Promise.all([
        firstValueFrom(this.softwareApi.list()),
        firstValueFrom(this.tenantsApi.list()),
        firstValueFrom(this.integrationsApi.list()),
        id ? firstValueFrom(this.api.get(id)) : Promise.resolve(null),
      ]);
      this.software.set(software);
      this.tenants.set(tenants);
      this.integrations.set(integrations);
      this.showSaved(saved);
      if (!this.session.isAdmin()) this.form.disable();
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

  protected fieldError(field: (typeof FIELDS)[number] | 'target'): string | null {
    const server = this.serverErrors();
    const fromServer = field === 'target' ? Object.entries(server).find(([f]) => f === 'target' || f.startsWith('target.'))?.[1] : server[field];
    if (fromServer) return fromServer;
    if (!this.submitted()) return null;
    const v = this.value();
    if (field === 'softwareId' && !v.softwareId) return 'Choose the software.';
    if (field === 'priority' && !Number.isInteger(v.priority === null || `${v.priority}` === '' ? NaN : Number(v.priority))) return 'A whole number, e.g. 100.';
    if (field === 'target' && !this.draft() && v.softwareId) return this.missingTarget();
    return null;
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.formError.set(null);
    this.message.set(null);
    const input = this.draft();
    if (!input || this.busy()) {
      if (!input) this.formError.set('Complete the fields below.');
      return;
    }
    this.busy.set(true);
    try {
      const saved = this.saved();
      if (saved) {
        this.showSaved(await firstValueFrom(this.api.update(saved.id, input)));
        this.say('Saved. It applies from the next maintenance session.', false);
      } else {
        const created = await firstValueFrom(this.api.create(input));
        await this.router.navigate(['/deployments', created.id]);
      }
    } catch (error) {
      const { fields, message } = formErrors(
        error,
        (f) => (FIELDS as readonly string[]).includes(f) || f === 'target' || f.startsWith('target.') || f.startsWith('computerKinds'),
        'Only an administrator can change deployments.',
      );
      for (const f of Object.keys(fields)) {
        if (f.startsWith('computerKinds')) fields['computerKinds'] ??= fields[f] ?? '';
      }
      this.serverErrors.set(fields);
      this.formError.set(message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async runNow(d: DeploymentSummary): Promise<void> {
    if (this.starting()) return;
    this.starting.set(true);
    this.message.set(null);
    try {
      const { sessions, skipped } = await firstValueFrom(this.sessionsApi.start({ deploymentId: d.id }));
      const started = `Started ${sessions.length} maintenance ${sessions.length === 1 ? 'session' : 'sessions'}`;
      const left = skipped.length ? `; skipped ${skipped.length} (${[...new Set(skipped.map((s) => s.reason))].join('; ')})` : '';
      this.say(sessions.length || skipped.length ? `${started}${left}.` : 'It wins on no computer today: no session started.', false);
      this.runLink.set(sessions.length > 0);
    } catch (error) {
      this.say(`Could not start the sessions. ${describeApiError(error)}`, true);
    } finally {
      this.starting.set(false);
    }
  }

  protected async remove(d: DeploymentSummary): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      await firstValueFrom(this.api.remove(d.id));
      await this.router.navigate(['/deployments']);
    } catch (error) {
      this.say(`Could not delete the deployment. ${describeApiError(error)}`, true);
    } finally {
      this.busy.set(false);
    }
  }

  private say(text: string, isError: boolean): void {
    this.message.set(text);
    this.messageIsError.set(isError);
    this.runLink.set(false);
  }

  private missingTarget(): string {
    switch (this.value().target.kind) {
      case 'tenant':
        return 'Choose the tenant.';
      case 'computer':
        return 'Search for the computer and pick it.';
      case 'contractType':
        return 'Choose the Halo link and tick at least one contract type.';
      case 'recurringItem':
        return 'Choose the Halo link and tick at least one recurring item.';
      default:
        return 'Choose where it applies.';
    }
  }

  private showSaved(saved: DeploymentSummary | null): void {
    this.saved.set(saved);
    if (!saved) return;
    const value = formValueOf(saved);
    this.form.reset(value);
    this.value.set(this.form.getRawValue());
    this.savedDraft.set(JSON.stringify(toInput(value)));
    this.submitted.set(false);
    const target = saved.target;
    if (target.kind === 'computer' && this.savedComputer()?.id !== target.computerId) void this.loadComputer(target.computerId);
  }

  private async loadComputer(id: string): Promise<void> {
    try {
      this.savedComputer.set(await firstValueFrom(this.computersApi.get(id)));
    } catch {
      // The picker then shows a search box; the saved target still stands.
    }
  }
}
