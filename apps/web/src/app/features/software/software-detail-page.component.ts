import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { DEFAULT_SCRIPT_TIMEOUT_SECONDS, SLUG_PATTERN, type SoftwareSummary, type SoftwareVersion, type UpdateSoftwareRequest } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError, isMissingRecord } from '../../core/api';
import { formErrors } from '../../core/form-errors';
import { SessionService } from '../../core/session.service';
import { ConfirmButtonComponent } from '../../shared/confirm-button.component';
import { PageStateComponent, type PageState } from '../../shared/page-state.component';
import { SoftwareApiService } from './software-api.service';
import { PLATFORM_LABELS, shellLabel } from './software-display';
import { SoftwareVersionFormComponent } from './software-version-form.component';

const FIELDS = ['name', 'slug', 'vendor', 'notes'] as const;
type Field = (typeof FIELDS)[number];

/** One software: its details, and its versions with their scripts. Admins edit both. */
@Component({
  selector: 'ent-software-detail-page',
  imports: [DatePipe, ReactiveFormsModule, RouterLink, ConfirmButtonComponent, SoftwareVersionFormComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ent-page-state [state]="state()" what="the software" [error]="error()" (retry)="reload()"
      notFoundTestId="software-not-found" notFoundText="This software does not exist (any more)."
      backLink="/software" backLabel="Back to the software">
      <ng-template>
        @if (software(); as s) {
          <header class="page-header">
            <div>
              <p class="crumbs"><a routerLink="/software">Software</a> ›</p>
              <h1>{{ s.name }}</h1>
              <p class="muted"><code>{{ s.slug }}</code> · {{ platform[s.platform] }} · scripts in {{ shell(s) }}</p>
            </div>
            @if (session.isAdmin()) {
              <ent-confirm-button label="Delete software" [question]="'Delete ' + s.name + ' and its versions?'" confirmLabel="Delete"
                [busy]="deleting()" (confirmed)="remove(s)" />
            }
          </header>
          @if (message(); as text) {
            <div class="alert alert-error banner" role="alert" data-testid="software-message">{{ text }}</div>
          }

          <section class="panel section" aria-labelledby="details-heading">
            <div class="section-head">
              <h2 id="details-heading">Details</h2>
              @if (session.isAdmin() && !editing()) {
                <button type="button" class="button" (click)="startEdit(s)">Edit</button>
              }
            </div>
            @if (editing()) {
              <form [formGroup]="form" (ngSubmit)="saveDetails(s)" novalidate aria-label="Edit the software">
                @if (formError(); as text) {
                  <div class="alert alert-error" role="alert" data-testid="form-error">{{ text }}</div>
                }
                @for (f of fields; track f.name) {
                  <div class="field">
                    <label [for]="'software-' + f.name">{{ f.label }}</label>
                    @if (f.name === 'notes') {
                      <textarea [id]="'software-' + f.name" rows="3" [formControlName]="f.name" [attr.aria-invalid]="!!fieldError(f.name)"
                        [attr.aria-describedby]="fieldError(f.name) ? 'software-' + f.name + '-error' : null"></textarea>
                    } @else {
                      <input [id]="'software-' + f.name" type="text" autocomplete="off" [formControlName]="f.name" [attr.aria-invalid]="!!fieldError(f.name)"
                        [attr.aria-describedby]="fieldError(f.name) ? 'software-' + f.name + '-error' : null" />
                    }
                    @if (fieldError(f.name); as text) { <p class="field-error" [id]="'software-' + f.name + '-error'">{{ text }}</p> }
                  </div>
                }
                <div class="actions">
                  <button type="button" class="button" (click)="editing.set(false)">Cancel</button>
                  <button type="submit" class="button button-primary" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save' }}</button>
                </div>
              </form>
            } @else {
              <dl class="facts">
                <dt>Vendor</dt><dd>{{ s.vendor ?? '—' }}</dd>
                <dt>Platform</dt><dd>{{ platform[s.platform] }}</dd>
                <dt>Deployments</dt>
                <dd>{{ s.deploymentCount }}
                  @if (s.deploymentCount) { <a routerLink="/deployments">see the deployments</a> }
                </dd>
                <dt>Notes</dt><dd class="notes">{{ s.notes ?? '—' }}</dd>
                <dt>Added</dt><dd>{{ s.createdAt | date: 'yyyy-MM-dd HH:mm' }}</dd>
              </dl>
            }
          </section>

          <section class="panel section" aria-labelledby="versions-heading">
            <div class="section-head">
              <h2 id="versions-heading">Versions</h2>
              @if (session.isAdmin() && versionForm() === null) {
                <button type="button" class="button button-primary" (click)="versionForm.set('new')">Add a version</button>
              }
            </div>
            @if (versionForm() === 'new') {
              <div class="version-form">
                <ent-software-version-form [softwareId]="s.id" [platform]="s.platform" (saved)="versionSaved($event)" (cancelled)="versionForm.set(null)" />
              </div>
            }
            @if (s.versions.length === 0) {
              <p class="muted" data-testid="no-versions">No version yet: deployments of {{ s.name }} install nothing until it has one.</p>
            } @else {
              <div class="table-wrap">
                <table class="table" aria-label="Versions">
                  <thead>
                    <tr>
                      <th scope="col">Version</th>
                      <th scope="col">Timeout</th>
                      <th scope="col">Added</th>
                      <th scope="col"><span class="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (v of s.versions; track v.id) {
                      <tr [attr.data-version]="v.version">
                        <td>{{ v.version }} @if (v.version === s.latestVersion) { <span class="badge badge-success">latest</span> }</td>
                        <td>{{ v.timeoutSeconds ?? defaultTimeout }} s</td>
                        <td class="nowrap">{{ v.createdAt | date: 'yyyy-MM-dd HH:mm' }}</td>
                        <td class="row-actions">
                          <button type="button" class="button button-ghost" (click)="toggleScripts(v.id)" [attr.aria-expanded]="shown() === v.id">
                            {{ shown() === v.id ? 'Hide scripts' : 'Scripts' }}
                          </button>
                          @if (session.isAdmin()) {
                            <button type="button" class="button button-ghost" (click)="versionForm.set(v.id)">Edit</button>
                            <ent-confirm-button label="Delete" [ghost]="true" [question]="'Delete version ' + v.version + '?'" confirmLabel="Delete"
                              [busy]="deleting()" (confirmed)="removeVersion(s, v)" />
                          }
                        </td>
                      </tr>
                      @if (versionForm() === v.id) {
                        <tr><td colspan="4">
                          <ent-software-version-form [softwareId]="s.id" [platform]="s.platform" [existing]="v" (saved)="versionSaved($event)" (cancelled)="versionForm.set(null)" />
                        </td></tr>
                      } @else if (shown() === v.id) {
                        <tr class="scripts" [attr.data-scripts]="v.version"><td colspan="4">
                          <h3>Install ({{ shell(s) }})</h3><pre class="code">{{ v.installScript }}</pre>
                          <h3>Uninstall ({{ shell(s) }})</h3><pre class="code">{{ v.uninstallScript }}</pre>
                          <h3>Detection ({{ shell(s) }})</h3><pre class="code">{{ v.detectionScript }}</pre>
                        </td></tr>
                      }
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
    form { display: grid; gap: 1rem; max-width: 36rem; }
    .actions { display: flex; gap: 0.5rem; }
    .facts { display: grid; grid-template-columns: 9rem 1fr; gap: 0.4rem 1rem; margin: 0; }
    .facts dt { color: var(--muted); font-size: 0.88rem; }
    .facts dd { margin: 0; }
    .notes { white-space: pre-wrap; }
    .version-form { border: 1px solid var(--border); border-radius: var(--radius); padding: 1rem; margin-bottom: 1rem; }
    .row-actions { display: flex; justify-content: flex-end; flex-wrap: wrap; gap: 0.25rem; }
    .scripts h3 { font-size: 0.85rem; margin: 0.5rem 0 0.25rem; }
  `,
})
export class SoftwareDetailPageComponent {
  protected readonly session = inject(SessionService);
  private readonly api = inject(SoftwareApiService);
  private readonly router = inject(Router);

  /** The route's `:id`, bound by `withComponentInputBinding()`. */
  readonly id = input.required<string>();

  protected readonly platform = PLATFORM_LABELS;
  protected readonly defaultTimeout = DEFAULT_SCRIPT_TIMEOUT_SECONDS;
  protected readonly fields: readonly { name: Field; label: string }[] = [
    { name: 'name', label: 'Name' },
    { name: 'slug', label: 'Slug' },
    { name: 'vendor', label: 'Vendor' },
    { name: 'notes', label: 'Notes' },
  ];
  protected readonly state = signal<PageState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly software = signal<SoftwareSummary | null>(null);
  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly deleting = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  /** 'new', a version id being edited, or null. */
  protected readonly versionForm = signal<string | null>(null);
  protected readonly shown = signal<string | null>(null);
  private readonly serverErrors = signal<Partial<Record<Field, string>>>({});
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    slug: ['', [Validators.required, Validators.pattern(SLUG_PATTERN)]],
    vendor: [''],
    notes: [''],
  });

  constructor() {
    effect(() => {
      this.id();
      untracked(() => {
        this.editing.set(false);
        this.versionForm.set(null);
        void this.reload();
      });
    });
  }

  protected shell(s: SoftwareSummary): string {
    return shellLabel(s.platform);
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      this.software.set(await firstValueFrom(this.api.get(this.id())));
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

  protected startEdit(s: SoftwareSummary): void {
    this.form.setValue({ name: s.name, slug: s.slug, vendor: s.vendor ?? '', notes: s.notes ?? '' });
    this.submitted.set(false);
    this.serverErrors.set({});
    this.formError.set(null);
    this.editing.set(true);
  }

  protected fieldError(field: Field): string | null {
    const server = this.serverErrors()[field];
    if (server) return server;
    if (!this.submitted()) return null;
    const control = this.form.controls[field];
    if (control.hasError('required')) return field === 'name' ? 'Give the software a name.' : 'Give it a slug, e.g. sentinelone.';
    if (control.hasError('pattern')) return 'Use lower-case letters, digits and dashes, starting with a letter or digit.';
    return null;
  }

  protected async saveDetails(s: SoftwareSummary): Promise<void> {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.formError.set(null);
    if (this.form.invalid || this.busy()) return;
    const value = this.form.getRawValue();
    const body: UpdateSoftwareRequest = {
      name: value.name.trim(),
      slug: value.slug.trim(),
      vendor: value.vendor.trim() || null,
      notes: value.notes.trim() || null,
    };
    this.busy.set(true);
    try {
      this.software.set(await firstValueFrom(this.api.update(s.id, body)));
      this.editing.set(false);
    } catch (error) {
      const { fields, message } = formErrors(error, (f) => (FIELDS as readonly string[]).includes(f), 'Only an administrator can change software.');
      this.serverErrors.set(fields);
      this.formError.set(message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(s: SoftwareSummary): Promise<void> {
    this.deleting.set(true);
    this.message.set(null);
    try {
      await firstValueFrom(this.api.remove(s.id));
      await this.router.navigate(['/software']);
    } catch (error) {
      // A 409 says which deployments hold it, in the API's words.
      this.message.set(`Could not delete ${s.name}. ${describeApiError(error)}`);
    } finally {
      this.deleting.set(false);
    }
  }

  protected toggleScripts(versionId: string): void {
    this.shown.update((shown) => (shown === versionId ? null : versionId));
  }

  protected versionSaved(software: SoftwareSummary): void {
    this.software.set(software);
    this.versionForm.set(null);
  }

  protected async removeVersion(s: SoftwareSummary, v: SoftwareVersion): Promise<void> {
    this.deleting.set(true);
    this.message.set(null);
    try {
      this.software.set(await firstValueFrom(this.api.removeVersion(s.id, v.id)));
    } catch (error) {
      this.message.set(`Could not delete version ${v.version}. ${describeApiError(error)}`);
    } finally {
      this.deleting.set(false);
    }
  }
}
